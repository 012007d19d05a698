package dev.latchkey.config;

import dev.latchkey.Credential;
import dev.latchkey.Principal;
import dev.latchkey.Secret;
import dev.latchkey.config.ConfigNode.Location;
import dev.latchkey.hash.InvalidKeyHashException;
import dev.latchkey.hash.KeyHash;
import dev.latchkey.hash.KeyHashes;
import dev.latchkey.hash.Peppers;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the keys of a configuration file, one section at a time, in the shape mcp-data-platform uses
 * and every key-list source of Latchkey shares:
 *
 * <pre>{@code
 * - key: ${API_KEY_ADMIN}      # the plaintext key (usually from a variable), or
 *   key_hash: sha256:…         # any self-describing hash instead
 *   name: admin-service        # required, unique
 *   roles: [admin]
 *   expires_at: 2027-01-31T00:00:00Z
 *   disabled: false
 * }</pre>
 *
 * <p>Refuses, as problems with their line and the variable the value came from: a missing or blank
 * name, a name or role with a control character (which no principal may have), neither or both of
 * {@code key} and {@code key_hash}, a key that is empty after expansion (where mcp-data-platform
 * accepts an empty key silently) or could never arrive in a request, a hash that cannot be read, a
 * name or key given twice. Plaintext keys are reduced to SHA-256 digests at once;
 * no problem ever quotes a key. Not thread-safe: one per list.
 */
public final class KeyListReader {
  private final Peppers peppers;
  private final Map<String, Settings> names = new HashMap<>();
  private final Map<KeyHash, Settings> hashes = new HashMap<>();

  /**
   * A reader for one list; keyed hashes take their pepper from {@code peppers}.
   *
   * @param peppers the peppers keyed hashes may name; {@link Peppers#none()} for none
   */
  public KeyListReader(Peppers peppers) {
    this.peppers = Objects.requireNonNull(peppers, "peppers");
  }

  /**
   * Reads the optional {@code peppers} section ({@code peppers: {pepper-id: ${PEPPER}}}) of
   * {@code settings}: the secrets keyed hashes ({@code hmac-sha256:<pepper id>:…}) are computed with.
   *
   * @param settings the section that may hold {@code peppers}
   * @return the peppers; {@link Peppers#none()} if the section is absent or wrong (the problem then recorded)
   */
  public static Peppers peppers(Settings settings) {
    Optional<Settings> section = settings.section("peppers");
    if (section.isEmpty()) {
      return Peppers.none();
    }
    Map<String, Secret> peppers = new LinkedHashMap<>();
    for (String id : section.get().names()) {
      Optional<String> value = section.get().text(id);
      if (value.isEmpty() || value.get().isEmpty()) {
        section.get().problem(id, "is empty" + section.get().variablesOf(id));
      } else {
        peppers.put(id, Secret.of(value.get()));
      }
    }
    return Peppers.of(peppers);
  }

  /**
   * Reads one key; empty, with its problems recorded, if it cannot be used. Duplicates are judged
   * against the keys this reader read before.
   *
   * @param key the key's section
   * @return the key; empty if it cannot be used
   */
  public Optional<KeyDefinition> read(Settings key) {
    int before = key.problemCount();
    Optional<String> name = key.requiredText("name");
    Optional<String> badName = name.flatMap(Principal::problemWith);
    if (name.isPresent() && name.get().isBlank()) {
      key.problem("name", "must not be blank");
      name = Optional.empty();
    } else if (badName.isPresent()) {
      key.problem("name", badName.get() + ", which no principal name may" + key.variablesOf("name"));
      name = Optional.empty();
    }
    Optional<KeyHash> hash = hash(key);
    List<String> roles = key.roles("roles");
    Optional<Instant> expiresAt = key.instant("expires_at");
    boolean disabled = key.flag("disabled", false);
    if (name.isPresent()) {
      Settings first = names.putIfAbsent(name.get(), key);
      if (first != null) {
        key.problem("name", "is the name of another key too (" + where(first) + ")");
      }
    }
    if (hash.isPresent()) {
      Settings first = hashes.putIfAbsent(hash.get(), key);
      if (first != null) {
        String field = key.has("key") ? "key" : "key_hash";
        key.problem(field, "is the same key as " + where(first) + key.variablesOf(field));
      }
    }
    if (key.problemCount() > before || name.isEmpty() || hash.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new KeyDefinition(name.get(), hash.get(), roles, expiresAt, disabled, key));
  }

  private Optional<KeyHash> hash(Settings key) {
    boolean plain = key.has("key");
    boolean hashed = key.has("key_hash");
    if (plain && hashed) {
      key.text("key");
      key.text("key_hash");
      key.problem("key_hash", "give either key or key_hash, not both");
      return Optional.empty();
    }
    if (hashed) {
      Optional<String> text = key.requiredText("key_hash");
      if (text.isEmpty()) {
        return Optional.empty();
      }
      try {
        return Optional.of(KeyHashes.parse(text.get().strip(), peppers));
      } catch (InvalidKeyHashException e) {
        // The parser's messages never quote the text.
        key.problem("key_hash", e.getMessage() + key.variablesOf("key_hash"));
        return Optional.empty();
      }
    }
    if (!plain) {
      key.problem("either key or key_hash is required");
      return Optional.empty();
    }
    Optional<String> text = key.requiredText("key");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    if (text.get().isEmpty()) {
      key.problem("key", "is empty" + key.variablesOf("key") + "; an empty key is never accepted");
      return Optional.empty();
    }
    Optional<String> problem = Credential.problemWith(text.get());
    if (problem.isPresent()) {
      key.problem("key", "holds a key that " + problem.get() + ", so no request could present it" + key.variablesOf("key"));
      return Optional.empty();
    }
    return Optional.of(KeyHashes.sha256(Secret.of(text.get())));
  }

  private static String where(Settings other) {
    Location at = other.location();
    return other.keyPath() + (at.line() > 0 ? " on line " + at.line() : "");
  }
}
