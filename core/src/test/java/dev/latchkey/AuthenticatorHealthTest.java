package dev.latchkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.policy.FailedAttemptThrottle;
import dev.latchkey.policy.RateLimitPolicy;
import dev.latchkey.testing.ScriptedHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link Authenticator#health()}: every source and policy by name, the worst status on top. */
class AuthenticatorHealthTest {

  private static CredentialSource reporting(String id, Health health) {
    return ScriptedHealth.source(id, () -> health);
  }

  private static final Health DEGRADED = Health.of(Health.Status.DEGRADED, Map.of("last_failure", "keys.json:3: hash: is not a hash"));

  @Test
  void everySourceIsListedByIdInChainOrderAndOneWithoutAReportIsUpWithoutDetails() {
    InMemoryCredentialSource memory = InMemoryCredentialSource.create("memory", java.time.Clock.systemUTC());
    memory.add("sk_test_health_memory_key_0001", "ci");
    try (Authenticator auth = Latchkey.builder()
        .source(ScriptedSource.answering("plain", Verdict.abstain()))
        .source(memory)
        .build()) {

      Health health = auth.health();

      assertThat(health).isEqualTo(new Health(Health.Status.UP, Map.of(), Map.of(
          "plain", Health.up(),
          "memory", Health.of(Health.Status.UP, Map.of("keys", 1)))));
      assertThat(health.components().keySet()).containsExactly("plain", "memory");
    }
  }

  @Test
  void theAggregateIsTheWorstStatusOfItsComponents() {
    Health down = Health.of(Health.Status.DOWN, Map.of("last_fetch_failure", "https://issuer.example/jwks: refused"));
    try (Authenticator auth = Latchkey.builder()
        .source(reporting("up", Health.up()))
        .source(reporting("degraded", DEGRADED))
        .build();
        Authenticator worse = Latchkey.builder()
            .source(reporting("degraded", DEGRADED))
            .source(reporting("down", down))
            .build()) {

      assertThat(auth.health().status()).isEqualTo(Health.Status.DEGRADED);
      assertThat(auth.health().components()).containsEntry("degraded", DEGRADED);
      assertThat(worse.health().status()).isEqualTo(Health.Status.DOWN);
      assertThat(worse.health().components()).containsEntry("down", down);
    }
  }

  @Test
  void theCountersOfRateLimitsAndFailedAttemptsAreListedAsPolicies() {
    try (Authenticator auth = Latchkey.builder()
        .source(reporting("keys", Health.up()))
        .rateLimits(RateLimitPolicy.perPrincipalPerHour(100).countedBy(ScriptedHealth.limiter(() -> DEGRADED)))
        .failedAttemptThrottle(FailedAttemptThrottle.standard())
        .build()) {

      Health health = auth.health();

      assertThat(health.status()).isEqualTo(Health.Status.DEGRADED);
      assertThat(health.components()).containsExactly(
          Map.entry("keys", Health.up()),
          Map.entry("policies.rate_limits", DEGRADED),
          Map.entry("policies.failed_attempts", Health.up()));
    }
  }

  @Test
  void aSourceWhoseReportFailsIsDownAndTheOthersStillReport() {
    CredentialSource broken = ScriptedHealth.source("broken", () -> {
      throw new IllegalStateException("a message that could quote anything");
    });
    try (Authenticator auth = Latchkey.builder().source(broken).source(reporting("keys", DEGRADED)).build()) {

      Health health = auth.health();

      assertThat(health.status()).isEqualTo(Health.Status.DOWN);
      assertThat(health.components()).containsExactly(
          Map.entry("broken", Health.of(Health.Status.DOWN, Map.of("error", "health report failed (java.lang.IllegalStateException)"))),
          Map.entry("keys", DEGRADED));
    }
  }

  @Test
  void anAuthenticatorThatReportsNothingIsUp() {
    Authenticator lambda = request -> null;

    assertThat(lambda.health()).isEqualTo(Health.up());
  }

  @Test
  void detailsArePlainValuesAndKeepTheirOrder() {
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    Health health = Health.of(Health.Status.UP, Map.of("keys", 3))
        .withDetail("file", "keys.json")
        .withDetail("loaded_at", at)
        .withDetail("interval", Duration.ofSeconds(1))
        .withDetail("connected", true);

    assertThat(health.details()).containsExactly(
        Map.entry("keys", 3), Map.entry("file", "keys.json"), Map.entry("loaded_at", at),
        Map.entry("interval", Duration.ofSeconds(1)), Map.entry("connected", true));
    assertThatThrownBy(() -> health.withDetail("secret", Optional.of("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'secret'")
        .hasMessageNotContaining("x]");
    assertThatThrownBy(() -> health.details().put("more", 1)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void theWorstOfTwoStatusesOrdersUpDegradedDown() {
    assertThat(List.of(
        Health.Status.UP.worst(Health.Status.UP),
        Health.Status.UP.worst(Health.Status.DEGRADED),
        Health.Status.DOWN.worst(Health.Status.DEGRADED),
        Health.Status.DEGRADED.worst(Health.Status.UP)))
        .containsExactly(Health.Status.UP, Health.Status.DEGRADED, Health.Status.DOWN, Health.Status.DEGRADED);
    assertThat(Health.aggregate(Map.of()).status()).isEqualTo(Health.Status.UP);
    assertThat(DEGRADED.atMost(Health.Status.DOWN).status()).isEqualTo(Health.Status.DOWN);
  }
}
