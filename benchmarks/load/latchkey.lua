-- wrk script for benchmarks/run. Every endpoint goes through the same path: requests are formatted
-- once, up front, and request() hands out the next one, so wrk's own cost is the same whatever the
-- credential. LATCHKEY_CREDENTIALS names a file of credentials, one a line, sent as Bearer tokens in
-- turn (none for the unauthenticated baseline). done() prints one JSON line of results.
local prepared = {}
local file = os.getenv("LATCHKEY_CREDENTIALS")
if file and file ~= "" then
  for line in io.lines(file) do
    if line ~= "" then
      prepared[#prepared + 1] = wrk.format("GET", nil, { ["Authorization"] = "Bearer " .. line })
    end
  end
end
if #prepared == 0 then
  prepared[1] = wrk.format("GET")
end
local next_index = 0

request = function()
  next_index = next_index % #prepared + 1
  return prepared[next_index]
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
