package dev.latchkey.config;

import dev.latchkey.policy.RateLimiter;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes the {@link RateLimiter} of one backend {@link #type()} from a policy's {@code backend} section
 * ({@code policies.rate_limits.backend: {type: redis, url: …}}), so a chain configuration can count in
 * a shared store without core depending on it. Modules register factories with
 * {@link java.util.ServiceLoader} ({@code provides dev.latchkey.config.RateLimiterFactory with …} in
 * {@code module-info.java} and a {@code META-INF/services} line for the class path).
 *
 * <p>The contract is {@link CredentialSourceFactory}'s: read every setting through {@link Settings},
 * report problems there and never with a configured value (a URL may hold a password), read all
 * settings before building, return empty if a recorded problem keeps the limiter from being built,
 * and do not throw for bad configuration. {@code type} is read by the loader.
 *
 * <p>A limiter that holds resources (connections, threads) implements {@link AutoCloseable}; the
 * authenticator it is configured into closes it on {@link dev.latchkey.Authenticator#close()}, and a
 * load that fails closes it at once. Building must not wait on the backend: a backend that cannot be
 * reached at start is handled as the limiter documents for outages, so an application starts while its
 * backend is down. Only when {@link Context#checkReachable()} is set (as {@code latchkey config
 * validate} does) does the factory try the backend and report one that cannot be reached as a problem.
 *
 * <p>Implementations are stateless and thread-safe.
 */
public interface RateLimiterFactory {

  /**
   * The backend {@code type} this factory makes.
   *
   * @return the type, such as {@code redis}
   */
  String type();

  /**
   * Makes the limiter.
   *
   * @param settings the {@code backend} section
   * @param context what the limiter counts for, the clock, the environment, and whether to try the backend
   * @return the limiter, or empty if a recorded problem keeps it from being built
   */
  Optional<RateLimiter> create(Settings settings, Context context);

  /**
   * What every backend factory may need besides its own settings.
   *
   * @param purpose the policy the limiter counts for: {@code rate_limits} or {@code failed_attempts}
   * @param clock the clock the whole chain runs on
   * @param environment the environment variables the configuration was expanded with
   * @param checkReachable whether to try the backend now and report one that cannot be reached as a
   *     problem of this section (for validating a configuration, never when an application starts)
   */
  record Context(String purpose, Clock clock, Map<String, String> environment, boolean checkReachable) {
    /**
     * Rejects nulls and copies the environment.
     *
     * @param purpose the policy the limiter counts for: {@code rate_limits} or {@code failed_attempts}
     * @param clock the clock the whole chain runs on
     * @param environment the environment variables the configuration was expanded with
     * @param checkReachable whether to try the backend now and report one that cannot be reached
     */
    public Context {
      Objects.requireNonNull(purpose, "purpose");
      Objects.requireNonNull(clock, "clock");
      environment = Map.copyOf(environment);
    }

    /** Only the names: variable values may be secrets. */
    @Override
    public String toString() {
      return "Context[purpose=" + purpose + ", clock=" + clock + ", " + environment.size() + " variables, checkReachable=" + checkReachable + "]";
    }
  }
}
