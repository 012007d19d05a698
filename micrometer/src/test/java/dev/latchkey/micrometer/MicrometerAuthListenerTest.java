package dev.latchkey.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.AuthEvent;
import dev.latchkey.Authenticator;
import dev.latchkey.CredentialCarrier;
import dev.latchkey.InMemoryCredentialSource;
import dev.latchkey.Latchkey;
import dev.latchkey.Secret;
import dev.latchkey.testing.TestRequests;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The observation of each decision: its low-cardinality tags exactly, never an identity as a tag. */
class MicrometerAuthListenerTest {
  private static final String KEY = "sk_observed_health_key_0123456789";
  private static final String PRINCIPAL = "alice";

  private final TestObservationRegistry observations = TestObservationRegistry.create();
  private final InMemoryCredentialSource keys = InMemoryCredentialSource.create("keys", Clock.systemUTC()).add(KEY, PRINCIPAL, "reader");

  private Authenticator authenticator(ObservationRegistry registry) {
    return Latchkey.builder()
        .source(keys)
        .carriers(CredentialCarrier.bearer(), CredentialCarrier.apiKeyHeader(), CredentialCarrier.queryParameter("api_key"))
        .listener(MicrometerAuthListener.observing(registry))
        .build();
  }

  private static Map<String, String> map(Iterable<KeyValue> keyValues) {
    Map<String, String> map = new LinkedHashMap<>();
    keyValues.forEach(kv -> map.put(kv.getKey(), kv.getValue()));
    return map;
  }

  /** Every observation made: its name, low-cardinality key values and high-cardinality key values. */
  private List<List<Object>> observed() {
    List<List<Object>> all = new ArrayList<>();
    TestObservationRegistryAssert.assertThat(observations).hasHandledContextsThatSatisfy(contexts -> {
      for (Observation.Context context : contexts) {
        all.add(List.of(context.getName(), map(context.getLowCardinalityKeyValues()), map(context.getHighCardinalityKeyValues())));
      }
    });
    return all;
  }

  @Test
  void anAuthenticatedRequestIsObservedWithItsTagsAndTheFingerprintOnlyAsAHighCardinalityValue() {
    authenticator(observations).authenticate(TestRequests.bearer(KEY));

    assertThat(observed()).containsExactly(List.of(
        "latchkey.authentications",
        Map.of("outcome", "authenticated", "reason", "none", "status", "none", "source", "keys", "carrier", "bearer"),
        Map.of("credential.fingerprint", Secret.of(KEY).fingerprint())));
    TestObservationRegistryAssert.assertThat(observations)
        .hasSingleObservationThat().hasBeenStarted().hasBeenStopped().hasContextualNameEqualTo("latchkey authentication");
  }

  @Test
  void deniedRequestsAreObservedWithReasonStatusSourceAndCarrier() {
    keys.setDisabled(PRINCIPAL, true);
    Authenticator auth = authenticator(observations);

    auth.authenticate(TestRequests.apiKey(KEY));
    auth.authenticate(TestRequests.request().queryParameter("api_key", "not-a-key-of-ours").build());
    auth.authenticate(TestRequests.anonymous());

    assertThat(observed()).extracting(o -> o.get(1)).containsExactly(
        Map.of("outcome", "denied", "reason", "disabled", "status", "401", "source", "keys", "carrier", "header:x-api-key"),
        Map.of("outcome", "denied", "reason", "invalid_credential", "status", "401", "source", "none", "carrier", "query:api_key"),
        Map.of("outcome", "denied", "reason", "missing_credential", "status", "401", "source", "none", "carrier", "none"));
    assertThat(observed()).extracting(o -> o.get(2)).containsExactly(
        Map.of("credential.fingerprint", Secret.of(KEY).fingerprint()),
        Map.of("credential.fingerprint", Secret.of("not-a-key-of-ours").fingerprint()),
        Map.of());
  }

  @Test
  void aMeterRegistryGetsOneTimerPerCombinationOfTagsAndNoTagNamesWhoOrWhichKey() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    Authenticator auth = authenticator(registry);

    auth.authenticate(TestRequests.bearer(KEY));
    auth.authenticate(TestRequests.bearer(KEY));
    auth.authenticate(TestRequests.bearer("wrong-key"));

    List<String> timers = meters.getMeters().stream()
        .filter(m -> m.getId().getName().equals("latchkey.authentications") && m.getId().getType() == Meter.Type.TIMER)
        .map(m -> m.getId().getTags() + " count=" + meters.get("latchkey.authentications").tags(m.getId().getTags()).timer().count())
        .sorted()
        .toList();
    assertThat(timers).containsExactly(
        "[tag(carrier=bearer), tag(error=none), tag(outcome=authenticated), tag(reason=none), tag(source=keys), tag(status=none)] count=2",
        "[tag(carrier=bearer), tag(error=none), tag(outcome=denied), tag(reason=invalid_credential), tag(source=none), tag(status=401)] count=1");
    List<String> tagValues = meters.getMeters().stream()
        .flatMap(m -> StreamSupport.stream(m.getId().getTagsAsIterable().spliterator(), false))
        .map(Tag::getValue)
        .toList();
    assertThat(tagValues).doesNotContain(PRINCIPAL, KEY, Secret.of(KEY).fingerprint(), Secret.of("wrong-key").fingerprint(), TestRequests.CLIENT_ADDRESS);
  }

  @Test
  void timingRecordsEachDecisionsOwnDurationUnderTheSameTagsWithoutAnObservation() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    List<AuthEvent> events = new ArrayList<>();
    Authenticator auth = Latchkey.builder()
        .source(keys)
        .listener(events::add)
        .listener(MicrometerAuthListener.timing(meters))
        .build();

    auth.authenticate(TestRequests.bearer(KEY));
    auth.authenticate(TestRequests.bearer(KEY));

    Timer timer = meters.get("latchkey.authentications").timer();
    assertThat(timer.getId().getTags()).containsExactly(
        Tag.of("carrier", "bearer"), Tag.of("outcome", "authenticated"), Tag.of("reason", "none"),
        Tag.of("source", "keys"), Tag.of("status", "none"));
    assertThat(timer.count()).isEqualTo(2);
    assertThat(timer.totalTime(TimeUnit.NANOSECONDS))
        .isEqualTo(events.stream().mapToLong(e -> e.duration().toNanos()).sum());
    assertThat(meters.getMeters()).hasSize(1);
  }

  @Test
  void carriersAreTaggedByKindAndName() {
    assertThat(List.of(
        MicrometerAuthListener.carrier(CredentialCarrier.bearer()),
        MicrometerAuthListener.carrier(CredentialCarrier.basicPassword()),
        MicrometerAuthListener.carrier(CredentialCarrier.header("X-Service-Token")),
        MicrometerAuthListener.carrier(CredentialCarrier.queryParameter("api_key"))))
        .containsExactly("bearer", "basic", "header:x-service-token", "query:api_key");
  }

  @Test
  void aTimingListenerNeverReadsFingerprintsAndAnObservingOneDoesForItsSpans() {
    assertThat(List.of(
            MicrometerAuthListener.timing(new SimpleMeterRegistry()).readsCredentialFingerprint(),
            MicrometerAuthListener.observing(observations).readsCredentialFingerprint()))
        .containsExactly(false, true);
  }
}
