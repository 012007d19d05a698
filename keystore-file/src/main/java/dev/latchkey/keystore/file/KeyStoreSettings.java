package dev.latchkey.keystore.file;

import dev.latchkey.Secret;
import dev.latchkey.hash.GeneratedKeys;
import dev.latchkey.hash.Peppers;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How a managed key store behaves, whatever storage keeps its keys: what {@link ManagedKeyStoreBuilder}
 * collects. Immutable; its {@code toString} never shows the encryption key.
 *
 * @param id the source id in principals, events and traces
 * @param clock the clock for expiry, grace periods and timestamps
 * @param peppers peppers keyed hashes may name
 * @param keyFormat the format of generated keys
 * @param newKeyPepper the pepper new keys are hashed under; empty for plain SHA-256
 * @param encryptionKey the secret viewable copies are encrypted under; empty for none
 * @param owners the owner directory checked on every request; empty for no owner checks
 * @param acceptedKinds the kinds accepted
 * @param upgradeSlowHashes whether a slow imported hash is replaced by a fast digest after its first use
 * @param flushInterval how often pending last-used times are written; zero for only on demand
 * @param listener receives the store's events; must not block
 */
public record KeyStoreSettings(
    String id,
    Clock clock,
    Peppers peppers,
    GeneratedKeys keyFormat,
    Optional<String> newKeyPepper,
    Optional<Secret> encryptionKey,
    Optional<OwnerDirectory> owners,
    Set<KeyKind> acceptedKinds,
    boolean upgradeSlowHashes,
    Duration flushInterval,
    Consumer<KeyStoreEvent> listener) {

  /**
   * Rejects nulls and copies.
   *
   * @param id the source id in principals, events and traces
   * @param clock the clock for expiry, grace periods and timestamps
   * @param peppers peppers keyed hashes may name
   * @param keyFormat the format of generated keys
   * @param newKeyPepper the pepper new keys are hashed under; empty for plain SHA-256
   * @param encryptionKey the secret viewable copies are encrypted under; empty for none
   * @param owners the owner directory checked on every request; empty for no owner checks
   * @param acceptedKinds the kinds accepted
   * @param upgradeSlowHashes whether a slow imported hash is replaced by a fast digest after its first use
   * @param flushInterval how often pending last-used times are written; zero for only on demand
   * @param listener receives the store's events; must not block
   * @throws IllegalArgumentException if the pepper for new keys is not among the peppers
   */
  public KeyStoreSettings {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(peppers, "peppers");
    Objects.requireNonNull(keyFormat, "keyFormat");
    Objects.requireNonNull(encryptionKey, "encryptionKey");
    Objects.requireNonNull(owners, "owners");
    acceptedKinds = Set.copyOf(acceptedKinds);
    Objects.requireNonNull(flushInterval, "flushInterval");
    Objects.requireNonNull(listener, "listener");
    if (newKeyPepper.isPresent() && peppers.get(newKeyPepper.get()).isEmpty()) {
      throw new IllegalArgumentException("the pepper '" + newKeyPepper.get() + "' for new keys is not configured");
    }
  }

  @Override
  public String toString() {
    return "KeyStoreSettings[id=" + id + ", viewable copies=" + encryptionKey.isPresent() + ", kinds=" + acceptedKinds + "]";
  }
}
