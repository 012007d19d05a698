package dev.latchkey.config;

import dev.latchkey.CredentialSource;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes a {@link CredentialSource} of one {@link #type()} from its section of a chain configuration
 * ({@code sources: [{type: jwt, …}]}). Modules register factories with {@link java.util.ServiceLoader}
 * ({@code provides dev.latchkey.config.CredentialSourceFactory with …} in {@code module-info.java} and
 * a {@code META-INF/services} line for the class path); {@link ChainConfiguration} finds the factory
 * for each source's {@code type}.
 *
 * <p>Contract for implementations:
 *
 * <ul>
 *   <li>Read every setting through {@link Settings}: it records a problem with its line and column for
 *       each value that cannot be used, and reading goes on, so that one load reports every mistake.
 *       Report problems of your own with {@link Settings#problem(String, String)}; never put a
 *       configured value in a message.
 *   <li>Read all settings before building: settings never read are reported as unknown.
 *   <li>Return the source, or empty if problems recorded for this section keep it from being built.
 *       Do not throw for bad configuration; a {@link dev.latchkey.ConfigurationException} thrown anyway
 *       is merged into the report, any other exception is reported without its message (it might
 *       quote a value).
 *   <li>{@code id} and {@code type} are read by the loader; the factory never sees them as unknown.
 * </ul>
 *
 * <p>Implementations are stateless and thread-safe.
 */
public interface CredentialSourceFactory {

  /**
   * The {@code type} this factory makes, such as {@code jwt}.
   *
   * @return the type name as written in the configuration; never null
   */
  String type();

  /**
   * Makes the source.
   *
   * @param settings the source's section of the configuration
   * @param context the source's id, the clock, the environment and the configuration's directory
   * @return the source, or empty if a recorded problem keeps it from being built
   */
  Optional<CredentialSource> create(Settings settings, Context context);

  /**
   * What every factory may need besides its own settings.
   *
   * @param id the source id (the section's {@code id}, or its type)
   * @param clock the clock the whole chain runs on
   * @param environment the environment variables the configuration was expanded with
   * @param directory the directory of the configuration file, for relative file names
   */
  record Context(String id, Clock clock, Map<String, String> environment, Path directory) {
    /**
     * Rejects nulls and copies the environment.
     *
     * @param id the source id (the section's {@code id}, or its type)
     * @param clock the clock the whole chain runs on
     * @param environment the environment variables the configuration was expanded with
     * @param directory the directory of the configuration file, for relative file names
     */
    public Context {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(clock, "clock");
      environment = Map.copyOf(environment);
      Objects.requireNonNull(directory, "directory");
    }

    /** Only the names: variable values may be secrets. */
    @Override
    public String toString() {
      return "Context[id=" + id + ", clock=" + clock + ", " + environment.size() + " variables, directory=" + directory + "]";
    }
  }
}
