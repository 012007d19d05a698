/**
 * Latchkey Redis counters: {@link dev.latchkey.redis.RedisRateLimiter} counts rate limits and failed
 * attempts in Redis, so every replica of a service shares one count per key. Chain configurations
 * choose it with {@code backend: {type: redis, url: …}}. {@link dev.latchkey.redis.RedisRevocations}
 * shares revocations between replicas ({@code revocations: {type: redis, url: …}}). Depends on Lettuce; implementation packages
 * ({@code dev.latchkey.redis.internal}) are not exported.
 */
module dev.latchkey.redis {
  requires transitive dev.latchkey.core;
  requires lettuce.core;
  requires org.slf4j;

  exports dev.latchkey.redis;

  provides dev.latchkey.config.RateLimiterFactory with
      dev.latchkey.redis.internal.RedisRateLimiterFactory;
  provides dev.latchkey.config.RevocationsFactory with
      dev.latchkey.redis.internal.RedisRevocationsFactory;
}
