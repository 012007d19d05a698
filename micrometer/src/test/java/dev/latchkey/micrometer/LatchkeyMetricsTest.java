package dev.latchkey.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.Authenticator;
import dev.latchkey.ConfigurationException;
import dev.latchkey.Health;
import dev.latchkey.Latchkey;
import dev.latchkey.policy.RateLimitPolicy;
import dev.latchkey.spi.Reload;
import dev.latchkey.testing.ScriptedHealth;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Counters of background outcomes, and the health of each component as meters. */
class LatchkeyMetricsTest {
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private static final Reload FAILED = Reload.failed(List.of(new ConfigurationException.Problem("keys.json", 3, 1, "keys[0].hash", "is missing")));

  @Test
  void failedReloadsAreCountedPerSourceFromZero() {
    Consumer<Reload> keys = LatchkeyMetrics.on(meters).reloads("keys");
    double before = meters.get("latchkey.reload.failures").tag("source", "keys").counter().count();

    List.of(Reload.reloaded(3), FAILED, Reload.unchanged(), FAILED).forEach(keys);

    assertThat(before).isZero();
    assertThat(meters.get("latchkey.reload.failures").tag("source", "keys").counter().count()).isEqualTo(2);
  }

  @Test
  void remoteKeyFetchesAreCountedByOutcome() {
    Consumer<Reload> jwt = LatchkeyMetrics.on(meters).remoteKeyFetches("jwt");

    List.of(Reload.reloaded(2), FAILED, FAILED, Reload.unchanged()).forEach(jwt);

    assertThat(meters.get("latchkey.remote.key.fetches").tags("source", "jwt", "outcome", "changed").counter().count()).isEqualTo(1);
    assertThat(meters.get("latchkey.remote.key.fetches").tags("source", "jwt", "outcome", "failed").counter().count()).isEqualTo(2);
  }

  @Test
  void eachComponentsHealthIsAGaugeAndTheLimitersFallbacksACounter() {
    AtomicReference<Health> keys = new AtomicReference<>(Health.up());
    AtomicReference<Health> redis = new AtomicReference<>(Health.of(Health.Status.UP, Map.of("fallbacks", 0L)));
    try (Authenticator auth = Latchkey.builder()
        .source(ScriptedHealth.source("keys", keys::get))
        .rateLimits(RateLimitPolicy.perPrincipalPerHour(100).countedBy(ScriptedHealth.limiter(redis::get)))
        .build()) {
      new HealthMetrics(auth).bindTo(meters);
      double upWhole = gauge("latchkey");

      keys.set(Health.of(Health.Status.DEGRADED, Map.of("last_failure", "keys.json:3:1: keys[0].hash: is missing")));
      redis.set(Health.of(Health.Status.DOWN, Map.of("fallbacks", 7L)));

      assertThat(upWhole).isZero();
      assertThat(gauge("latchkey")).isEqualTo(2);
      assertThat(gauge("keys")).isEqualTo(1);
      assertThat(gauge("policies.rate_limits")).isEqualTo(2);
      assertThat(meters.get("latchkey.rate.limiter.fallbacks").tag("component", "policies.rate_limits").functionCounter().count()).isEqualTo(7);
      assertThat(meters.find("latchkey.rate.limiter.fallbacks").tag("component", "keys").functionCounter()).isNull();
    }
  }

  private double gauge(String component) {
    return meters.get("latchkey.health").tag("component", component).gauge().value();
  }
}
