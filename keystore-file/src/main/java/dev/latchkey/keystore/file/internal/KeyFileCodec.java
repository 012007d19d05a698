package dev.latchkey.keystore.file.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.ConfigurationException;
import dev.latchkey.Principal;
import dev.latchkey.hash.InvalidKeyHashException;
import dev.latchkey.hash.KeyHash;
import dev.latchkey.hash.KeyHashes;
import dev.latchkey.hash.Peppers;
import dev.latchkey.keystore.file.ContentApiType;
import dev.latchkey.keystore.file.KeyKind;
import dev.latchkey.keystore.file.StoredKey;
import dev.latchkey.keystore.file.spi.KeyRecord;
import dev.latchkey.policy.IpAllowlist;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and writes the key file, version 1:
 *
 * <pre>{@code
 * {"version": 1, "keys": [{"id": "key_…", "name": "ci-bot", "kind": "generic", "roles": ["deploy"],
 *   "start": "lk_3fZ0", "hash": "sha256:…", "createdAt": "2026-11-30T12:00:00Z"}, …]}
 * }</pre>
 *
 * <p>Reading reports every problem at once, each with its line, column and key path
 * ({@code keys[3].hash}), and never a value. Fields it does not know are kept and written back, so a
 * file written by a newer version loses nothing when this one edits it; a newer {@code version} is
 * refused rather than half-understood. Stateless and thread-safe.
 */
public final class KeyFileCodec {
  /** The version this code reads and writes. */
  public static final int VERSION = 1;

  private KeyFileCodec() {}

  /**
   * A whole key file.
   *
   * @param records the keys, in file order
   * @param unknownFields top-level fields this version does not know, kept as read
   */
  public record KeyFile(List<KeyRecord> records, Map<String, JsonNode> unknownFields) {
    /** A file with no keys. */
    public static final KeyFile EMPTY = new KeyFile(List.of(), Map.of());

    /** Copies. */
    public KeyFile {
      records = List.copyOf(records);
      unknownFields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(unknownFields));
    }

    /** The same file holding {@code changed} keys. */
    public KeyFile with(List<KeyRecord> changed) {
      return new KeyFile(changed, unknownFields);
    }
  }

  /**
   * Reads {@code bytes}; an empty or blank file is a store with no keys.
   *
   * @param file the name used in problems
   * @param peppers the peppers keyed hashes name
   * @throws ConfigurationException listing every problem
   */
  public static KeyFile read(byte[] bytes, String file, Peppers peppers) {
    if (isBlank(bytes)) {
      return KeyFile.EMPTY;
    }
    try {
      JsonReader in = new JsonReader(file, bytes);
      KeyFile result = readDocument(in, peppers);
      if (!in.problems.isEmpty()) {
        throw new ConfigurationException(in.problems);
      }
      return result;
    } catch (IOException e) {
      throw JsonReader.undecodable(file, e);
    }
  }

  private static KeyFile readDocument(JsonReader in, Peppers peppers) throws IOException {
    try {
      if (in.next() != JsonToken.START_OBJECT) {
        in.problem("", "a key file is a JSON object: {\"version\": 1, \"keys\": [...]}");
        return KeyFile.EMPTY;
      }
      Integer version = null;
      JsonLocation versionAt = null;
      List<KeyRecord> records = new ArrayList<>();
      Map<String, JsonNode> unknown = new LinkedHashMap<>();
      boolean sawKeys = false;
      while (in.next() == JsonToken.FIELD_NAME) {
        String field = in.parser.currentName();
        in.next();
        switch (field) {
          case "version":
            versionAt = in.parser.currentTokenLocation();
            if (in.parser.currentToken() == JsonToken.VALUE_NUMBER_INT) {
              version = in.parser.getIntValue();
            } else {
              in.problem("version", "must be a whole number");
              in.parser.skipChildren();
            }
            break;
          case "keys":
            sawKeys = true;
            readKeys(in, peppers, records);
            break;
          default:
            unknown.put(field, in.tree());
        }
      }
      if (version == null && in.problems.isEmpty()) {
        in.problem(JsonLocation.NA, "version", "is missing; this Latchkey reads version " + VERSION);
      } else if (version != null && version != VERSION) {
        in.problems.clear();
        in.problem(versionAt, "version", "is " + version + "; this Latchkey reads version " + VERSION + " only (a newer file needs a newer Latchkey)");
      }
      if (!sawKeys && in.problems.isEmpty()) {
        in.problem(JsonLocation.NA, "keys", "is missing");
      }
      return new KeyFile(records, unknown);
    } catch (JsonProcessingException e) {
      in.syntaxProblem(e);
      return KeyFile.EMPTY;
    }
  }

  private static void readKeys(JsonReader in, Peppers peppers, List<KeyRecord> records) throws IOException {
    if (in.parser.currentToken() != JsonToken.START_ARRAY) {
      in.problem("keys", "must be a list");
      in.parser.skipChildren();
      return;
    }
    Set<String> ids = new HashSet<>();
    int index = 0;
    for (JsonToken t = in.next(); t != JsonToken.END_ARRAY; t = in.next(), index++) {
      String path = "keys[" + index + "]";
      if (t != JsonToken.START_OBJECT) {
        in.problem(path, "must be an object");
        in.parser.skipChildren();
        continue;
      }
      KeyFields fields = new KeyFields(path, in.parser.currentTokenLocation());
      readKeyFields(in, fields);
      Optional<KeyRecord> record = fields.toRecord(in, peppers);
      if (record.isPresent()) {
        if (ids.add(record.get().id())) {
          records.add(record.get());
        } else {
          in.problem(fields.idAt, path + ".id", "is used by an earlier key too; ids must be unique");
        }
      }
    }
  }

  /** The fields a key may have, in the order of their bits in {@code seen}. */
  private static final List<String> FIELDS = List.of("id", "name", "description", "kind", "type", "roles", "owner", "start", "hash",
      "encrypted", "allowedIps", "createdAt", "expiresAt", "lastUsedAt", "revokedAt", "previousHash", "previousValidUntil", "importedFrom");

  private static void readKeyFields(JsonReader in, KeyFields f) throws IOException {
    // Known fields seen so far, one bit each (no set per key: a large file has a million keys).
    int seen = 0;
    String path = f.path;
    while (in.next() == JsonToken.FIELD_NAME) {
      String field = in.parser.currentName();
      in.next();
      int known = FIELDS.indexOf(field);
      if (known >= 0 ? (seen & (1 << known)) != 0 : f.unknown.containsKey(field)) {
        in.problem(JsonReader.key(path, field), "appears twice");
        in.parser.skipChildren();
        continue;
      }
      if (known >= 0) {
        seen |= 1 << known;
      }
      switch (field) {
        case "id" -> {
          f.idAt = in.parser.currentTokenLocation();
          f.id = in.string(path, field);
        }
        case "name" -> {
          f.nameAt = in.parser.currentTokenLocation();
          f.name = in.string(path, field);
        }
        case "description" -> f.description = in.string(path, field);
        case "kind" -> {
          f.kindAt = in.parser.currentTokenLocation();
          f.kind = in.string(path, field);
        }
        case "type" -> {
          f.typeAt = in.parser.currentTokenLocation();
          f.type = in.string(path, field);
        }
        case "roles" -> {
          f.rolesAt = in.parser.currentTokenLocation();
          f.roles = in.strings(path, field);
        }
        case "owner" -> f.owner = in.string(path, field);
        case "start" -> f.start = in.string(path, field);
        case "hash" -> {
          f.hashAt = in.parser.currentTokenLocation();
          f.hash = in.string(path, field);
        }
        case "encrypted" -> {
          f.encryptedAt = in.parser.currentTokenLocation();
          f.encrypted = in.string(path, field);
        }
        case "allowedIps" -> {
          f.allowedIpsAt = in.parser.currentTokenLocation();
          f.allowedIps = in.strings(path, field);
        }
        case "createdAt" -> f.createdAt = in.instant(path, field);
        case "expiresAt" -> f.expiresAt = in.instant(path, field);
        case "lastUsedAt" -> f.lastUsedAt = in.instant(path, field);
        case "revokedAt" -> f.revokedAt = in.instant(path, field);
        case "previousHash" -> {
          f.previousHashAt = in.parser.currentTokenLocation();
          f.previousHash = in.string(path, field);
        }
        case "previousValidUntil" -> f.previousValidUntil = in.instant(path, field);
        case "importedFrom" -> f.importedFrom = in.string(path, field);
        default -> {
          if (f.unknown.isEmpty()) {
            f.unknown = new LinkedHashMap<>();
          }
          f.unknown.put(field, in.tree());
        }
      }
    }
  }

  /** The fields of one key as read, with where the ones that need checking were. */
  private static final class KeyFields {
    final String path;
    final JsonLocation at;
    JsonLocation idAt;
    JsonLocation nameAt;
    JsonLocation rolesAt;
    JsonLocation kindAt;
    JsonLocation typeAt;
    JsonLocation hashAt;
    JsonLocation encryptedAt;
    JsonLocation allowedIpsAt;
    JsonLocation previousHashAt;
    Optional<String> id = Optional.empty();
    Optional<String> name = Optional.empty();
    Optional<String> description = Optional.empty();
    Optional<String> kind = Optional.empty();
    Optional<String> type = Optional.empty();
    List<String> roles = List.of();
    Optional<String> owner = Optional.empty();
    Optional<String> start = Optional.empty();
    Optional<String> hash = Optional.empty();
    Optional<String> encrypted = Optional.empty();
    List<String> allowedIps = List.of();
    Optional<Instant> createdAt = Optional.empty();
    Optional<Instant> expiresAt = Optional.empty();
    Optional<Instant> lastUsedAt = Optional.empty();
    Optional<Instant> revokedAt = Optional.empty();
    Optional<String> previousHash = Optional.empty();
    Optional<Instant> previousValidUntil = Optional.empty();
    Optional<String> importedFrom = Optional.empty();
    /** Fields this version does not know, in the order read; empty (and shared) for most keys. */
    Map<String, JsonNode> unknown = Map.of();

    KeyFields(String path, JsonLocation at) {
      this.path = path;
      this.at = at;
    }

    Optional<KeyRecord> toRecord(JsonReader in, Peppers peppers) {
      int before = in.problems.size();
      if (id.filter(s -> !s.isBlank()).isEmpty()) {
        in.problem(idAt != null ? idAt : at, path + ".id", "is missing or blank");
      } else if (id.get().contains("#")) {
        in.problem(idAt, path + ".id", "must not contain '#'");
      }
      if (name.filter(s -> !s.isBlank()).isEmpty()) {
        in.problem(at, path + ".name", "is missing or blank");
      } else {
        Principal.problemWith(name.get()).ifPresent(p -> in.problem(nameAt, path + ".name", p + ", which no principal name may"));
      }
      for (int i = 0; i < roles.size(); i++) {
        int index = i;
        Principal.problemWith(roles.get(i)).ifPresent(p -> in.problem(rolesAt, path + ".roles[" + index + "]", p + ", which no role may"));
      }
      KeyKind keyKind = KeyKind.GENERIC;
      if (kind.isPresent()) {
        Optional<KeyKind> known = KeyKind.fromJsonName(kind.get());
        if (known.isEmpty()) {
          in.problem(kindAt, path + ".kind", "must be generic, content-api or admin");
        } else {
          keyKind = known.get();
        }
      }
      Optional<ContentApiType> keyType = Optional.empty();
      if (type.isPresent()) {
        keyType = ContentApiType.fromJsonName(type.get());
        if (keyType.isEmpty()) {
          in.problem(typeAt, path + ".type", "must be read-only, full-access or custom");
        } else if (keyKind != KeyKind.CONTENT_API) {
          in.problem(typeAt, path + ".type", "is only for content-api keys");
        }
      }
      if (keyKind == KeyKind.ADMIN && owner.isEmpty()) {
        in.problem(at, path + ".owner", "is required for an admin key");
      }
      if (owner.filter(String::isBlank).isPresent()) {
        in.problem(at, path + ".owner", "must not be blank");
      }
      KeyHash keyHash = parseHash(in, hash, hashAt, "hash", peppers, true);
      KeyHash previous = parseHash(in, previousHash, previousHashAt, "previousHash", peppers, false);
      if (previousHash.isPresent() != previousValidUntil.isPresent()) {
        in.problem(at, path + ".previousValidUntil", "previousHash and previousValidUntil go together");
      }
      if (encrypted.isPresent() && !ViewableCopy.isWellFormed(encrypted.get())) {
        in.problem(encryptedAt, path + ".encrypted", "must be v1:<32 hex>:<hex>:<32 hex>");
      }
      for (int i = 0; i < allowedIps.size(); i++) {
        try {
          IpAllowlist.of(List.of(allowedIps.get(i)));
        } catch (IllegalArgumentException e) {
          in.problem(allowedIpsAt, path + ".allowedIps[" + i + "]", "is not an IP address or CIDR range");
        }
      }
      if (in.problems.size() > before) {
        return Optional.empty();
      }
      return Optional.of(KeyRecord.of(id.get(), name.get(), description.orElse(null), keyKind, keyType, roles, owner.orElse(null),
          start.orElse(null), keyHash, previous, previousValidUntil.orElse(null), encrypted.orElse(null), importedFrom.orElse(null),
          allowedIps, createdAt.orElse(null), expiresAt.orElse(null), lastUsedAt.orElse(null), revokedAt.orElse(null), unknown, 0));
    }

    private KeyHash parseHash(
        JsonReader in, Optional<String> text, JsonLocation where, String field, Peppers peppers, boolean required) {
      if (text.isEmpty()) {
        if (required) {
          in.problem(at, JsonReader.key(path, field), "is missing");
        }
        return null;
      }
      try {
        return KeyHashes.parse(text.get(), peppers);
      } catch (InvalidKeyHashException e) {
        in.problem(where, JsonReader.key(path, field), e.getMessage());
        return null;
      }
    }
  }

  /** Writes {@code file} as pretty-printed JSON, fields in a fixed order, absent ones left out. */
  public static void write(KeyFile file, OutputStream out) throws IOException {
    try (JsonGenerator g = JsonReader.MAPPER.getFactory().createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeNumberField("version", VERSION);
      g.writeArrayFieldStart("keys");
      for (KeyRecord r : file.records()) {
        writeKey(g, r);
      }
      g.writeEndArray();
      for (Map.Entry<String, JsonNode> e : file.unknownFields().entrySet()) {
        g.writeFieldName(e.getKey());
        g.writeTree(e.getValue());
      }
      g.writeEndObject();
      g.writeRaw('\n');
    }
  }

  private static void writeKey(JsonGenerator g, KeyRecord r) throws IOException {
    StoredKey k = r.key();
    g.writeStartObject();
    g.writeStringField("id", k.id());
    g.writeStringField("name", k.name());
    optional(g, "description", k.description());
    g.writeStringField("kind", k.kind().jsonName());
    optional(g, "type", k.type().map(ContentApiType::jsonName));
    strings(g, "roles", List.copyOf(k.roles()), true);
    optional(g, "owner", k.owner());
    optional(g, "start", k.start());
    g.writeStringField("hash", r.hash().encoded());
    optional(g, "encrypted", r.encrypted());
    strings(g, "allowedIps", k.allowedIps(), false);
    optional(g, "createdAt", k.createdAt().map(Instant::toString));
    optional(g, "expiresAt", k.expiresAt().map(Instant::toString));
    optional(g, "lastUsedAt", k.lastUsedAt().map(Instant::toString));
    optional(g, "revokedAt", k.revokedAt().map(Instant::toString));
    optional(g, "previousHash", r.previousHash().map(KeyHash::encoded));
    optional(g, "previousValidUntil", k.previousSecretValidUntil().map(Instant::toString));
    optional(g, "importedFrom", r.importedFrom());
    for (Map.Entry<String, JsonNode> e : r.unknownFields().entrySet()) {
      g.writeFieldName(e.getKey());
      g.writeTree(e.getValue());
    }
    g.writeEndObject();
  }

  private static void optional(JsonGenerator g, String field, Optional<String> value) throws IOException {
    if (value.isPresent()) {
      g.writeStringField(field, value.get());
    }
  }

  private static void strings(JsonGenerator g, String field, List<String> values, boolean always) throws IOException {
    if (values.isEmpty() && !always) {
      return;
    }
    g.writeArrayFieldStart(field);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  /** Whether {@code bytes} hold nothing but white space. */
  public static boolean isBlank(byte[] bytes) {
    for (byte b : bytes) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }
}
