package dev.latchkey.redis.internal;

import dev.latchkey.config.RevocationsFactory;
import dev.latchkey.config.Settings;
import dev.latchkey.redis.RedisRevocations;
import dev.latchkey.revocation.Revocations;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Makes a {@link RedisRevocations} from {@code revocations: {type: redis, url: ${REDIS_URL}, mode:
 * pubsub | poll, on_failure: serve | deny, timeout: 1s, resync_interval: 30s, stale_after: 90s,
 * key_prefix: latchkey}}. The URL is read as a secret: problems name the setting, and an unreachable
 * server is reported by host and port only. Stateless.
 */
public final class RedisRevocationsFactory implements RevocationsFactory {
  /** How long {@code config validate} waits for Redis to answer. */
  private static final Duration REACHABLE_WITHIN = Duration.ofSeconds(2);

  /** For {@link java.util.ServiceLoader}. */
  public RedisRevocationsFactory() {}

  @Override
  public String type() {
    return "redis";
  }

  @Override
  public Optional<Revocations> create(Settings settings, Context context) {
    Optional<String> url = settings.requiredText("url");
    Optional<RedisRevocations.Mode> mode = settings.choice("mode", "pubsub", "poll")
        .map(c -> RedisRevocations.Mode.valueOf(c.toUpperCase(Locale.ROOT)));
    Optional<RedisRevocations.OnFailure> onFailure = settings.choice("on_failure", "serve", "deny")
        .map(c -> RedisRevocations.OnFailure.valueOf(c.toUpperCase(Locale.ROOT)));
    Optional<Duration> timeout = atMost(settings, "timeout", Duration.ofMinutes(1), "a minute");
    Optional<Duration> resync = atMost(settings, "resync_interval", Duration.ofDays(1), "a day");
    Optional<Duration> staleAfter = atMost(settings, "stale_after", Duration.ofDays(1), "a day");
    if (staleAfter.isPresent() && onFailure.filter(RedisRevocations.OnFailure.DENY::equals).isEmpty()) {
      settings.problem("stale_after", "applies with on_failure: deny only");
    }
    Optional<String> keyPrefix = settings.text("key_prefix");
    if (keyPrefix.isPresent() && (keyPrefix.get().isEmpty() || keyPrefix.get().indexOf('{') >= 0 || keyPrefix.get().indexOf('}') >= 0)) {
      settings.problem("key_prefix", "must be non-empty and have no braces");
      keyPrefix = Optional.empty();
    }
    if (url.isEmpty()) {
      return Optional.empty();
    }
    RedisRevocations.Builder builder;
    try {
      builder = RedisRevocations.builder(url.get());
    } catch (IllegalArgumentException e) {
      // The message never quotes the URL.
      settings.problem("url", e.getMessage());
      return Optional.empty();
    }
    builder.clock(context.clock());
    mode.ifPresent(builder::mode);
    onFailure.ifPresent(builder::onFailure);
    timeout.ifPresent(builder::timeout);
    resync.ifPresent(builder::resyncInterval);
    staleAfter.ifPresent(builder::staleAfter);
    keyPrefix.ifPresent(builder::keyPrefix);
    RedisRevocations revocations = builder.build();
    if (context.checkReachable() && !revocations.reachable(REACHABLE_WITHIN)) {
      settings.problem("url", "names a Redis server that cannot be reached (" + revocations.endpoint() + ")");
    }
    return Optional.of(revocations);
  }

  /** A positive duration of at most {@code max}, or empty with the problem recorded. */
  private static Optional<Duration> atMost(Settings settings, String name, Duration max, String maxText) {
    Optional<Duration> value = settings.duration(name);
    if (value.isPresent() && (value.get().isZero() || value.get().compareTo(max) > 0)) {
      settings.problem(name, "must be positive and at most " + maxText);
      return Optional.empty();
    }
    return value;
  }
}
