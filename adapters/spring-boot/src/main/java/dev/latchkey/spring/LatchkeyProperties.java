package dev.latchkey.spring;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The settings under {@code latchkey:} that belong to the Spring Boot integration rather than to the
 * chain: where else the chain may be read from, which paths Latchkey leaves open, and where its Servlet
 * filter applies when Spring Security is absent, and whether the key management API and console are
 * mounted ({@code latchkey.admin}). Every other setting under {@code latchkey:} (such as
 * {@code realm}, {@code sources}, {@code policies}) is the chain configuration, with the schema of the
 * chain file, read by the auto-configuration through the same reader as the file.
 *
 * <p>Immutable and thread-safe; bound by Spring Boot through its constructor.
 */
@ConfigurationProperties(prefix = LatchkeyProperties.PREFIX)
public final class LatchkeyProperties {
  /** The prefix of every Latchkey setting: {@value}. */
  public static final String PREFIX = "latchkey";

  /** The names of this class's settings in Spring's uniform form, which are not chain settings. */
  public static final Set<String> OWN_SETTINGS = Set.of("configfile", "openpaths", "urlpatterns", "admin");

  /**
   * A chain configuration file (YAML, with the schema of the latchkey section) to read instead of the
   * settings under latchkey. Its ${VAR} references are expanded from the process environment, as in any
   * chain file.
   */
  private final Path configFile;

  /**
   * Request paths Latchkey never authenticates, as Spring path patterns (such as /actuator/health/**),
   * such as the probes of an orchestrator that sends no credentials. With Spring Security, the default
   * security filter chain also permits them; an application's own chain must permit them itself.
   */
  private final List<String> openPaths;

  /**
   * Without Spring Security: the Servlet URL patterns the Latchkey filter is mapped to; every request
   * ("/*") by default.
   */
  private final List<String> urlPatterns;

  /** The key management API and console (latchkey-admin): whether, where and for which role. */
  private final Admin admin;

  /**
   * Binds the settings.
   *
   * @param configFile a chain configuration file to read instead of the settings under {@code latchkey:};
   *     null when the settings are given under {@code latchkey:} itself
   * @param openPaths request paths Latchkey never authenticates, as Spring path patterns
   * @param urlPatterns without Spring Security, the URL patterns the Servlet filter is mapped to
   * @param admin the settings of the key management API and console; off by default
   */
  public LatchkeyProperties(Path configFile, @DefaultValue List<String> openPaths, @DefaultValue("/*") List<String> urlPatterns,
      @DefaultValue Admin admin) {
    this.configFile = configFile;
    this.openPaths = List.copyOf(openPaths);
    this.urlPatterns = List.copyOf(urlPatterns);
    this.admin = admin;
  }

  /**
   * The chain configuration file to read instead of the settings under {@code latchkey:}.
   *
   * @return the file; empty when the chain is configured under {@code latchkey:} itself
   */
  public Optional<Path> getConfigFile() {
    return Optional.ofNullable(configFile);
  }

  /**
   * The request paths Latchkey never authenticates.
   *
   * @return Spring path patterns, unmodifiable; empty by default
   */
  public List<String> getOpenPaths() {
    return openPaths;
  }

  /**
   * Without Spring Security, the URL patterns the Latchkey Servlet filter is mapped to.
   *
   * @return Servlet URL patterns, unmodifiable; {@code /*} by default
   */
  public List<String> getUrlPatterns() {
    return urlPatterns;
  }

  /**
   * The settings of the key management API and console.
   *
   * @return the settings; off by default
   */
  public Admin getAdmin() {
    return admin;
  }

  /**
   * The key management API and console of {@code latchkey-admin}, served over the application's
   * {@code ManagedKeyStore} bean. Immutable and thread-safe.
   *
   * @param enabled whether to mount them (the application needs latchkey-admin on its class path and a
   *     ManagedKeyStore bean); false by default
   * @param mountPath the path of the console, with the API under api/; /latchkey/admin by default
   * @param adminRole the role that manages every key (anyone else manages the keys they own);
   *     latchkey-admin by default
   */
  public record Admin(
      boolean enabled,
      @DefaultValue("/latchkey/admin") String mountPath,
      @DefaultValue("latchkey-admin") String adminRole) {
    /**
     * The settings as bound.
     *
     * @param enabled whether to mount the API and console
     * @param mountPath where; never null
     * @param adminRole the role that manages every key; never null
     */
    public Admin {
      java.util.Objects.requireNonNull(mountPath, "mountPath");
      java.util.Objects.requireNonNull(adminRole, "adminRole");
    }

    /**
     * The request paths under the mount, as a Spring path pattern, for a security chain to permit.
     *
     * @return the mount path and everything under it, such as {@code /latchkey/admin/**}
     */
    public String pathPattern() {
      return (mountPath.endsWith("/") ? mountPath.substring(0, mountPath.length() - 1) : mountPath) + "/**";
    }
  }
}
