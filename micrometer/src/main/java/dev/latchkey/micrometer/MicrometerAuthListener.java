package dev.latchkey.micrometer;

import dev.latchkey.AuthEvent;
import dev.latchkey.AuthListener;
import dev.latchkey.CredentialCarrier;
import dev.latchkey.Reason;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes the observation {@value #OBSERVATION} for every decision an
 * {@link dev.latchkey.Authenticator} makes, for the host's {@link ObservationRegistry} to turn into a
 * timer, a span or a log line.
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
 * <p>The observation is made when the decision is reported, after it was taken, so a timer a meter
 * handler makes of it counts decisions by their tags; its time is the publishing, not the decision (the
 * decision's own time is {@link AuthEvent#duration()}). Nothing is done for a no-op registry.
 *
 * <p>Thread-safe; the key values of each combination of tags are made once and reused.
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

  private final ObservationRegistry registry;
  private final ConcurrentHashMap<Tags, KeyValues> keyValues = new ConcurrentHashMap<>();

  private MicrometerAuthListener(ObservationRegistry registry) {
    this.registry = registry;
  }

  /**
   * A listener publishing to {@code registry}.
   *
   * @param registry the host's observation registry
   * @return the listener; add it with {@link dev.latchkey.Latchkey.Builder#listener}
   */
  public static MicrometerAuthListener create(ObservationRegistry registry) {
    return new MicrometerAuthListener(Objects.requireNonNull(registry, "registry"));
  }

  @Override
  public void onEvent(AuthEvent event) {
    if (registry.isNoop()) {
      return;
    }
    Observation observation = Observation.createNotStarted(OBSERVATION, registry)
        .contextualName(CONTEXTUAL_NAME)
        .lowCardinalityKeyValues(lowCardinality(event));
    Optional<String> fingerprint = event.credentialFingerprint();
    if (fingerprint.isPresent()) {
      observation.highCardinalityKeyValue(FINGERPRINT, fingerprint.get());
    }
    observation.start().stop();
  }

  /** The tags of one decision, before they are key values. */
  private record Tags(AuthEvent.Outcome outcome, Reason reason, Integer status, String source, CredentialCarrier carrier) {}

  private KeyValues lowCardinality(AuthEvent event) {
    Tags tags = new Tags(
        event.outcome(),
        event.reason().orElse(null),
        event.status().orElse(null),
        event.sourceId().orElse(null),
        event.carrier().orElse(null));
    KeyValues cached = keyValues.get(tags);
    if (cached != null) {
      return cached;
    }
    KeyValues made = keyValuesOf(tags);
    if (keyValues.size() < MAX_CACHED) {
      keyValues.putIfAbsent(tags, made);
    }
    return made;
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
