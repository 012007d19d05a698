package dev.latchkey.spring.internal;

import dev.latchkey.ConfigurationException;
import dev.latchkey.Latchkey;
import dev.latchkey.config.ChainConfiguration;
import dev.latchkey.config.ConfigNode;
import dev.latchkey.spring.LatchkeyProperties;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.springframework.core.env.Environment;

/**
 * The chain an application's configuration declares: the settings under {@code latchkey:} of Spring's
 * {@link Environment}, turned into {@link ConfigNode}s by {@link EnvironmentDocument} and read by
 * {@link ChainConfiguration}, the reader behind the YAML chain file too; or the file that
 * {@code latchkey.config-file} names. Stateless and thread-safe.
 */
public final class ChainFromEnvironment {
  private ChainFromEnvironment() {}

  /**
   * Reads the chain the application declares.
   *
   * @param environment the application's environment
   * @param properties the starter's own settings
   * @param variables the variables sources read (the {@code env} source's keys) and a chain file's
   *     {@code ${VAR}} references expand to
   * @param clock the clock of the chain and every source
   * @return a builder holding everything declared; add listeners and build
   * @throws ConfigurationException listing every problem, each with its property name (such as
   *     {@code latchkey.sources[0].type}) and where it was set
   */
  public static Latchkey.Builder builder(
      Environment environment, LatchkeyProperties properties, Map<String, String> variables, Clock clock) {
    ConfigNode.Mapping document = EnvironmentDocument.read(environment, LatchkeyProperties.PREFIX, LatchkeyProperties.OWN_SETTINGS);
    if (properties.getConfigFile().isPresent()) {
      if (EnvironmentDocument.hasSettings(document)) {
        ConfigNode.Field first = ((ConfigNode.Mapping) document.fields().get(0).value()).fields().get(0);
        throw new ConfigurationException(new ConfigurationException.Problem(first.nameLocation().file(),
            first.nameLocation().line(), first.nameLocation().column(), LatchkeyProperties.PREFIX + "." + first.name(),
            "is set although latchkey.config-file names the chain's file; declare the chain in one place"));
      }
      return ChainConfiguration.load(properties.getConfigFile().get(), variables, clock);
    }
    return ChainConfiguration.configure(document, Path.of("").toAbsolutePath(), variables, clock);
  }
}
