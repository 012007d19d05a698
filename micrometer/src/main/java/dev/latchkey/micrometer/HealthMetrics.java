package dev.latchkey.micrometer;

import dev.latchkey.Authenticator;
import dev.latchkey.Health;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import java.util.Objects;

/**
 * An authenticator's {@link Authenticator#health() health} as meters:
 *
 * <ul>
 *   <li>{@value #HEALTH} (tag {@code component}): {@code 0} up, {@code 1} degraded, {@code 2} down, for
 *       the authenticator as a whole ({@code component=latchkey}) and for each source and policy by the
 *       name its health lists it under;
 *   <li>{@value #FALLBACKS} (tag {@code component}): for each component whose health counts
 *       {@code fallbacks} (the Redis rate limiter), how many decisions its fallback made while Redis did
 *       not answer.
 * </ul>
 *
 * <p>The components are those the authenticator lists when bound. Each reading asks
 * {@link Authenticator#health()}, which never does I/O. Thread-safe.
 */
public final class HealthMetrics implements MeterBinder {
  /** The gauge of each component's status. */
  public static final String HEALTH = "latchkey.health";
  /** The rate-limiter fallbacks of each component that counts them. */
  public static final String FALLBACKS = "latchkey.rate.limiter.fallbacks";
  /** The {@code component} tag of the authenticator as a whole. */
  public static final String WHOLE = "latchkey";

  private final Authenticator authenticator;

  /**
   * Meters of {@code authenticator}'s health.
   *
   * @param authenticator the authenticator
   */
  public HealthMetrics(Authenticator authenticator) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
  }

  /**
   * Registers the gauges and counters on {@code registry}.
   *
   * @param registry the host's meter registry
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    gauge(registry, WHOLE, a -> a.health());
    for (Map.Entry<String, Health> component : authenticator.health().components().entrySet()) {
      String name = component.getKey();
      gauge(registry, name, a -> a.health().components().getOrDefault(name, Health.up()));
      if (component.getValue().details().get("fallbacks") instanceof Number) {
        FunctionCounter.builder(FALLBACKS, authenticator, a -> fallbacks(a, name))
            .description("Rate-limit decisions made by the fallback while the shared counter did not answer")
            .tag("component", name)
            .register(registry);
      }
    }
  }

  private void gauge(MeterRegistry registry, String component, java.util.function.Function<Authenticator, Health> health) {
    Gauge.builder(HEALTH, authenticator, a -> severity(health.apply(a).status()))
        .description("Health: 0 up, 1 degraded, 2 down")
        .tag("component", component)
        .register(registry);
  }

  /**
   * The gauge value of {@code status}.
   *
   * @param status a status
   * @return 0 for up, 1 for degraded, 2 for down
   */
  static double severity(Health.Status status) {
    return status.ordinal();
  }

  private static double fallbacks(Authenticator authenticator, String component) {
    Health health = authenticator.health().components().get(component);
    return health != null && health.details().get("fallbacks") instanceof Number n ? n.doubleValue() : 0;
  }
}
