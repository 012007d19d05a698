-- wrk script for benchmarks/run: sends the credential named by LATCHKEY_CREDENTIALS (a file, one per
-- line, rotated through; none for the baseline) and prints one JSON line of results at the end.
local credentials = {}
local file = os.getenv("LATCHKEY_CREDENTIALS")
if file and file ~= "" then
  for line in io.lines(file) do
    if line ~= "" then credentials[#credentials + 1] = line end
  end
end
local next_index = 0

request = function()
  if #credentials == 0 then
    return wrk.format("GET")
  end
  next_index = next_index % #credentials + 1
  return wrk.format("GET", nil, { ["Authorization"] = "Bearer " .. credentials[next_index] })
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"rps":%.1f,"errors":%d,"non2xx":%d,' ..
    '"mean_us":%.1f,"p50_us":%d,"p90_us":%d,"p99_us":%d,"p999_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    e.connect + e.read + e.write + e.timeout, e.status,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max))
end
