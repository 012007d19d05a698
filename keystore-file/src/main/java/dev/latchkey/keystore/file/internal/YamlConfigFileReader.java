package dev.latchkey.keystore.file.internal;

import dev.latchkey.config.ConfigFileReader;
import dev.latchkey.config.ConfigNode;
import java.nio.file.Path;
import java.util.Map;

/** The YAML {@link ConfigFileReader}, on {@link SafeYaml}. Stateless and thread-safe. */
public final class YamlConfigFileReader implements ConfigFileReader {
  /** For {@link java.util.ServiceLoader}. */
  public YamlConfigFileReader() {}

  @Override
  public String format() {
    return "yaml";
  }

  @Override
  public ConfigNode.Mapping read(Path file, Map<String, String> environment) {
    return SafeYaml.read(file, environment);
  }
}
