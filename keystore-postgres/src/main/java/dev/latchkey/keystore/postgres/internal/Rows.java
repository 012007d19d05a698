package dev.latchkey.keystore.postgres.internal;

import dev.latchkey.hash.KeyHash;
import dev.latchkey.hash.KeyHashes;
import dev.latchkey.hash.Peppers;
import dev.latchkey.keystore.file.ContentApiType;
import dev.latchkey.keystore.file.KeyKind;
import dev.latchkey.keystore.file.StoredKey;
import dev.latchkey.keystore.file.spi.KeyRecord;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A key's row: the columns, read into a {@link KeyRecord} and bound from one. Stateless. */
public final class Rows {
  /** The columns read, in this order, after any leading columns of a query. */
  public static final String COLUMNS = "k.id, k.position, k.name, k.description, k.kind, k.content_type, k.roles, k.owner, k.start, "
      + "k.hash, k.previous_hash, k.previous_valid_until, k.encrypted, k.imported_from, k.allowed_ips, k.created_at, "
      + "k.expires_at, k.last_used_at, k.revoked_at";
  /** How many columns {@link #COLUMNS} names. */
  public static final int COUNT = 19;

  private Rows() {}

  /** The upsert of one record ({@link #bind} fills its parameters); a key's position never changes. */
  public static String upsert(Schema schema) {
    return "INSERT INTO " + schema.name("keys") + " AS k (id, name, description, kind, content_type, roles, owner, start, hash, "
        + "previous_hash, previous_valid_until, encrypted, imported_from, allowed_ips, created_at, expires_at, last_used_at, revoked_at) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
        + "description = excluded.description, kind = excluded.kind, content_type = excluded.content_type, roles = excluded.roles, "
        + "owner = excluded.owner, start = excluded.start, hash = excluded.hash, previous_hash = excluded.previous_hash, "
        + "previous_valid_until = excluded.previous_valid_until, encrypted = excluded.encrypted, imported_from = excluded.imported_from, "
        + "allowed_ips = excluded.allowed_ips, created_at = excluded.created_at, expires_at = excluded.expires_at, "
        + "last_used_at = excluded.last_used_at, revoked_at = excluded.revoked_at";
  }

  /** Binds {@code r} to the parameters of {@link #upsert}. */
  public static void bind(Connection c, PreparedStatement s, KeyRecord r) throws SQLException {
    StoredKey k = r.key();
    s.setString(1, k.id());
    s.setString(2, k.name());
    s.setString(3, k.description().orElse(null));
    s.setString(4, k.kind().jsonName());
    s.setString(5, k.type().map(ContentApiType::jsonName).orElse(null));
    s.setArray(6, c.createArrayOf("text", k.roles().toArray()));
    s.setString(7, k.owner().orElse(null));
    s.setString(8, k.start().orElse(null));
    s.setString(9, r.hash().encoded());
    s.setString(10, r.previousHash().map(KeyHash::encoded).orElse(null));
    time(s, 11, k.previousSecretValidUntil());
    s.setString(12, r.encrypted().orElse(null));
    s.setString(13, r.importedFrom().orElse(null));
    s.setArray(14, c.createArrayOf("text", k.allowedIps().toArray()));
    time(s, 15, k.createdAt());
    time(s, 16, k.expiresAt());
    time(s, 17, k.lastUsedAt());
    time(s, 18, k.revokedAt());
  }

  private static void time(PreparedStatement s, int i, Optional<Instant> at) throws SQLException {
    if (at.isPresent()) {
      s.setObject(i, OffsetDateTime.ofInstant(at.get(), ZoneOffset.UTC));
    } else {
      s.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
    }
  }


  /**
   * The record in the row whose {@link #COLUMNS} start at column {@code first}.
   *
   * @throws IllegalArgumentException if a stored hash cannot be read (a pepper this instance lacks)
   */
  public static KeyRecord read(ResultSet r, int first, Peppers peppers) throws SQLException {
    int i = first;
    String id = r.getString(i);
    String name = r.getString(i + 2);
    String description = r.getString(i + 3);
    KeyKind kind = KeyKind.fromJsonName(r.getString(i + 4))
        .orElseThrow(() -> new IllegalArgumentException("key '" + id + "' has an unknown kind"));
    Optional<ContentApiType> type = Optional.ofNullable(r.getString(i + 5)).flatMap(ContentApiType::fromJsonName);
    List<String> roles = texts(r.getArray(i + 6));
    String owner = r.getString(i + 7);
    String start = r.getString(i + 8);
    KeyHash hash = KeyHashes.parse(r.getString(i + 9), peppers);
    String previous = r.getString(i + 10);
    return KeyRecord.of(id, name, description, kind, type, roles, owner, start, hash, previous == null ? null : KeyHashes.parse(previous, peppers),
        instant(r, i + 11), r.getString(i + 12), r.getString(i + 13), texts(r.getArray(i + 14)), instant(r, i + 15), instant(r, i + 16),
        instant(r, i + 17), instant(r, i + 18), Map.of(), r.getLong(i + 1));
  }

  private static Instant instant(ResultSet r, int i) throws SQLException {
    OffsetDateTime at = r.getObject(i, OffsetDateTime.class);
    return at == null ? null : at.toInstant();
  }

  private static List<String> texts(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.stream((Object[]) array.getArray()).map(String.class::cast).toList();
  }
}
