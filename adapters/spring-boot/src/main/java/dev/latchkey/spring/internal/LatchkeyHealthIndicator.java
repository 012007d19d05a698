package dev.latchkey.spring.internal;

import dev.latchkey.Authenticator;
import dev.latchkey.Health;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The authenticator's {@link Health} as Spring Boot's: {@code UP} and {@code DOWN} as they are,
 * {@code DEGRADED} as the status {@value #DEGRADED} (serving from the last good state); the details, and
 * each source and policy under {@code components} with its own status and details. Instants and
 * durations are written as ISO-8601 text. Never a secret (a Latchkey health carries none); never I/O.
 * Thread-safe.
 */
public final class LatchkeyHealthIndicator implements HealthIndicator {
  /** Spring's status code for Latchkey's {@code DEGRADED}: {@value}. */
  public static final String DEGRADED = "DEGRADED";

  private final Authenticator authenticator;

  /**
   * An indicator of {@code authenticator}'s health.
   *
   * @param authenticator the authenticator
   */
  public LatchkeyHealthIndicator(Authenticator authenticator) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
  }

  @Override
  public org.springframework.boot.health.contributor.Health health() {
    Health health = authenticator.health();
    org.springframework.boot.health.contributor.Health.Builder builder =
        org.springframework.boot.health.contributor.Health.status(status(health.status()));
    details(health).forEach(builder::withDetail);
    return builder.build();
  }

  private static Status status(Health.Status status) {
    return switch (status) {
      case UP -> Status.UP;
      case DOWN -> Status.DOWN;
      case DEGRADED -> new Status(DEGRADED, "serving from the last good state");
    };
  }

  /** The details, then {@code components}: each part's status, details and components, as plain values. */
  private static Map<String, Object> details(Health health) {
    Map<String, Object> details = new LinkedHashMap<>();
    health.details().forEach((name, value) -> details.put(name, plain(value)));
    if (!health.components().isEmpty()) {
      Map<String, Object> components = new LinkedHashMap<>();
      health.components().forEach((name, part) -> {
        Map<String, Object> component = new LinkedHashMap<>();
        component.put("status", part.status().name());
        component.putAll(details(part));
        components.put(name, component);
      });
      details.put("components", components);
    }
    return details;
  }

  private static Object plain(Object value) {
    return value instanceof Instant || value instanceof Duration ? value.toString() : value;
  }
}
