package dev.latchkey.micrometer;

import dev.latchkey.AuthEvent;
import dev.latchkey.AuthListener;
import dev.latchkey.CredentialCarrier;
import dev.latchkey.Reason;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reports every decision an {@link dev.latchkey.Authenticator} makes to Micrometer, in one of two ways:
 *
 * <ul>
 *   <li>{@link #observing(ObservationRegistry)} publishes the observation {@value #OBSERVATION}, for the
 *       host's registry to turn into a timer, a span or a log line through its handlers;
 *   <li>{@link #timing(MeterRegistry)} records the timer {@value #OBSERVATION} directly, with the
 *       decision's own duration ({@link AuthEvent#duration()}): the cheaper way when only metrics are
 *       wanted. Use one or the other on one meter registry, not both.
 * </ul>
 *
 * <p>Low-cardinality key values (metric tags), each always present:
 *
 * <ul>
 *   <li>{@code outcome}: {@code authenticated} or {@code denied};
 *   <li>{@code reason}: the {@link Reason} of a denial in lower case (such as {@code invalid_credential}),
 *       {@code none} when authenticated;
 *   <li>{@code status}: the HTTP status of a denial (such as {@code 401}), {@code none} when
 *       authenticated;
 *   <li>{@code source}: the id of the source that accepted or rejected the credential, {@code none} when
 *       no source decided;
 *   <li>{@code carrier}: where the credential was found: {@code bearer}, {@code basic},
 *       {@code header:<name in lower case>}, {@code query:<name>}, or {@code none}.
 * </ul>
 *
 * <p>The one high-cardinality key value is {@code credential.fingerprint}, the presented credential's
 * {@link dev.latchkey.Secret#fingerprint() fingerprint}, for spans only (a meter handler never makes it
 * a tag). Never a principal name, a key id, a client address or a secret.
 *
 * <p>An observation is made when the decision is reported, after it was taken, so a timer a meter
 * handler makes of it counts decisions by their tags; its time is the publishing, not the decision.
 * {@link #timing(MeterRegistry)} records the decision's own time. Nothing is done for a no-op
 * registry.
 *
 * <p>Thread-safe; the key values (or the timer) of each combination of tags are made once and reused.
 */
public final class MicrometerAuthListener implements AuthListener {
  /** The observation's name. */
  public static final String OBSERVATION = "latchkey.authentications";
  /** The contextual name spans get. */
  public static final String CONTEXTUAL_NAME = "latchkey authentication";
  /** The high-cardinality key value holding the credential's fingerprint. */
  public static final String FINGERPRINT = "credential.fingerprint";
  private static final String NONE = "none";
  /** More combinations than any configuration makes: past it, key values are made each time. */
  private static final int MAX_CACHED = 4096;

  private final Optional<ObservationRegistry> observations;
  private final Optional<MeterRegistry> meters;
  /** Key values ({@link #observing}) or timers ({@link #timing}) by the tags they stand for. */
  private final ConcurrentHashMap<Tags, Object> made = new ConcurrentHashMap<>();

  private MicrometerAuthListener(Optional<ObservationRegistry> observations, Optional<MeterRegistry> meters) {
    this.observations = observations;
    this.meters = meters;
  }

  /**
   * A listener publishing the observation {@value #OBSERVATION} to {@code registry}.
   *
   * @param registry the host's observation registry
   * @return the listener; add it with {@link dev.latchkey.Latchkey.Builder#listener}
   */
  public static MicrometerAuthListener observing(ObservationRegistry registry) {
    return new MicrometerAuthListener(Optional.of(Objects.requireNonNull(registry, "registry")), Optional.empty());
  }

  /**
   * A listener recording the timer {@value #OBSERVATION} in {@code registry}, with the same tags as the
   * observation and each decision's own duration; no spans.
   *
   * @param registry the host's meter registry
   * @return the listener; add it with {@link dev.latchkey.Latchkey.Builder#listener}
   */
  public static MicrometerAuthListener timing(MeterRegistry registry) {
    return new MicrometerAuthListener(Optional.empty(), Optional.of(Objects.requireNonNull(registry, "registry")));
  }

  @Override
  public void onEvent(AuthEvent event) {
    Tags tags = new Tags(
        event.outcome(),
        event.reason().orElse(null),
        event.status().orElse(null),
        event.sourceId().orElse(null),
        event.carrier().orElse(null));
    if (meters.isPresent()) {
      ((Timer) madeFor(tags)).record(event.duration());
      return;
    }
    ObservationRegistry registry = observations.get();
    if (registry.isNoop()) {
      return;
    }
    Observation observation = Observation.createNotStarted(OBSERVATION, registry)
        .contextualName(CONTEXTUAL_NAME)
        .lowCardinalityKeyValues((KeyValues) madeFor(tags));
    Optional<String> fingerprint = event.credentialFingerprint();
    if (fingerprint.isPresent()) {
      observation.highCardinalityKeyValue(FINGERPRINT, fingerprint.get());
    }
    observation.start().stop();
  }

  /**
   * Whether this listener reads the credential's fingerprint: an observing listener does (for spans);
   * a timing one never does, so events need not compute it.
   *
   * @return {@code true} for {@link #observing}, {@code false} for {@link #timing}
   */
  @Override
  public boolean readsCredentialFingerprint() {
    return observations.isPresent();
  }

  /** The tags of one decision, before they are key values. */
  private record Tags(AuthEvent.Outcome outcome, Reason reason, Integer status, String source, CredentialCarrier carrier) {}

  /** The key values or the timer for {@code tags}, made once. */
  private Object madeFor(Tags tags) {
    Object cached = made.get(tags);
    if (cached != null) {
      return cached;
    }
    KeyValues keyValues = keyValuesOf(tags);
    Object fresh = meters.isPresent()
        ? Timer.builder(OBSERVATION)
            .description("Authentication decisions by outcome, reason, status, source and carrier")
            .tags(io.micrometer.core.instrument.Tags.of(
                keyValues.stream().map(kv -> io.micrometer.core.instrument.Tag.of(kv.getKey(), kv.getValue())).toList()))
            .register(meters.get())
        : keyValues;
    if (made.size() < MAX_CACHED) {
      Object raced = made.putIfAbsent(tags, fresh);
      return raced == null ? fresh : raced;
    }
    return fresh;
  }

  private static KeyValues keyValuesOf(Tags tags) {
    return KeyValues.of(
        KeyValue.of("outcome", tags.outcome().name().toLowerCase(Locale.ROOT)),
        KeyValue.of("reason", tags.reason() == null ? NONE : tags.reason().name().toLowerCase(Locale.ROOT)),
        KeyValue.of("status", tags.status() == null ? NONE : tags.status().toString()),
        KeyValue.of("source", tags.source() == null ? NONE : tags.source()),
        KeyValue.of("carrier", tags.carrier() == null ? NONE : carrier(tags.carrier())));
  }

  /**
   * The {@code carrier} tag of {@code carrier}: {@code bearer}, {@code basic},
   * {@code header:<name in lower case>} or {@code query:<name>}.
   *
   * @param carrier a carrier
   * @return its tag value
   */
  static String carrier(CredentialCarrier carrier) {
    if (carrier instanceof CredentialCarrier.Header header) {
      return "header:" + header.name().toLowerCase(Locale.ROOT);
    }
    if (carrier instanceof CredentialCarrier.QueryParameter query) {
      return "query:" + query.name();
    }
    return carrier instanceof CredentialCarrier.BasicPassword ? "basic" : "bearer";
  }

  @Override
  public String toString() {
    return "MicrometerAuthListener[" + OBSERVATION + "]";
  }
}
