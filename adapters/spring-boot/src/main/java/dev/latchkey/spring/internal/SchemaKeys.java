package dev.latchkey.spring.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.json.JsonParserFactory;

/**
 * Every setting name of the chain configuration's published JSON Schema (the one the YAML chain file is
 * checked against), found by its relaxed form: Spring writes {@code rate_limits} as {@code rate-limits},
 * {@code rateLimits} or, in an environment variable, {@code RATELIMITS}; each finds {@code rate_limits}
 * here. Read once from {@code latchkey-keystore-file}; immutable and thread-safe.
 */
public final class SchemaKeys {
  /** Where {@code latchkey-keystore-file} publishes the schema. */
  static final String SCHEMA = "dev/latchkey/keystore/file/latchkey-config.schema.json";

  private static final SchemaKeys INSTANCE = read();

  private final Map<String, String> byUniformName;

  private SchemaKeys(Map<String, String> byUniformName) {
    this.byUniformName = Map.copyOf(byUniformName);
  }

  /**
   * The names of the published schema.
   *
   * @return the names, read once per class loader
   */
  public static SchemaKeys published() {
    return INSTANCE;
  }

  /**
   * The schema's spelling of a setting name written in any of Spring's relaxed forms.
   *
   * @param name a name as written ({@code rate-limits}, {@code rateLimits}, {@code ratelimits})
   * @return the schema's name ({@code rate_limits}); empty if the schema has no such setting
   */
  public Optional<String> schemaName(String name) {
    return Optional.ofNullable(byUniformName.get(uniform(name)));
  }

  /** Lower case letters and digits only: the form in which Spring compares relaxed names. */
  static String uniform(String name) {
    StringBuilder s = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        s.append(Character.toLowerCase(c));
      }
    }
    return s.toString().toLowerCase(Locale.ROOT);
  }

  private static SchemaKeys read() {
    try (InputStream in = SchemaKeys.class.getClassLoader().getResourceAsStream(SCHEMA)) {
      if (in == null) {
        throw new IllegalStateException(SCHEMA + " is missing: dev.latchkey:latchkey-keystore-file must be on the class path");
      }
      Map<String, Object> schema = JsonParserFactory.getJsonParser().parseMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      Map<String, String> names = new HashMap<>();
      collect(schema, names);
      return new SchemaKeys(names);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The keys of every {@code properties} object and the values of every {@code propertyNames} enum. */
  private static void collect(Object node, Map<String, String> names) {
    if (node instanceof Map<?, ?> map) {
      if (map.get("properties") instanceof Map<?, ?> properties) {
        properties.keySet().forEach(k -> names.putIfAbsent(uniform(k.toString()), k.toString()));
      }
      if (map.get("propertyNames") instanceof Map<?, ?> propertyNames && propertyNames.get("enum") instanceof List<?> values) {
        values.forEach(v -> names.putIfAbsent(uniform(v.toString()), v.toString()));
      }
      map.values().forEach(v -> collect(v, names));
    } else if (node instanceof List<?> list) {
      list.forEach(v -> collect(v, names));
    }
  }
}
