/**
 * Rate limits and failed-attempt throttles counted in Redis ({@link dev.latchkey.redis.RedisRateLimiter}),
 * and revocations shared through Redis ({@link dev.latchkey.redis.RedisRevocations}).
 */
package dev.latchkey.redis;
