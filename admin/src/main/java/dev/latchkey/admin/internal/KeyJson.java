package dev.latchkey.admin.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.keystore.file.StoredKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Writes keys as the API shows them (the {@code Key} schema of the OpenAPI document). Thread-safe. */
public final class KeyJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private KeyJson() {}

  /** The state a key is in at {@code now}: {@code revoked}, {@code expired} or {@code active}. */
  public static String state(StoredKey key, Instant now) {
    return key.isRevoked() ? "revoked" : key.isExpiredAt(now) ? "expired" : "active";
  }

  /** A new, empty object. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** {@code key} as JSON; never a secret. Absent optional fields are left out. */
  public static ObjectNode key(StoredKey key, Instant now) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("id", key.id());
    json.put("name", key.name());
    key.description().ifPresent(d -> json.put("description", d));
    json.put("kind", key.kind().jsonName());
    key.type().ifPresent(t -> json.put("type", t.jsonName()));
    strings(json.putArray("roles"), List.copyOf(key.roles()));
    key.owner().ifPresent(o -> json.put("owner", o));
    key.start().ifPresent(s -> json.put("start", s));
    json.put("hashFormat", key.hashFormat());
    json.put("viewable", key.viewable());
    strings(json.putArray("allowedIps"), key.allowedIps());
    time(json, "createdAt", key.createdAt());
    time(json, "expiresAt", key.expiresAt());
    time(json, "lastUsedAt", key.lastUsedAt());
    time(json, "revokedAt", key.revokedAt());
    time(json, "previousSecretValidUntil", key.previousSecretValidUntil());
    json.put("state", state(key, now));
    return json;
  }

  /** {@code json} as UTF-8 bytes. */
  public static byte[] bytes(ObjectNode json) {
    try {
      return MAPPER.writeValueAsBytes(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serialises", e);
    }
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }

  private static void time(ObjectNode json, String name, Optional<Instant> value) {
    value.ifPresent(t -> json.put(name, t.toString()));
  }
}
