package dev.latchkey.keystore.file.internal;

import dev.latchkey.ConfigurationException;
import dev.latchkey.ConfigurationException.Problem;
import dev.latchkey.config.ConfigNode;
import dev.latchkey.config.ConfigNode.Location;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads one YAML document into {@link ConfigNode}s, safely:
 *
 * <ul>
 *   <li>Only SnakeYAML's composer runs: nodes are never constructed into objects, and any tag outside
 *       YAML's standard ones ({@code !!str}, {@code !!int}, {@code !!map}…), such as
 *       {@code !!java.lang.ProcessBuilder}, is refused.
 *   <li>At most {@value #MAX_DOCUMENT_BYTES} bytes, strict UTF-8, one document, nesting at most
 *       {@value #MAX_DEPTH} deep, at most {@value #MAX_ALIASES} aliases of collections and
 *       {@value #MAX_NODES} values once aliases are expanded (a "billion laughs" document is refused,
 *       not expanded); recursive aliases and merge keys ({@code <<}) are refused.
 *   <li>A name given twice in one mapping is an error, not "the last one wins".
 *   <li>{@code ${VAR}} references are expanded in text values (never in names or comments) after
 *       parsing, so a variable's value can never change the document's structure.
 * </ul>
 *
 * <p>Every problem names the file, line and column, never a value. Stateless and thread-safe.
 */
public final class SafeYaml {
  /** The largest document read, in bytes. */
  public static final int MAX_DOCUMENT_BYTES = 1024 * 1024;
  static final int MAX_DEPTH = 64;
  static final int MAX_ALIASES = 50;
  static final int MAX_NODES = 100_000;

  private SafeYaml() {}

  /**
   * Reads {@code file}.
   *
   * @throws ConfigurationException listing every problem, or if the file cannot be read
   */
  public static ConfigNode.Mapping read(Path file, Map<String, String> environment) {
    return parse(bytesOf(file), file.toString(), environment);
  }

  /** The bytes of {@code file}, refused if it is larger than {@value #MAX_DOCUMENT_BYTES} bytes. */
  static byte[] bytesOf(Path file) {
    try {
      if (Files.size(file) > MAX_DOCUMENT_BYTES) {
        throw tooLarge(file.toString());
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ConfigurationException(
          new Problem(file.toString(), 0, 0, "", "cannot be read (" + e.getClass().getSimpleName() + ")"));
    }
  }

  private static ConfigurationException tooLarge(String origin) {
    return new ConfigurationException(new Problem(origin, 0, 0, "",
        "is larger than " + MAX_DOCUMENT_BYTES + " bytes, the most a configuration file may hold"));
  }

  /**
   * Parses a document.
   *
   * @param bytes the document, UTF-8
   * @param origin the file name to report
   * @param environment the variables references resolve to
   * @return its top-level mapping (empty for an empty document)
   * @throws ConfigurationException listing every problem
   */
  public static ConfigNode.Mapping parse(byte[] bytes, String origin, Map<String, String> environment) {
    if (bytes.length > MAX_DOCUMENT_BYTES) {
      throw tooLarge(origin);
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ConfigurationException(new Problem(origin, 0, 0, "", "is not valid UTF-8"));
    }
    Node root;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      options.setAllowRecursiveKeys(false);
      options.setMaxAliasesForCollections(MAX_ALIASES);
      options.setNestingDepthLimit(MAX_DEPTH);
      options.setCodePointLimit(MAX_DOCUMENT_BYTES);
      options.setMergeOnCompose(false);
      Composer composer = new Composer(new ParserImpl(new StreamReader(new StringReader(text)), options), new Resolver(), options);
      root = composer.getSingleNode();
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark();
      // Only the problem: SnakeYAML's full message quotes the offending line, which may hold a secret.
      throw new ConfigurationException(new Problem(origin, mark == null ? 0 : mark.getLine() + 1,
          mark == null ? 0 : mark.getColumn() + 1, "", "is not valid YAML: " + Optional.ofNullable(e.getProblem()).orElse("syntax error")));
    } catch (YAMLException e) {
      // Limits (aliases, nesting, size): these messages quote no content.
      throw new ConfigurationException(new Problem(origin, 0, 0, "", "is refused: " + e.getMessage()));
    }
    Converter converter = new Converter(origin, environment);
    if (root == null) {
      return new ConfigNode.Mapping(List.of(), new Location(origin, 1, 1));
    }
    ConfigNode node = converter.convert(root, "", 0);
    if (!converter.problems.isEmpty()) {
      throw new ConfigurationException(converter.problems);
    }
    if (!(node instanceof ConfigNode.Mapping mapping)) {
      throw new ConfigurationException(new Problem(origin, node.location().line(), node.location().column(), "",
          "must be a mapping of settings at the top level, not " + node.kind()));
    }
    return mapping;
  }

  /** Turns composed nodes into config nodes, expanding variables and collecting problems. */
  private static final class Converter {
    private static final Set<Tag> SCALAR_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.TIMESTAMP);
    private final String origin;
    private final Map<String, String> environment;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<Node, Boolean> onPath = new IdentityHashMap<>();
    private int nodes;

    Converter(String origin, Map<String, String> environment) {
      this.origin = origin;
      this.environment = environment;
    }

    private Location at(Node node) {
      Mark mark = node.getStartMark();
      return mark == null ? new Location(origin, 0, 0) : new Location(origin, mark.getLine() + 1, mark.getColumn() + 1);
    }

    private void problem(Node node, String path, String message) {
      Location where = at(node);
      problems.add(new Problem(origin, where.line(), where.column(), path, message));
    }

    ConfigNode convert(Node node, String path, int depth) {
      Location location = at(node);
      if (++nodes > MAX_NODES) {
        if (nodes == MAX_NODES + 1) {
          problem(node, path, "expands to more than " + MAX_NODES + " values (too many aliases); refused");
        }
        return new ConfigNode.Empty(location);
      }
      if (depth > MAX_DEPTH || onPath.containsKey(node)) {
        problem(node, path, "nests too deeply or refers to itself through an alias; refused");
        return new ConfigNode.Empty(location);
      }
      if (node instanceof ScalarNode scalar) {
        if (!SCALAR_TAGS.contains(scalar.getTag())) {
          problem(node, path, "has the tag " + scalar.getTag().getValue() + "; only plain YAML values are read");
          return new ConfigNode.Empty(location);
        }
        if (scalar.getTag().equals(Tag.NULL)) {
          return new ConfigNode.Empty(location);
        }
        VariableExpansion.Expanded e = VariableExpansion.expand(scalar.getValue(), environment);
        return new ConfigNode.Scalar(e.value(), e.variables(), e.problem(), location);
      }
      onPath.put(node, Boolean.TRUE);
      try {
        if (node instanceof SequenceNode sequence && sequence.getTag().equals(Tag.SEQ)) {
          List<ConfigNode> items = new ArrayList<>();
          List<Node> values = sequence.getValue();
          for (int i = 0; i < values.size(); i++) {
            items.add(convert(values.get(i), path + "[" + i + "]", depth + 1));
          }
          return new ConfigNode.Sequence(items, location);
        }
        if (node instanceof MappingNode mapping && mapping.getTag().equals(Tag.MAP)) {
          return mapping(mapping, path, depth);
        }
        problem(node, path, "has the tag " + node.getTag().getValue() + "; only plain YAML lists and mappings are read");
        return new ConfigNode.Empty(location);
      } finally {
        onPath.remove(node);
      }
    }

    private ConfigNode mapping(MappingNode mapping, String path, int depth) {
      Map<String, ConfigNode.Field> fields = new LinkedHashMap<>();
      for (NodeTuple tuple : mapping.getValue()) {
        Node keyNode = tuple.getKeyNode();
        if (keyNode.getTag().equals(Tag.MERGE)) {
          problem(keyNode, path, "uses a merge key (<<), which is not supported; write the settings out");
          continue;
        }
        if (!(keyNode instanceof ScalarNode key) || !SCALAR_TAGS.contains(key.getTag())) {
          problem(keyNode, path, "has a name that is not plain text");
          continue;
        }
        String name = key.getValue();
        String childPath = path.isEmpty() ? name : path + "." + name;
        ConfigNode.Field earlier = fields.get(name);
        if (earlier != null) {
          problem(keyNode, childPath, "is given twice in this mapping (first on line " + earlier.nameLocation().line() + ")");
          continue;
        }
        fields.put(name, new ConfigNode.Field(name, at(keyNode), convert(tuple.getValueNode(), childPath, depth + 1)));
      }
      return new ConfigNode.Mapping(new ArrayList<>(fields.values()), at(mapping));
    }
  }
}
