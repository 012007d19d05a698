package dev.latchkey.micrometer;

import dev.latchkey.spi.Reload;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Counts what sources do in the background, from the {@link Reload} outcomes they report to a
 * listener:
 *
 * <ul>
 *   <li>{@value #RELOAD_FAILURES} (tag {@code source}): changes to a file that could not be used, while
 *       the last good keys kept serving, from {@link #reloads(String)};
 *   <li>{@value #REMOTE_KEY_FETCHES} (tags {@code source}, {@code outcome} = {@code changed} or
 *       {@code failed}): fetches of remote keys that brought a new key set or failed, from
 *       {@link #remoteKeyFetches(String)}.
 * </ul>
 *
 * <pre>{@code
 * LatchkeyMetrics metrics = LatchkeyMetrics.on(meterRegistry);
 * JwtKeys keys = JwtKeys.remote(jwksUrl).listener(metrics.remoteKeyFetches("jwt")).build();
 * }</pre>
 *
 * <p>Counters are registered when a listener is made, so they show as zero until something happens.
 * Tags hold the source's id only, never a file's content, a key or a URL. Thread-safe.
 * Rate-limiter fallbacks are counted from the limiter's own count by {@link HealthMetrics}.
 */
public final class LatchkeyMetrics {
  /** Changes to a file that could not be used. */
  public static final String RELOAD_FAILURES = "latchkey.reload.failures";
  /** Fetches of remote keys that changed the key set or failed. */
  public static final String REMOTE_KEY_FETCHES = "latchkey.remote.key.fetches";

  private final MeterRegistry registry;

  private LatchkeyMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Counters registered on {@code registry}.
   *
   * @param registry the host's meter registry
   * @return the counters' factory
   */
  public static LatchkeyMetrics on(MeterRegistry registry) {
    return new LatchkeyMetrics(Objects.requireNonNull(registry, "registry"));
  }

  /**
   * A reload listener for a file-backed source (a JWK set file, a {@code ReloadingFile}) counting each
   * failed reload as {@value #RELOAD_FAILURES}.
   *
   * @param source the source's id, for the {@code source} tag
   * @return the listener
   */
  public Consumer<Reload> reloads(String source) {
    Counter failures = Counter.builder(RELOAD_FAILURES)
        .description("Changes to a key file that could not be used; the last good keys kept serving")
        .tag("source", Objects.requireNonNull(source, "source"))
        .register(registry);
    return outcome -> {
      if (outcome instanceof Reload.Failed) {
        failures.increment();
      }
    };
  }

  /**
   * A listener for remote keys ({@code RemoteJwks.Builder.listener}) counting each fetch that changed
   * the key set or failed as {@value #REMOTE_KEY_FETCHES}.
   *
   * @param source the source's id, for the {@code source} tag
   * @return the listener
   */
  public Consumer<Reload> remoteKeyFetches(String source) {
    Objects.requireNonNull(source, "source");
    Counter changed = fetches(source, "changed");
    Counter failed = fetches(source, "failed");
    return outcome -> {
      if (outcome instanceof Reload.Reloaded) {
        changed.increment();
      } else if (outcome instanceof Reload.Failed) {
        failed.increment();
      }
    };
  }

  private Counter fetches(String source, String outcome) {
    return Counter.builder(REMOTE_KEY_FETCHES)
        .description("Fetches of remote keys that changed the key set or failed")
        .tag("source", source)
        .tag("outcome", outcome)
        .register(registry);
  }
}
