package dev.latchkey.config;

import dev.latchkey.hash.KeyHash;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One key declared in a configuration file ({@code keys: [{key: ${API_KEY}, name: ci, roles: [deploy]}]}),
 * as {@link KeyListReader} reads it: the plaintext is already reduced to a digest, so a definition
 * never holds a secret. Immutable, but for {@code settings}, which is only for the loading thread.
 *
 * @param name the key's unique name
 * @param hash the stored hash: SHA-256 of a plaintext {@code key}, or the {@code key_hash} as given
 * @param roles the roles it grants, in order
 * @param expiresAt when it stops working, if it does
 * @param disabled whether it is disabled
 * @param settings the key's own section, to read further settings a source supports
 */
public record KeyDefinition(
    String name, KeyHash hash, List<String> roles, Optional<Instant> expiresAt, boolean disabled, Settings settings) {
  /**
   * Rejects nulls and copies the roles.
   *
   * @param name the key's unique name
   * @param hash the stored hash: SHA-256 of a plaintext {@code key}, or the {@code key_hash} as given
   * @param roles the roles it grants, in order
   * @param expiresAt when it stops working, if it does
   * @param disabled whether it is disabled
   * @param settings the key's own section, to read further settings a source supports
   */
  public KeyDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(hash, "hash");
    roles = List.copyOf(roles);
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(settings, "settings");
  }
}
