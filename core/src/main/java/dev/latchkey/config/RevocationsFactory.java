package dev.latchkey.config;

import dev.latchkey.revocation.Revocations;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes the {@link Revocations} store of one {@link #type()} from a chain configuration's top-level
 * {@code revocations} section ({@code revocations: {type: redis, url: ${REDIS_URL}, …}}), so a shared
 * store can be configured without core depending on it. Core provides {@code type: memory}; modules
 * register further factories with {@link java.util.ServiceLoader} ({@code provides
 * dev.latchkey.config.RevocationsFactory with …} and a {@code META-INF/services} line).
 *
 * <p>The contract is {@link RateLimiterFactory}'s: read every setting through {@link Settings}, report
 * problems there and never with a configured value (a URL may hold a password), return empty if a
 * recorded problem keeps the store from being built, do not throw for bad configuration, never wait on
 * a server while building, and try it only when {@link Context#checkReachable()} is set. A store that
 * holds resources is {@link AutoCloseable}: the authenticator closes it, and a failed load closes it at
 * once.
 *
 * <p>Implementations are stateless and thread-safe.
 */
public interface RevocationsFactory {

  /**
   * The store {@code type} this factory makes.
   *
   * @return the type, such as {@code redis}
   */
  String type();

  /**
   * Makes the store.
   *
   * @param settings the {@code revocations} section
   * @param context the clock, the environment, and whether to try the server
   * @return the store, or empty if a recorded problem keeps it from being built
   */
  Optional<Revocations> create(Settings settings, Context context);

  /**
   * What every store factory may need besides its own settings.
   *
   * @param clock the clock the whole chain runs on
   * @param environment the environment variables the configuration was expanded with
   * @param checkReachable whether to try the server now and report one that cannot be reached as a
   *     problem of this section (for validating a configuration, never when an application starts)
   */
  record Context(Clock clock, Map<String, String> environment, boolean checkReachable) {
    /**
     * Rejects nulls and copies the environment.
     *
     * @param clock the clock the whole chain runs on
     * @param environment the environment variables the configuration was expanded with
     * @param checkReachable whether to try the server now and report one that cannot be reached
     */
    public Context {
      Objects.requireNonNull(clock, "clock");
      environment = Map.copyOf(environment);
    }

    /** Only the number of variables: their values may be secrets. */
    @Override
    public String toString() {
      return "Context[clock=" + clock + ", " + environment.size() + " variables, checkReachable=" + checkReachable + "]";
    }
  }
}
