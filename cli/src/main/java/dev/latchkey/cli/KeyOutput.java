package dev.latchkey.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.keystore.file.ContentApiType;
import dev.latchkey.keystore.file.IssuedKey;
import dev.latchkey.keystore.file.StoredKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the {@code keys} commands print keys: as text or as JSON, times in UTC to the second. A
 * {@link StoredKey} has no secret to print; an {@link IssuedKey}'s secret is printed by
 * {@link #issued} only, the one time the user asked for it. Stateless and thread-safe.
 */
final class KeyOutput {
  private static final ObjectMapper JSON = new ObjectMapper();

  private KeyOutput() {}

  /** A just created or regenerated key: the secret once, with its id and display hint. */
  static void issued(Terminal terminal, IssuedKey issued, boolean json, String verb) {
    StoredKey key = issued.key();
    if (json) {
      Map<String, Object> object = new LinkedHashMap<>(fields(key));
      object.put("secret", issued.secret().expose());
      terminal.out().println(json(reorder(object)));
      return;
    }
    terminal.out().println(verb + " key " + key.id() + " '" + key.name() + "' (start " + key.start().orElse("?") + ")"
        + key.expiresAt().map(t -> ", expires " + time(t)).orElse(", never expires"));
    key.type().filter(t -> t != ContentApiType.CUSTOM).ifPresent(t -> terminal.out().println(
        "Its type " + t.jsonName() + " adds the role " + t.jsonName() + "; roles: " + String.join(", ", key.roles()) + "."));
    key.previousSecretValidUntil().ifPresent(t -> terminal.out().println("The old secret keeps working until " + time(t) + "."));
    terminal.out().println("Secret (shown once; the store keeps only its hash):");
    terminal.out().println("  " + issued.secret().expose());
  }

  /** The JSON fields of a stored key, in a stable order; absent values are null. */
  static Map<String, Object> fields(StoredKey key) {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("id", key.id());
    object.put("name", key.name());
    object.put("description", key.description().orElse(null));
    object.put("kind", key.kind().jsonName());
    object.put("type", key.type().map(ContentApiType::jsonName).orElse(null));
    object.put("roles", List.copyOf(key.roles()));
    object.put("owner", key.owner().orElse(null));
    object.put("start", key.start().orElse(null));
    object.put("allowedIps", key.allowedIps());
    object.put("createdAt", iso(key.createdAt()));
    object.put("expiresAt", iso(key.expiresAt()));
    object.put("lastUsedAt", iso(key.lastUsedAt()));
    object.put("revokedAt", iso(key.revokedAt()));
    object.put("previousSecretValidUntil", iso(key.previousSecretValidUntil()));
    return object;
  }

  /** {@code id, name, start, secret} first, as a reader looks for them, then the rest. */
  private static Map<String, Object> reorder(Map<String, Object> object) {
    Map<String, Object> ordered = new LinkedHashMap<>();
    for (String first : List.of("id", "name", "start", "secret")) {
      ordered.put(first, object.get(first));
    }
    object.forEach(ordered::putIfAbsent);
    return ordered;
  }

  /** The keys as a table, one row per key, columns as wide as their widest value. */
  static List<String> table(List<StoredKey> keys) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("ID", "NAME", "KIND", "ROLES", "OWNER", "START", "CREATED", "EXPIRES", "LAST USED", "REVOKED"));
    for (StoredKey key : keys) {
      rows.add(List.of(
          key.id(),
          key.name(),
          key.kind().jsonName() + key.type().map(t -> "/" + t.jsonName()).orElse(""),
          key.roles().isEmpty() ? "-" : String.join(",", key.roles()),
          key.owner().orElse("-"),
          key.start().orElse("-"),
          text(key.createdAt()),
          text(key.expiresAt()),
          text(key.lastUsedAt()),
          text(key.revokedAt())));
    }
    int[] widths = new int[rows.get(0).size()];
    for (List<String> row : rows) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    List<String> lines = new ArrayList<>();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        line.append(i == widths.length - 1 ? row.get(i) : String.format("%-" + widths[i] + "s  ", row.get(i)));
      }
      lines.add(line.toString().stripTrailing());
    }
    return lines;
  }

  /** {@code value} as compact JSON. */
  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("plain maps and lists always serialize", e);
    }
  }

  /** An instant in UTC to the second, such as {@code 2026-11-30T17:00:00Z}. */
  static String time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static String text(Optional<Instant> instant) {
    return instant.map(KeyOutput::time).orElse("-");
  }

  private static String iso(Optional<Instant> instant) {
    return instant.map(KeyOutput::time).orElse(null);
  }
}
