/** Rate limits and failed-attempt throttles counted in Redis: {@link dev.latchkey.redis.RedisRateLimiter}. */
package dev.latchkey.redis;
