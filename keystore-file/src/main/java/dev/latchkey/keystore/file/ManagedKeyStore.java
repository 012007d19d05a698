package dev.latchkey.keystore.file;

import dev.latchkey.CredentialSource;
import dev.latchkey.Secret;
import dev.latchkey.spi.BackgroundSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A managed API-key store, whatever keeps its keys ({@link FileKeyStore}: one JSON file; the PostgreSQL
 * store: a database several instances share): create (the secret is shown once), list, view (an
 * encrypted copy, to its owner), revoke, delete, regenerate (optionally with a grace period for the
 * old secret), lifespans, owners; and a {@link CredentialSource} that verifies keys from memory in O(1),
 * with Strapi's checks in Strapi's order. The rules are the same for every storage.
 *
 * <p>Verification never does I/O and never throws; writes run on the calling thread and throw
 * {@link KeyStoreException} when the storage cannot be written. Thread-safe.
 */
public interface ManagedKeyStore extends CredentialSource, BackgroundSource, AutoCloseable {

  /**
   * Every key, in the storage's order; never a secret.
   *
   * @return the keys, unmodifiable; empty if the store is empty
   */
  List<StoredKey> list();

  /**
   * The keys {@code owner} owns.
   *
   * @param owner the owning user's id, matched exactly
   * @return the keys, unmodifiable; empty if {@code owner} owns none
   */
  List<StoredKey> listOwnedBy(String owner);

  /**
   * The key {@code keyId}, if there is one.
   *
   * @param keyId the key's id
   * @return the key's metadata; empty if no key has that id
   */
  Optional<StoredKey> get(String keyId);

  /**
   * How many keys the store holds.
   *
   * @return the number of keys, revoked and expired ones included
   */
  int size();

  /**
   * The secret of key {@code keyId}, decrypted from its viewable copy, for its owner {@code requester}.
   *
   * @param keyId the key's id
   * @param requester the id of the user asking; must be the key's owner
   * @return the key's secret
   * @throws KeyStoreException {@code NO_SUCH_KEY}, {@code NOT_OWNER} or {@code NOT_VIEWABLE}
   */
  Secret view(String keyId, String requester);

  /**
   * Makes a new key; its secret is in the result only.
   *
   * @param request what key to make
   * @return the key's metadata and its secret
   * @throws KeyStoreException if the storage cannot be written, or the name is taken
   */
  IssuedKey create(KeyRequest request);

  /**
   * Makes several keys in one write; all or none.
   *
   * @param requests what keys to make, in order
   * @return the keys made, in the order requested, each with its secret
   * @throws KeyStoreException if the storage cannot be written, or a name is taken; then no key was made
   */
  List<IssuedKey> createAll(List<KeyRequest> requests);

  /**
   * Revokes key {@code keyId} for good, a grace-period secret included.
   *
   * @param keyId the key's id
   * @return the key's metadata after revocation
   * @throws KeyStoreException {@code NO_SUCH_KEY}, or if the storage cannot be written
   */
  StoredKey revoke(String keyId);

  /**
   * Deletes key {@code keyId}.
   *
   * @param keyId the key's id
   * @return whether there was such a key
   * @throws KeyStoreException if the storage cannot be written
   */
  boolean delete(String keyId);

  /**
   * Deletes every key {@code owner} owns (Strapi's rule when a user is deleted).
   *
   * @param owner the owning user's id, matched exactly
   * @return how many keys were deleted
   * @throws KeyStoreException if the storage cannot be written
   */
  int deleteKeysOwnedBy(String owner);

  /**
   * Gives key {@code keyId} a new secret; with a positive {@code grace} the old one works until then.
   *
   * @param keyId the key's id
   * @param grace how long the old secret keeps working; {@link Duration#ZERO} for not at all
   * @return the key's metadata and its new secret
   * @throws IllegalArgumentException if {@code grace} is negative or longer than 30 days
   * @throws KeyStoreException {@code NO_SUCH_KEY}; {@code INVALID_REQUEST} for a revoked key; or if the
   *     storage cannot be written
   */
  IssuedKey regenerate(String keyId, Duration grace);

  /**
   * As {@link #regenerate(String, Duration)}, on behalf of {@code requester}, who must own the key.
   *
   * @param keyId the key's id
   * @param requester the id of the user asking; must be the key's owner
   * @param grace how long the old secret keeps working; {@link Duration#ZERO} for not at all
   * @return the key's metadata and its new secret
   * @throws KeyStoreException also {@code NOT_OWNER}
   */
  IssuedKey regenerateAsOwner(String keyId, String requester, Duration grace);

  /**
   * Copies the keys of an Omnidev key file into this store, keeping their bcrypt hashes; importing
   * twice is harmless.
   *
   * @param omnidevFile the Omnidev key file to read; it is not changed
   * @return the keys imported
   * @throws dev.latchkey.ConfigurationException if the Omnidev file is malformed
   * @throws KeyStoreException if a file cannot be read or the storage cannot be written
   */
  List<StoredKey> importOmnidev(Path omnidevFile);

  /**
   * Writes pending last-used times and hash upgrades now, and ends grace periods that are over.
   *
   * @return whether anything was written
   * @throws KeyStoreException if the storage cannot be written; the pending changes are kept
   */
  boolean flushUsage();

  /** Cancels background work and writes pending last-used times; verification goes on. Idempotent. */
  @Override
  void close();
}
