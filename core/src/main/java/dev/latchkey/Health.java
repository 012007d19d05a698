package dev.latchkey;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How well a part of Latchkey serves right now: a {@link Status}, details that explain it, and the
 * health of the parts it is made of. {@link Authenticator#health()} answers with one {@code Health}
 * whose components are its sources (by id) and its policies ({@code policies.rate_limits},
 * {@code policies.failed_attempts}), its status the worst of theirs.
 *
 * <p>Details are plain values a person or a monitoring system reads: how many keys are loaded, which
 * file failed to reload and where ({@code file:line}), when remote keys were last fetched, whether
 * Redis answers. They never carry a secret, a key, a hash or a URL's password; only strings, numbers,
 * booleans, instants and durations are accepted.
 *
 * <p>Immutable and thread-safe; the maps keep the order they were given in.
 *
 * @param status how well it serves
 * @param details what explains the status, by name (such as {@code keys}, {@code last_failure}); never
 *     a secret
 * @param components the health of each part, by name; empty for a part that has none
 */
public record Health(Status status, Map<String, Object> details, Map<String, Health> components) {

  /** How well a part serves, from best to worst. */
  public enum Status {
    /** Serving as configured. */
    UP,
    /**
     * Serving, but not as configured: the last good keys after a failed reload or an outage, a rate
     * limit decided by its fallback while Redis does not answer.
     */
    DEGRADED,
    /** Not serving: nothing good to fall back on (remote keys never fetched, or expired in an outage). */
    DOWN;

    /**
     * The worse of this status and {@code other}.
     *
     * @param other another status; never null
     * @return {@code DOWN} if either is, else {@code DEGRADED} if either is, else {@code UP}
     */
    public Status worst(Status other) {
      return compareTo(Objects.requireNonNull(other, "other")) >= 0 ? this : other;
    }
  }

  /**
   * Copies the maps (keeping their order) and checks every detail is a plain value.
   *
   * @param status how well it serves
   * @param details what explains the status, by name; values are {@link String}s, {@link Number}s,
   *     {@link Boolean}s, {@link Instant}s or {@link Duration}s
   * @param components the health of each part, by name
   * @throws IllegalArgumentException if a detail is of another type
   */
  public Health {
    Objects.requireNonNull(status, "status");
    details = copy(details, "details");
    components = copy(components, "components");
    for (Map.Entry<String, Object> detail : details.entrySet()) {
      Object value = detail.getValue();
      if (!(value instanceof String || value instanceof Number || value instanceof Boolean
          || value instanceof Instant || value instanceof Duration)) {
        throw new IllegalArgumentException("the health detail '" + detail.getKey() + "' is a "
            + value.getClass().getName() + "; details are strings, numbers, booleans, instants or durations");
      }
    }
  }

  private static <V> Map<String, V> copy(Map<String, V> map, String what) {
    Objects.requireNonNull(map, what);
    Map<String, V> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "a name in " + what), Objects.requireNonNull(v, what + " '" + k + "'")));
    return copy.isEmpty() ? Map.of() : Collections.unmodifiableMap(copy);
  }

  /**
   * Up, with nothing to add: what a part that does not report its health is taken to be.
   *
   * @return an {@code UP} health without details or components
   */
  public static Health up() {
    return new Health(Status.UP, Map.of(), Map.of());
  }

  /**
   * A health with {@code details} and no components.
   *
   * @param status how well it serves
   * @param details what explains it, by name, in order; never a secret
   * @return the health
   */
  public static Health of(Status status, Map<String, Object> details) {
    return new Health(status, details, Map.of());
  }

  /**
   * A whole made of {@code components}: the worst of their statuses ({@code UP} when there are none),
   * without details of its own.
   *
   * @param components the health of each part, by name, in order
   * @return the aggregate
   */
  public static Health aggregate(Map<String, Health> components) {
    Status worst = Status.UP;
    for (Health component : components.values()) {
      worst = worst.worst(component.status());
    }
    return new Health(worst, Map.of(), components);
  }

  /**
   * This health with one more detail, after the others (replacing one of the same name).
   *
   * @param name the detail's name
   * @param value a plain value; never a secret
   * @return a new health; this one is unchanged
   */
  public Health withDetail(String name, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(details);
    more.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return new Health(status, more, components);
  }

  /**
   * This health, no better than {@code floor}: for a part that knows of trouble its components do not.
   *
   * @param floor the best status the result may have
   * @return a new health with the worse of the two statuses
   */
  public Health atMost(Status floor) {
    return new Health(status.worst(floor), details, components);
  }
}
