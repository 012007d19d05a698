package dev.latchkey.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class MutableClockTest {
  @Test
  void standsStillUntilMoved() {
    MutableClock clock = MutableClock.at(Instant.parse("2030-05-01T10:00:00Z"));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2030-05-01T10:00:00Z"));
    assertThat(clock.instant()).isEqualTo(clock.instant());
  }

  @Test
  void advancesAndSets() {
    MutableClock clock = MutableClock.standard();
    clock.advance(Duration.ofMinutes(90));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T01:30:00Z"));
    clock.set(Instant.EPOCH);
    assertThat(clock.millis()).isZero();
  }

  @Test
  void zonedViewSharesTheSameInstant() {
    MutableClock clock = MutableClock.standard();
    java.time.Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));
    clock.advance(Duration.ofSeconds(5));
    assertThat(paris.instant()).isEqualTo(clock.instant());
    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
  }

  @Test
  void fixtureRequestsCarryTheirCredentialAndAddress() {
    assertThat(TestRequests.bearer("t").header("authorization")).contains("Bearer t");
    assertThat(TestRequests.apiKey("k").header("X-API-Key")).contains("k");
    assertThat(TestRequests.anonymous().remoteAddress().orElseThrow().getHostAddress())
        .isEqualTo(TestRequests.CLIENT_ADDRESS);
  }
}
