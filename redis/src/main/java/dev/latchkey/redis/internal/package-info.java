/** The Redis limiter's script, circuit breaker and configuration factory; not exported. */
package dev.latchkey.redis.internal;
