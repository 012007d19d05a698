package dev.latchkey.cli;

import dev.latchkey.AuthListener;
import dev.latchkey.Authenticator;
import dev.latchkey.ConfigurationException;
import dev.latchkey.config.ChainConfiguration;
import dev.latchkey.config.ConfigFileReader;
import dev.latchkey.config.ConfigNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * A chain configuration file as the commands use it ({@code check}, {@code config validate},
 * {@code demo --config}): loaded with the terminal's environment and clock, every problem turned into a
 * usage failure (exit status 2) naming file, line and column, never a configured value.
 */
final class ChainFile {
  private ChainFile() {}

  /**
   * A source the file declares, in chain order.
   *
   * @param type its {@code type}
   * @param id its {@code id} (the type unless one is given)
   */
  record DeclaredSource(String type, String id) {}

  /** The authenticator {@code file} declares; the caller closes it. */
  static Authenticator authenticator(Path file, Terminal terminal) {
    return authenticator(file, terminal, event -> {});
  }

  /** The authenticator {@code file} declares, telling {@code listener} of every decision; the caller closes it. */
  static Authenticator authenticator(Path file, Terminal terminal, AuthListener listener) {
    requireFile(file);
    try {
      return ChainConfiguration.load(file, terminal.environment(), terminal.clock()).listener(listener).build();
    } catch (ConfigurationException e) {
      throw invalid(file, e);
    }
  }

  /**
   * The authenticator {@code file} declares, with every counting backend it names tried (an unreachable
   * Redis is a problem, named by host and port only); the caller closes it.
   */
  static Authenticator validated(Path file, Terminal terminal) {
    requireFile(file);
    try {
      return ChainConfiguration.validate(file, terminal.environment(), terminal.clock()).build();
    } catch (ConfigurationException e) {
      throw invalid(file, e);
    }
  }

  /** The sources {@code file} declares, read again from the file once it loaded. */
  static List<DeclaredSource> declaredSources(Path file, Terminal terminal) {
    ConfigNode.Mapping document;
    try {
      document = reader().read(file, terminal.environment());
    } catch (ConfigurationException e) {
      // Only if the file changed since it loaded.
      throw invalid(file, e);
    }
    ConfigNode.Mapping chain = mapping(document.get("latchkey")).orElse(document);
    List<DeclaredSource> sources = new ArrayList<>();
    if (chain.get("sources").orElse(null) instanceof ConfigNode.Sequence list) {
      for (ConfigNode item : list.items()) {
        mapping(Optional.of(item)).ifPresent(source -> {
          String type = text(source, "type").orElse("?");
          sources.add(new DeclaredSource(type, text(source, "id").orElse(type)));
        });
      }
    }
    return sources;
  }

  private static CommandFailure invalid(Path file, ConfigurationException e) {
    return CommandFailure.configuration(file + " is not a valid configuration", e);
  }

  private static void requireFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw CommandFailure.usage(file + ": no such configuration file");
    }
  }

  private static ConfigFileReader reader() {
    for (ConfigFileReader reader : ServiceLoader.load(ConfigFileReader.class, ChainFile.class.getClassLoader())) {
      if (reader.format().equals("yaml")) {
        return reader;
      }
    }
    throw CommandFailure.failure("no YAML reader on the class path (latchkey-keystore-file)");
  }

  private static Optional<ConfigNode.Mapping> mapping(Optional<ConfigNode> node) {
    return node.filter(ConfigNode.Mapping.class::isInstance).map(ConfigNode.Mapping.class::cast);
  }

  private static Optional<String> text(ConfigNode.Mapping mapping, String name) {
    return mapping.get(name).filter(ConfigNode.Scalar.class::isInstance).map(n -> ((ConfigNode.Scalar) n).value());
  }
}
