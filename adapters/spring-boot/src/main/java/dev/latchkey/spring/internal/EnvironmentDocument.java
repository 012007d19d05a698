package dev.latchkey.spring.internal;

import dev.latchkey.config.ConfigNode;
import dev.latchkey.config.ConfigNode.Location;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * A section of Spring's {@link Environment} as the format-neutral {@link ConfigNode} tree that the chain
 * file's YAML reader also produces, so that one reader ({@code dev.latchkey.config.ChainConfiguration})
 * reads both. Everything Spring offers its own {@code @ConfigurationProperties} applies, with Spring's
 * rules:
 * <ul>
 *   <li>every property source counts, in Spring's order: profile files over {@code application.yml},
 *       environment variables ({@code LATCHKEY_REALM}) and system properties over both;
 *   <li>a scalar comes from the first source that has it; a list comes whole from the first source that
 *       has any of its items (Spring replaces lists, it does not merge them); a mapping merges the keys of
 *       every source;
 *   <li>{@code ${…}} placeholders are resolved by the environment; one that cannot be is not an error
 *       until the setting is read, and then names the placeholder, never the value;
 *   <li>names are relaxed: {@code rate-limits}, {@code rateLimits} and {@code RATELIMITS} are the schema's
 *       {@code rate_limits} ({@link SchemaKeys}); a name the schema does not know (a role, a reason) keeps
 *       its spelling, and {@code [brackets]} keep it exactly.
 * </ul>
 * Each node's location is its property's origin: the file, line and column of a YAML or properties file,
 * or the environment variable or property source it came from. Stateless and thread-safe.
 */
public final class EnvironmentDocument {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)");

  /** The most missing indexes filled in before one list item: a larger gap ends the list there. */
  private static final int MAX_GAP = 1000;

  private final Environment environment;
  private final List<Source> sources;

  private EnvironmentDocument(Environment environment, List<Source> sources) {
    this.environment = environment;
    this.sources = sources;
  }

  /**
   * The document whose single top-level key is {@code prefix}, holding everything the environment sets
   * under it except the top-level {@code excluded} names (settings of the host, not of the chain), so
   * that problems are reported with the full property name, such as {@code latchkey.sources[0].type}.
   *
   * @param environment the application's environment
   * @param prefix the top-level property name, such as {@code latchkey}
   * @param excluded the names directly under {@code prefix} that are not chain settings (uniform form
   *     compared, so any spelling of them is excluded)
   * @return the document; its {@code prefix} section is an empty mapping if nothing is set
   */
  public static ConfigNode.Mapping read(Environment environment, String prefix, Set<String> excluded) {
    ConfigurationPropertyName root = ConfigurationPropertyName.of(prefix);
    List<Source> sources = new ArrayList<>();
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
      if (source instanceof IterableConfigurationPropertySource iterable) {
        List<ConfigurationPropertyName> names = iterable.stream()
            .filter(root::isAncestorOf)
            .filter(n -> !excluded.contains(SchemaKeys.uniform(n.getElement(root.getNumberOfElements(), Form.UNIFORM))))
            .toList();
        if (!names.isEmpty()) {
          sources.add(new Source(iterable, names));
        }
      }
    }
    EnvironmentDocument document = new EnvironmentDocument(environment, sources);
    ConfigNode section = document.value(root, sources).orElseGet(() -> new ConfigNode.Mapping(List.of(), unknownLocation()));
    if (!(section instanceof ConfigNode.Mapping)) {
      section = new ConfigNode.Mapping(List.of(), section.location());
    }
    return new ConfigNode.Mapping(List.of(new ConfigNode.Field(prefix, section.location(), section)), section.location());
  }

  /**
   * Whether {@link #read} found any chain setting under {@code prefix}.
   *
   * @param document a document {@link #read} returned
   * @return {@code true} if its section has at least one setting
   */
  public static boolean hasSettings(ConfigNode.Mapping document) {
    return document.fields().stream().anyMatch(f -> f.value() instanceof ConfigNode.Mapping m && !m.fields().isEmpty());
  }

  /** One property source and the names it has under the prefix. */
  private record Source(ConfigurationPropertySource source, List<ConfigurationPropertyName> names) {
    Optional<ConfigurationProperty> exact(ConfigurationPropertyName name) {
      return names.contains(name) ? Optional.ofNullable(source.getConfigurationProperty(name)) : Optional.empty();
    }

    /** The names one element below {@code name}, in the order first seen. */
    List<ConfigurationPropertyName> children(ConfigurationPropertyName name) {
      List<ConfigurationPropertyName> children = new ArrayList<>();
      for (ConfigurationPropertyName n : names) {
        if (name.isAncestorOf(n)) {
          ConfigurationPropertyName child = n.chop(name.getNumberOfElements() + 1);
          if (!children.contains(child)) {
            children.add(child);
          }
        }
      }
      return children;
    }
  }

  private Optional<ConfigNode> value(ConfigurationPropertyName name, List<Source> candidates) {
    for (int i = 0; i < candidates.size(); i++) {
      Source first = candidates.get(i);
      List<ConfigurationPropertyName> children = first.children(name);
      if (children.isEmpty()) {
        Optional<ConfigurationProperty> exact = first.exact(name);
        if (exact.isPresent()) {
          return Optional.of(scalar(exact.get()));
        }
        continue;
      }
      int depth = name.getNumberOfElements();
      if (children.stream().allMatch(c -> c.isNumericIndex(depth))) {
        return Optional.of(sequence(name, children, first));
      }
      return Optional.of(mapping(name, candidates.subList(i, candidates.size())));
    }
    return Optional.empty();
  }

  /**
   * A list, whole from one source, in index order. An index left out is an empty item, so every item
   * keeps the index it was given ({@code sources[2]} stays {@code sources[2]}) and the gap is reported.
   */
  private ConfigNode sequence(ConfigurationPropertyName name, List<ConfigurationPropertyName> children, Source source) {
    int depth = name.getNumberOfElements();
    Map<Integer, ConfigurationPropertyName> byIndex = new TreeMap<>();
    for (ConfigurationPropertyName c : children) {
      try {
        byIndex.put(Integer.parseInt(c.getElement(depth, Form.ORIGINAL)), c);
      } catch (NumberFormatException e) {
        // An index too large for an int is no list position; it is left out, as Spring leaves it unbound.
      }
    }
    List<ConfigNode> items = new ArrayList<>();
    Location location = unknownLocation();
    for (Map.Entry<Integer, ConfigurationPropertyName> e : byIndex.entrySet()) {
      Optional<ConfigNode> item = value(e.getValue(), List.of(source));
      if (item.isEmpty()) {
        continue;
      }
      if (items.isEmpty()) {
        location = item.get().location();
      }
      if (e.getKey() - items.size() > MAX_GAP) {
        break;
      }
      while (items.size() < e.getKey()) {
        items.add(new ConfigNode.Empty(item.get().location()));
      }
      items.add(item.get());
    }
    return new ConfigNode.Sequence(items, location);
  }

  /** A mapping whose keys are merged from every source, the value of each from the first that has it. */
  private ConfigNode mapping(ConfigurationPropertyName name, List<Source> candidates) {
    int depth = name.getNumberOfElements();
    Map<ConfigurationPropertyName, String> keys = new LinkedHashMap<>();
    for (Source source : candidates) {
      for (ConfigurationPropertyName child : source.children(name)) {
        keys.putIfAbsent(child, key(child, depth));
      }
    }
    List<ConfigNode.Field> fields = new ArrayList<>();
    Map<String, Boolean> seen = new LinkedHashMap<>();
    for (Map.Entry<ConfigurationPropertyName, String> key : keys.entrySet()) {
      if (seen.putIfAbsent(key.getValue(), true) != null) {
        continue; // two spellings of one schema name: the first source's wins
      }
      value(key.getKey(), candidates).ifPresent(v -> fields.add(new ConfigNode.Field(key.getValue(), v.location(), v)));
    }
    return new ConfigNode.Mapping(fields, fields.isEmpty() ? unknownLocation() : fields.get(0).nameLocation());
  }

  /** The schema's spelling of a relaxed name; any other name (a role, in brackets or not) as written. */
  private static String key(ConfigurationPropertyName child, int depth) {
    String original = child.getElement(depth, Form.ORIGINAL);
    if (child.isLastElementIndexed()) {
      return original;
    }
    return SchemaKeys.published().schemaName(original).orElse(original);
  }

  private ConfigNode scalar(ConfigurationProperty property) {
    Location location = location(property);
    Object raw = property.getValue() instanceof OriginTrackedValue tracked ? tracked.getValue() : property.getValue();
    String text = raw == null ? "" : raw.toString();
    List<String> variables = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      variables.add(m.group(1).strip());
    }
    if (!variables.isEmpty()) {
      try {
        text = environment.resolveRequiredPlaceholders(text);
      } catch (IllegalArgumentException e) {
        // Spring's message quotes the value, which may hold part of a secret: name the placeholders only.
        return new ConfigNode.Scalar("", variables, Optional.of("has a placeholder that cannot be resolved ("
            + String.join(", ", variables.stream().map(v -> "${" + v + "}").toList()) + ")"), location);
      }
    }
    if (text.isEmpty()) {
      return new ConfigNode.Empty(location);
    }
    return new ConfigNode.Scalar(text, variables, Optional.empty(), location);
  }

  /** Where a property was set: a file's line and column, or the variable or property source it came from. */
  private static Location location(ConfigurationProperty property) {
    Origin origin = property.getOrigin();
    while (origin instanceof PropertySourceOrigin wrapper && wrapper.getOrigin() != null) {
      origin = wrapper.getOrigin();
    }
    if (origin instanceof TextResourceOrigin text && text.getResource() != null) {
      TextResourceOrigin.Location at = text.getLocation();
      return new Location(text.getResource().getDescription(), at == null ? 0 : at.getLine() + 1, at == null ? 0 : at.getColumn() + 1);
    }
    if (origin != null) {
      return new Location(origin.toString(), 0, 0);
    }
    Object underlying = property.getSource() == null ? null : property.getSource().getUnderlyingSource();
    return new Location(underlying instanceof PropertySource<?> ps ? "property source '" + ps.getName() + "'" : "the Spring environment", 0, 0);
  }

  private static Location unknownLocation() {
    return new Location("the Spring environment", 0, 0);
  }
}
