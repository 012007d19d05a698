package dev.latchkey.config;

import dev.latchkey.ConfigurationException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads a configuration file into a {@link ConfigNode} tree: the seam that lets core read chain
 * configurations without depending on a parser. {@code latchkey-keystore-file} provides the YAML
 * reader; {@link ChainConfiguration} finds it with {@link java.util.ServiceLoader}.
 *
 * <p>Implementations expand {@code ${VAR}} and {@code ${VAR:-default}} in text values from the
 * environment given, refuse unsafe input (custom types, alias bombs, oversized documents) and report
 * every problem with its line and column, never a configured value. Stateless and thread-safe.
 */
public interface ConfigFileReader {

  /**
   * The format read, such as {@code yaml}.
   *
   * @return the format name, lower case; never null
   */
  String format();

  /**
   * Reads {@code file}.
   *
   * @param file the file
   * @param environment the variables {@code ${VAR}} references resolve to
   * @return the document's top-level mapping, with every variable expanded
   * @throws ConfigurationException listing every problem, or if the file cannot be read
   */
  ConfigNode.Mapping read(Path file, Map<String, String> environment);
}
