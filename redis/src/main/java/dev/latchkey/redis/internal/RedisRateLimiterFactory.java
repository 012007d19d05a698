package dev.latchkey.redis.internal;

import dev.latchkey.config.RateLimiterFactory;
import dev.latchkey.config.Settings;
import dev.latchkey.policy.RateLimiter;
import dev.latchkey.redis.RedisRateLimiter;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Makes a {@link RedisRateLimiter} from {@code backend: {type: redis, url: ${REDIS_URL}, mode: exact | batched,
 * batch: 10, on_failure: allow | deny | local, timeout: 50ms, key_prefix: latchkey}} ({@code batch} only with
 * {@code mode: batched}). The URL is read as a secret:
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
    Optional<RedisRateLimiter.Mode> mode = settings.choice("mode", "exact", "batched")
        .map(m -> RedisRateLimiter.Mode.valueOf(m.toUpperCase(Locale.ROOT)));
    Optional<Long> batch = settings.number("batch", 1, 1_000_000);
    // A misspelt mode is reported as such, not also as a batch without a mode.
    if (batch.isPresent() && mode.map(m -> m != RedisRateLimiter.Mode.BATCHED).orElse(!settings.has("mode"))) {
      settings.problem("batch", "applies only with mode: batched");
      batch = Optional.empty();
    }
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
    mode.ifPresent(builder::mode);
    batch.ifPresent(b -> builder.batch(b.intValue()));
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
