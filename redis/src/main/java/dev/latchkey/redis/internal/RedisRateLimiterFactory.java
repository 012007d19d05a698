package dev.latchkey.redis.internal;

import dev.latchkey.config.RateLimiterFactory;
import dev.latchkey.config.Settings;
import dev.latchkey.policy.RateLimiter;
import dev.latchkey.redis.RedisRateLimiter;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Makes a {@link RedisRateLimiter} from {@code backend: {type: redis, url: ${REDIS_URL}, mode: exact,
 * on_failure: allow | deny | local, timeout: 50ms, key_prefix: latchkey}}. The URL is read as a secret:
 * problems name the setting, and an unreachable server is reported by host and port only. Stateless.
 */
public final class RedisRateLimiterFactory implements RateLimiterFactory {
  /** How long {@code config validate} waits for Redis to answer. */
  private static final Duration REACHABLE_WITHIN = Duration.ofSeconds(2);

  /** For {@link java.util.ServiceLoader}. */
  public RedisRateLimiterFactory() {}

  @Override
  public String type() {
    return "redis";
  }

  @Override
  public Optional<RateLimiter> create(Settings settings, Context context) {
    Optional<String> url = settings.requiredText("url");
    settings.choice("mode", "exact");
    Optional<RedisRateLimiter.OnFailure> onFailure = settings.choice("on_failure", "allow", "deny", "local")
        .map(c -> RedisRateLimiter.OnFailure.valueOf(c.toUpperCase(Locale.ROOT)));
    Optional<Duration> timeout = settings.duration("timeout");
    if (timeout.isPresent() && timeout.get().compareTo(Duration.ofMinutes(1)) > 0) {
      settings.problem("timeout", "must be at most a minute");
      timeout = Optional.empty();
    }
    Optional<String> keyPrefix = settings.text("key_prefix");
    if (keyPrefix.isPresent() && (keyPrefix.get().indexOf('{') >= 0 || keyPrefix.get().indexOf('}') >= 0)) {
      settings.problem("key_prefix", "must not contain braces");
      keyPrefix = Optional.empty();
    }
    if (url.isEmpty()) {
      return Optional.empty();
    }
    RedisRateLimiter.Builder builder;
    try {
      builder = RedisRateLimiter.builder(url.get());
    } catch (IllegalArgumentException e) {
      // The message never quotes the URL.
      settings.problem("url", e.getMessage());
      return Optional.empty();
    }
    builder.clock(context.clock());
    onFailure.ifPresent(builder::onFailure);
    timeout.ifPresent(builder::timeout);
    keyPrefix.ifPresent(builder::keyPrefix);
    RedisRateLimiter limiter = builder.build();
    if (context.checkReachable() && !limiter.reachable(REACHABLE_WITHIN)) {
      settings.problem("url", "names a Redis server that cannot be reached (" + limiter.endpoint() + ")");
    }
    return Optional.of(limiter);
  }
}
