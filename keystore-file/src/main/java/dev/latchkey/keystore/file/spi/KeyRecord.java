package dev.latchkey.keystore.file.spi;

import dev.latchkey.spi.WatchedFile;
import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.hash.KeyEntry;
import dev.latchkey.hash.KeyHash;
import dev.latchkey.hash.KeyState;
import dev.latchkey.keystore.file.KeyKind;
import dev.latchkey.keystore.file.StoredKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One key of the key file as the store keeps it: the public description, the stored hash, the hash of a
 * replaced secret still in its grace period, the encrypted viewable copy, and any fields a newer
 * version wrote that this one does not know (kept and written back, so nothing is lost). The index
 * entries are made once, here, so a write that changes one key does not rebuild the others; each carries
 * its {@link Facts} as its payload. Immutable.
 */
public final class KeyRecord {
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

  private static final int MAX_SHARED = 1_000;
  private static final ConcurrentMap<Map<String, String>, Map<String, String>> SHARED = new ConcurrentHashMap<>();

  private final StoredKey key;
  private final KeyHash hash;
  private final Optional<KeyHash> previousHash;
  private final Optional<String> encrypted;
  private final Optional<String> importedFrom;
  private final Map<String, JsonNode> unknownFields;
  private final KeyEntry entry;
  private final Optional<KeyEntry> previousEntry;

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
    this.key = Objects.requireNonNull(key, "key");
    this.hash = Objects.requireNonNull(hash, "hash");
    this.previousHash = Objects.requireNonNull(previousHash, "previousHash");
    this.encrypted = Objects.requireNonNull(encrypted, "encrypted");
    this.importedFrom = Objects.requireNonNull(importedFrom, "importedFrom");
    // In the order read, so a rewrite keeps the file's layout.
    this.unknownFields = Collections.unmodifiableMap(new LinkedHashMap<>(unknownFields));
    if (previousHash.isPresent() != key.previousSecretValidUntil().isPresent()) {
      throw new IllegalArgumentException("a previous hash and its deadline go together");
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put(KIND_ATTRIBUTE, key.kind().jsonName());
    key.type().ifPresent(t -> attributes.put(TYPE_ATTRIBUTE, t.jsonName()));
    if (!key.allowedIps().isEmpty()) {
      attributes.put(ALLOWED_IPS_ATTRIBUTE, String.join(",", key.allowedIps()));
    }
    KeyEntry.Builder b = KeyEntry.builder(key.id(), hash)
        .name(key.name())
        .roles(key.roles())
        .state(key.isRevoked() ? KeyState.REVOKED : KeyState.ACTIVE)
        .attributes(shared(attributes))
        .payload(new Facts(key.id(), key.kind(), Optional.empty()));
    key.owner().ifPresent(b::owner);
    key.expiresAt().ifPresent(b::expiresAt);
    this.entry = b.build();
    this.previousEntry = previousHash.map(h -> {
      Instant until = key.previousSecretValidUntil().get();
      Map<String, String> marked = new LinkedHashMap<>(entry.attributes());
      marked.put(PREVIOUS_VALID_UNTIL_ATTRIBUTE, until.toString());
      return new KeyEntry(
          key.id() + PREVIOUS_SUFFIX, entry.name(), entry.roles(), h, entry.owner(), entry.expiresAt(), entry.state(), marked,
          Optional.of(new Facts(key.id(), key.kind(), Optional.of(until))));
    });
  }

  /**
   * What verification reads of an index entry, typed: the key's id (also for a replaced secret's entry,
   * whose index id has a suffix), its kind, and for a replaced secret until when it works.
   *
   * @param keyId the key's id
   * @param kind the key's kind
   * @param previousUntil for the entry of a replaced secret: until when it works; empty for the current one
   */
  public record Facts(String keyId, KeyKind kind, Optional<Instant> previousUntil) {}

  /**
   * One immutable instance per distinct attribute map (most keys share {@code {kind=generic}}): a
   * million keys then hold a handful of maps, and verifying a key touches one that is already cached.
   */
  private static Map<String, String> shared(Map<String, String> attributes) {
    Map<String, String> frozen = Map.copyOf(attributes);
    if (SHARED.size() >= MAX_SHARED) {
      return frozen;
    }
    Map<String, String> existing = SHARED.putIfAbsent(frozen, frozen);
    return existing != null ? existing : frozen;
  }

  /**
   * The public description.
   *
   * @return the key as listed
   */
  public StoredKey key() {
    return key;
  }

  /**
   * The stored hash of the current secret.
   *
   * @return the hash
   */
  public KeyHash hash() {
    return hash;
  }

  /**
   * The hash of a replaced secret still in its grace period.
   *
   * @return the hash; empty if there is none
   */
  public Optional<KeyHash> previousHash() {
    return previousHash;
  }

  /**
   * The encrypted viewable copy, {@code v1:<iv>:<ciphertext>:<tag>}.
   *
   * @return the copy; empty if none is kept
   */
  public Optional<String> encrypted() {
    return encrypted;
  }

  /**
   * For an imported key: a fingerprint of the hash it was imported with, so importing the same file
   * again is recognised after the key was regenerated or its hash upgraded.
   *
   * @return the fingerprint; empty for a key that was not imported
   */
  public Optional<String> importedFrom() {
    return importedFrom;
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
    return unknownFields;
  }

  /**
   * The index entry of the current secret.
   *
   * @return the entry, with its {@link Facts}
   */
  public KeyEntry entry() {
    return entry;
  }

  /**
   * The index entry of the replaced secret, during its grace period.
   *
   * @return the entry; empty if there is none
   */
  public Optional<KeyEntry> previousEntry() {
    return previousEntry;
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
        changed, hash, changed.previousSecretValidUntil().isPresent() ? previousHash : Optional.empty(), encrypted, importedFrom, unknownFields);
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
    return new KeyRecord(changed, newHash, newPrevious, newEncrypted, importedFrom, unknownFields);
  }

  @Override
  public String toString() {
    return "KeyRecord[" + key.id() + ", " + hash.format() + "]";
  }
}
