package dev.latchkey.keystore.file.spi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.hash.KeyEntry;
import dev.latchkey.hash.KeyHash;
import dev.latchkey.hash.KeyState;
import dev.latchkey.keystore.file.ContentApiType;
import dev.latchkey.keystore.file.KeyKind;
import dev.latchkey.keystore.file.StoredKey;
import dev.latchkey.keystore.file.internal.Shared;
import dev.latchkey.spi.WatchedFile;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One key as the store keeps it, compact: what a million keys must hold in memory, once. The record is
 * itself the index entry of its current secret (id, name, roles, hash, owner, expiry, state,
 * attributes; its own {@linkplain KeyEntry#payload() payload}), so verification finds everything
 * through the entry and nothing is held twice. The rest is kept as plain fields: times as nanoseconds
 * since the epoch in {@code long}s, kinds, types, allowlists, role sets and owners shared between keys
 * ({@link Shared}); the description and viewable copy in a small object only keys that have either
 * carry; the rare parts (revocation, a replaced secret and its deadline, a display hint that does not
 * fit a {@code long}, an import's fingerprint, fields a newer version wrote, a position past an int)
 * in another. The public description, {@link #key()}, is made on demand.
 * Immutable; equal only to itself.
 */
public final class KeyRecord extends KeyEntry {
  /** The suffix of the index entry that stands for a replaced secret in its grace period. */
  public static final String PREVIOUS_SUFFIX = "#previous";
  /** The principal attribute naming the key's kind. */
  public static final String KIND_ATTRIBUTE = "kind";
  /** The principal attribute naming a content-API key's type. */
  public static final String TYPE_ATTRIBUTE = "type";
  /** The attribute of a replaced secret's entry (and of principals it proves): until when it works. */
  public static final String PREVIOUS_VALID_UNTIL_ATTRIBUTE = "previous_secret_valid_until";
  /** The principal attribute holding the key's own allowlist (what the authenticator reads). */
  public static final String ALLOWED_IPS_ATTRIBUTE = "allowed_ips";

  /** A time that is not there. */
  private static final long ABSENT = Long.MIN_VALUE;
  /** A time too far from 1970 for nanoseconds in a long (beyond 1677–2262): kept in {@link Rare}. */
  private static final long WIDE = Long.MIN_VALUE + 1;
  /** A position beyond an int: kept in {@link Rare}. */
  private static final int WIDE_POSITION = Integer.MIN_VALUE;

  private final Shape shape;
  /** Null unless the key has a description or a viewable copy. */
  private final Notes notes;
  /** Null unless the key has one of the rarer parts. */
  private final Rare rare;
  /** {@link #position()} when it fits an int (2,147,483,647 rows); else {@link #WIDE_POSITION}, the value in {@link Rare}. */
  private final int position;
  /** The display hint when it is up to 8 ASCII characters (as generated keys' are), one a byte; else 0. */
  private final long startChars;
  private final long createdAt;
  private final long lastUsedAt;

  /** Kind, type and allowlist, and the attributes they make: shared by every key that has them. */
  private record Shape(KeyKind kind, Optional<ContentApiType> type, List<String> allowedIps, Map<String, String> attributes) {
    static Shape of(KeyKind kind, Optional<ContentApiType> type, List<String> allowedIps) {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(type, "type");
      return Shared.shape(List.of(kind, type, List.copyOf(allowedIps)), k -> {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(KIND_ATTRIBUTE, kind.jsonName());
        type.ifPresent(t -> attributes.put(TYPE_ATTRIBUTE, t.jsonName()));
        if (!allowedIps.isEmpty()) {
          attributes.put(ALLOWED_IPS_ATTRIBUTE, String.join(",", allowedIps));
        }
        return new Shape(kind, type, List.copyOf(allowedIps), Map.copyOf(attributes));
      });
    }
  }

  /** The texts a key may have; one of them at least. */
  private record Notes(String description, String encrypted) {}

  /** The parts few keys have; each may be null. */
  private record Rare(
      Instant wideCreatedAt, Instant wideLastUsedAt, Instant revokedAt, KeyEntry previousEntry, Instant previousUntil, String start,
      String importedFrom, Map<String, JsonNode> unknownFields, long widePosition) {}

  /**
   * A record; {@code previousHash} must come with {@code key.previousSecretValidUntil()}.
   *
   * @param key the public description
   * @param hash the stored hash of the current secret
   * @param previousHash the hash of a replaced secret still in its grace period
   * @param encrypted the encrypted viewable copy
   * @param importedFrom for an imported key, the {@link #importFingerprint} of the hash it came with
   * @param unknownFields fields a newer version wrote that this one does not know, kept as read
   * @throws IllegalArgumentException if a previous hash comes without its deadline, or the reverse
   */
  public KeyRecord(
      StoredKey key, KeyHash hash, Optional<KeyHash> previousHash, Optional<String> encrypted, Optional<String> importedFrom,
      Map<String, JsonNode> unknownFields) {
    this(key, hash, previousHash, encrypted, importedFrom, unknownFields, 0);
  }

  private KeyRecord(
      StoredKey key, KeyHash hash, Optional<KeyHash> previousHash, Optional<String> encrypted, Optional<String> importedFrom,
      Map<String, JsonNode> unknownFields, long position) {
    this(key.id(), key.name(), key.description().orElse(null), Shape.of(key.kind(), key.type(), key.allowedIps()), key.roles(),
        key.owner().orElse(null), key.start().orElse(null), hash, paired(previousHash, key), key.previousSecretValidUntil().orElse(null),
        encrypted.orElse(null), importedFrom.orElse(null), key.createdAt().orElse(null), key.expiresAt().orElse(null),
        key.lastUsedAt().orElse(null), key.revokedAt().orElse(null), unknownFields, position);
  }

  /** The previous hash, checked to come with its deadline. */
  private static KeyHash paired(Optional<KeyHash> previousHash, StoredKey key) {
    if (previousHash.isPresent() != key.previousSecretValidUntil().isPresent()) {
      throw new IllegalArgumentException("a previous hash and its deadline go together");
    }
    return previousHash.orElse(null);
  }

  /**
   * A record from its parts as a reader finds them, without a {@link StoredKey} in between: what the
   * file and database readers use. Absent parts are null; the previous hash is kept only with its
   * deadline.
   *
   * @param id the key's id
   * @param name its name
   * @param description its description, or null
   * @param kind its kind
   * @param type a content-API key's type
   * @param roles its roles
   * @param owner its owner's id, or null
   * @param start the display hint of its secret, or null
   * @param hash the stored hash of the current secret
   * @param previousHash the hash of a replaced secret, or null
   * @param previousUntil until when the replaced secret works, or null
   * @param encrypted the encrypted viewable copy, or null
   * @param importedFrom the fingerprint of the hash it was imported with, or null
   * @param allowedIps its own allowlist
   * @param createdAt when it was made, or null
   * @param expiresAt when it expires, or null
   * @param lastUsedAt when it was last used, or null
   * @param revokedAt when it was revoked, or null
   * @param unknownFields fields a newer version wrote, kept as read
   * @param position where the storage orders the key ({@link #position()}); 0 where it keeps its own order
   * @return the record
   */
  public static KeyRecord of(
      String id, String name, String description, KeyKind kind, Optional<ContentApiType> type, Collection<String> roles,
      String owner, String start, KeyHash hash, KeyHash previousHash, Instant previousUntil, String encrypted, String importedFrom,
      List<String> allowedIps, Instant createdAt, Instant expiresAt, Instant lastUsedAt, Instant revokedAt,
      Map<String, JsonNode> unknownFields, long position) {
    boolean previous = previousHash != null && previousUntil != null;
    return new KeyRecord(id, name, description, Shape.of(kind, type, allowedIps), roles, owner, start, hash, previous ? previousHash : null,
        previous ? previousUntil : null, encrypted, importedFrom, createdAt, expiresAt, lastUsedAt, revokedAt, unknownFields, position);
  }

  private KeyRecord(
      String id, String name, String description, Shape shape, Collection<String> roles, String owner, String start, KeyHash hash,
      KeyHash previousHash, Instant previousUntil, String encrypted, String importedFrom, Instant createdAt, Instant expiresAt,
      Instant lastUsedAt, Instant revokedAt, Map<String, JsonNode> unknownFields, long position) {
    super(KeyEntry.builder(id, Objects.requireNonNull(hash, "hash")).name(name).roles(roles).owner(Shared.owner(owner).orElse(null))
        .expiresAt(expiresAt).state(revokedAt != null ? KeyState.REVOKED : KeyState.ACTIVE).attributes(shape.attributes()));
    this.shape = shape;
    this.notes = description == null && encrypted == null ? null : new Notes(description, encrypted);
    boolean widePosition = position != (int) position || position == WIDE_POSITION;
    this.position = widePosition ? WIDE_POSITION : (int) position;
    long packedStart = packAscii(start);
    this.startChars = packedStart;
    this.createdAt = pack(createdAt);
    this.lastUsedAt = pack(lastUsedAt);
    String wideStart = packedStart == 0 ? start : null;
    boolean wide = this.createdAt == WIDE || this.lastUsedAt == WIDE;
    if (wide || widePosition || revokedAt != null || previousHash != null || wideStart != null || importedFrom != null
        || !unknownFields.isEmpty()) {
      KeyEntry previousEntry = null;
      if (previousHash != null) {
        Map<String, String> marked = new LinkedHashMap<>(shape.attributes());
        marked.put(PREVIOUS_VALID_UNTIL_ATTRIBUTE, previousUntil.toString());
        previousEntry = new KeyEntry(id + PREVIOUS_SUFFIX, name, roles(), previousHash, owner(), expiresAt(), state(), marked, Optional.of(this));
      }
      this.rare = new Rare(this.createdAt == WIDE ? createdAt : null, this.lastUsedAt == WIDE ? lastUsedAt : null, revokedAt,
          previousEntry, previousHash != null ? previousUntil : null, wideStart, importedFrom,
          // In the order read, so a rewrite keeps the file's layout.
          unknownFields.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(unknownFields)), position);
    } else {
      this.rare = null;
    }
  }

  /** Up to 8 ASCII characters (none NUL) in a long, one a byte, the first in the highest; 0 for any other text. */
  private static long packAscii(String text) {
    if (text == null || text.isEmpty() || text.length() > 8) {
      return 0;
    }
    long packed = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0 || c > 0x7f) {
        return 0;
      }
      packed = (packed << 8) | c;
    }
    return packed << (8 * (8 - text.length()));
  }

  /** The display hint, unpacked. */
  private Optional<String> start() {
    if (startChars == 0) {
      return Optional.ofNullable(rare == null ? null : rare.start());
    }
    byte[] chars = new byte[8];
    int n = 0;
    for (long rest = startChars; rest != 0; rest <<= 8) {
      chars[n++] = (byte) (rest >>> 56);
    }
    return Optional.of(new String(chars, 0, n, StandardCharsets.US_ASCII));
  }

  /** Nanoseconds since the epoch, {@link #ABSENT} for null, {@link #WIDE} when they do not fit. */
  private static long pack(Instant at) {
    if (at == null) {
      return ABSENT;
    }
    try {
      long nanos = Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
      return nanos == ABSENT || nanos == WIDE ? WIDE : nanos;
    } catch (ArithmeticException e) {
      return WIDE;
    }
  }

  private Optional<Instant> unpack(long packed, Instant wide) {
    if (packed == ABSENT) {
      return Optional.empty();
    }
    if (packed == WIDE) {
      return Optional.of(wide);
    }
    return Optional.of(Instant.ofEpochSecond(Math.floorDiv(packed, 1_000_000_000L), Math.floorMod(packed, 1_000_000_000L)));
  }

  /**
   * The key's kind, as verification checks it against the kinds a store accepts.
   *
   * @return the kind
   */
  public KeyKind kind() {
    return shape.kind();
  }

  /**
   * Whether the key's owner is {@code owner}.
   *
   * @param owner an owner's id
   * @return {@code true} if the key has that owner
   */
  public boolean isOwnedBy(String owner) {
    return owner().filter(owner::equals).isPresent();
  }

  /**
   * Until when the replaced secret works.
   *
   * @return the deadline; empty if the key has no replaced secret in its grace period
   */
  public Optional<Instant> previousUntil() {
    return Optional.ofNullable(rare == null ? null : rare.previousUntil());
  }

  /**
   * The public description, made from the record (each call makes a new one).
   *
   * @return the key as listed
   */
  public StoredKey key() {
    Rare r = rare;
    return new StoredKey(id(), name(), Optional.ofNullable(notes == null ? null : notes.description()), shape.kind(), shape.type(), roles(),
        owner(), start(), hash().format(), notes != null && notes.encrypted() != null, shape.allowedIps(),
        unpack(createdAt, r == null ? null : r.wideCreatedAt()), expiresAt(), unpack(lastUsedAt, r == null ? null : r.wideLastUsedAt()),
        Optional.ofNullable(r == null ? null : r.revokedAt()), previousUntil());
  }

  /**
   * The hash of a replaced secret still in its grace period.
   *
   * @return the hash; empty if there is none
   */
  public Optional<KeyHash> previousHash() {
    return previousEntry().map(KeyEntry::hash);
  }

  /**
   * The encrypted viewable copy, {@code v1:<iv>:<ciphertext>:<tag>}.
   *
   * @return the copy; empty if none is kept
   */
  public Optional<String> encrypted() {
    return Optional.ofNullable(notes == null ? null : notes.encrypted());
  }

  /**
   * For an imported key: a fingerprint of the hash it was imported with, so importing the same file
   * again is recognised after the key was regenerated or its hash upgraded.
   *
   * @return the fingerprint; empty for a key that was not imported
   */
  public Optional<String> importedFrom() {
    return Optional.ofNullable(rare == null ? null : rare.importedFrom());
  }

  /**
   * The fingerprint {@link #importedFrom} holds: {@code sha256:} and the SHA-256 of the hash's text.
   *
   * @param hash an imported hash
   * @return its fingerprint
   */
  public static String importFingerprint(KeyHash hash) {
    return "sha256:" + HexFormat.of().formatHex(WatchedFile.sha256(hash.encoded().getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Fields this version does not know, as read.
   *
   * @return the fields, in the order read
   */
  public Map<String, JsonNode> unknownFields() {
    return rare == null ? Map.of() : rare.unknownFields();
  }

  /**
   * The index entry of the current secret: this record, its own payload.
   *
   * @return this record
   */
  public KeyEntry entry() {
    return this;
  }

  /**
   * Where the storage orders the key, such as a database row's position.
   *
   * @return the position; 0 where the storage keeps keys in order itself
   */
  public long position() {
    return position == WIDE_POSITION ? rare.widePosition() : position;
  }

  /**
   * The index entry of the replaced secret, during its grace period.
   *
   * @return the entry, with this record as its payload; empty if there is none
   */
  public Optional<KeyEntry> previousEntry() {
    return Optional.ofNullable(rare == null ? null : rare.previousEntry());
  }

  /**
   * Whether {@code found} is the entry of this record's replaced secret.
   *
   * @param found an entry whose payload is this record
   * @return {@code true} for the replaced secret's entry, {@code false} for the current one
   */
  public boolean isPreviousEntry(KeyEntry found) {
    return found != this && rare != null && found == rare.previousEntry();
  }

  /**
   * A copy with another description, the hashes and copy kept (the previous hash only while the
   * description keeps its deadline).
   *
   * @param changed the new description
   * @return the copy
   */
  public KeyRecord with(StoredKey changed) {
    return new KeyRecord(
        changed, hash(), changed.previousSecretValidUntil().isPresent() ? previousHash() : Optional.empty(), encrypted(), importedFrom(),
        unknownFields(), position());
  }

  /**
   * A copy with another description, current hash, previous hash and copy.
   *
   * @param changed the new description
   * @param newHash the new current hash
   * @param newPrevious the new previous hash
   * @param newEncrypted the new viewable copy
   * @return the copy
   */
  public KeyRecord with(StoredKey changed, KeyHash newHash, Optional<KeyHash> newPrevious, Optional<String> newEncrypted) {
    return new KeyRecord(changed, newHash, newPrevious, newEncrypted, importedFrom(), unknownFields(), position());
  }

  @Override
  public String toString() {
    return "KeyRecord[" + id() + ", " + hash().format() + "]";
  }
}
