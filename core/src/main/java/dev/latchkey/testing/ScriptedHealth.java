package dev.latchkey.testing;

import dev.latchkey.Credential;
import dev.latchkey.CredentialSource;
import dev.latchkey.Health;
import dev.latchkey.Verdict;
import dev.latchkey.policy.LocalRateLimiter;
import dev.latchkey.policy.RateLimit;
import dev.latchkey.policy.RateLimiter;
import dev.latchkey.spi.HealthReporting;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Parts whose {@link Health} a test decides, for specifications of what reads health (a health
 * endpoint, a metrics binder, {@link dev.latchkey.Authenticator#health()} itself).
 *
 * <pre>{@code
 * AtomicReference<Health> keys = new AtomicReference<>(Health.up());
 * Authenticator auth = Latchkey.builder().source(ScriptedHealth.source("keys", keys::get)).build();
 * keys.set(Health.of(Health.Status.DEGRADED, Map.of("last_failure", "keys.json:3: hash: is missing")));
 * }</pre>
 *
 * <p>The parts are thread-safe if the supplier is.
 */
public final class ScriptedHealth {
  private ScriptedHealth() {}

  /**
   * A source that abstains on every credential and reports what {@code health} supplies.
   *
   * @param id the source's id
   * @param health what {@link HealthReporting#health()} answers, asked at each call
   * @return the source
   */
  public static CredentialSource source(String id, Supplier<Health> health) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(health, "health");
    return new Source(id, health);
  }

  /**
   * A rate limiter that counts in this process (as {@link LocalRateLimiter}) and reports what
   * {@code health} supplies, as a shared counter reports its own.
   *
   * @param health what {@link HealthReporting#health()} answers, asked at each call
   * @return the limiter
   */
  public static RateLimiter limiter(Supplier<Health> health) {
    return new Limiter(LocalRateLimiter.create(Clock.systemUTC()), Objects.requireNonNull(health, "health"));
  }

  private record Source(String id, Supplier<Health> script) implements CredentialSource, HealthReporting {
    @Override
    public Verdict verify(Credential credential) {
      return Verdict.abstain();
    }

    @Override
    public Health health() {
      return script.get();
    }
  }

  private record Limiter(RateLimiter local, Supplier<Health> script) implements RateLimiter, HealthReporting {
    @Override
    public Decision acquire(String key, RateLimit limit) {
      return local.acquire(key, limit);
    }

    @Override
    public Decision check(String key, RateLimit limit) {
      return local.check(key, limit);
    }

    @Override
    public void release(String key, RateLimit limit) {
      local.release(key, limit);
    }

    @Override
    public Health health() {
      return script.get();
    }
  }
}
