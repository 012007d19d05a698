package dev.latchkey.redis.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The server-side script behind an exact decision: {@code LocalRateLimiter}'s state and arithmetic for
 * one key (a token bucket's tokens and refill time, a fixed window's end and count), read, decided and
 * written in one atomic step, on Redis's clock ({@code TIME}) unless the caller passes the time.
 * Times are microseconds since the epoch, exact in Lua's doubles.
 *
 * <p>{@code KEYS[1]}: the key's hash. {@code ARGV}: operation ({@code a} acquire, {@code c} check,
 * {@code r} release, {@code l} lease), algorithm ({@code b} token bucket, {@code w} fixed window), permits,
 * period in microseconds, burst, the time in microseconds or an empty string for the server's, and a
 * count (permits to give back or to lease; 1 if absent). A decision answers {@code {allowed 0|1,
 * remaining, retry after in microseconds}}. A lease takes up to the count of the permits available at
 * once and answers {@code {taken, remaining, microseconds until the next permit (0 if one is left),
 * microseconds until the window ends, the window's end}} (the last two 0 for a token bucket).
 *
 * <p>A key expires a second after it would be back to its whole allowance (a full bucket, an ended
 * window), where forgetting it changes nothing; a release that leaves nothing in use deletes it at once.
 */
public final class RateLimitScript {
  /** The script's text. */
  public static final String TEXT = """
      local now
      if ARGV[6] == '' then
        local time = redis.call('TIME')
        now = tonumber(time[1]) * 1000000 + tonumber(time[2])
      else
        now = tonumber(ARGV[6])
      end
      local op, bucket = ARGV[1], ARGV[2] == 'b'
      local permits, period, burst = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
      local s = redis.call('HMGET', KEYS[1], 't', 'u', 'e', 'n')
      local t, u, e, n = tonumber(s[1]), tonumber(s[2]), tonumber(s[3]), tonumber(s[4])
      if t == nil or u == nil or e == nil or n == nil then
        if op ~= 'a' and op ~= 'l' then
          return {1, burst, 0}
        end
        t, u, e, n = burst, now, now + period, 0
      end
      local function save()
        local ttl
        if bucket then
          ttl = math.ceil((burst - t) * period / permits / 1000) + 1000
        else
          ttl = math.ceil(math.max(0, e - now) / 1000) + 1000
        end
        redis.call('HSET', KEYS[1], 't', string.format('%.17g', t), 'u', string.format('%d', u),
          'e', string.format('%d', e), 'n', string.format('%d', n))
        redis.call('PEXPIRE', KEYS[1], ttl)
      end
      local count = tonumber(ARGV[7]) or 1
      if op == 'r' then
        local idle
        if bucket then
          t = math.min(burst, t + count)
          idle = math.min(burst, t + math.max(0, now - u) * permits / period) >= burst
        else
          if now < e then
            n = math.max(0, n - count)
          end
          idle = now >= e or n == 0
        end
        if idle then
          redis.call('DEL', KEYS[1])
        else
          save()
        end
        return {1, 0, 0}
      end
      if op == 'l' then
        local got, wait
        if bucket then
          if now > u then
            t = math.min(burst, t + (now - u) * permits / period)
            u = now
          end
          got = math.max(0, math.min(count, math.floor(t)))
          t = t - got
          wait = 0
          if t < 1 then
            wait = math.max(1, math.ceil((1 - t) * period / permits))
          end
          save()
          return {got, math.floor(t), wait, 0, 0}
        end
        if now >= e then
          e = now + period
          n = 0
        end
        got = math.max(0, math.min(count, permits - n))
        n = n + got
        wait = 0
        if n >= permits then
          wait = e - now
        end
        save()
        return {got, permits - n, wait, e - now, e}
      end
      local take = op == 'a'
      local result
      if bucket then
        if now > u then
          t = math.min(burst, t + (now - u) * permits / period)
          u = now
        end
        if t >= 1 then
          if take then
            t = t - 1
          end
          result = {1, math.floor(t), 0}
        else
          result = {0, 0, math.max(1, math.ceil((1 - t) * period / permits))}
        end
      else
        if now >= e then
          e = now + period
          n = 0
        end
        if n < permits then
          if take then
            n = n + 1
          end
          result = {1, permits - n, 0}
        else
          result = {0, 0, e - now}
        end
      end
      save()
      return result
      """;

  /** The SHA-1 Redis caches the script under. */
  public static final String SHA1 = sha1(TEXT);

  private RateLimitScript() {}

  private static String sha1(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder(40);
      for (byte b : digest) {
        hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-1", e);
    }
  }
}
