package dev.latchkey.keystore.file;

import dev.latchkey.ConfigurationException;
import dev.latchkey.Credential;
import dev.latchkey.Secret;
import dev.latchkey.Verdict;
import dev.latchkey.keystore.file.spi.KeyStorage;
import dev.latchkey.keystore.file.spi.ManagedKeys;
import dev.latchkey.spi.Background;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every {@link ManagedKeyStore} operation, once, for Latchkey's managed stores ({@link FileKeyStore},
 * {@code PostgresKeyStore}): each is handed to the rules every storage shares, so a store keeps only
 * what is its own (how it is configured and opened, its storage, its health). Not for extension
 * outside Latchkey: the constructor takes the storage SPI, which only Latchkey's modules can use.
 *
 * <p>Verification never does I/O and never throws; writes are one atomic change each in the storage.
 * Thread-safe. {@link #close()} cancels the background tasks and writes pending last-used times.
 */
@SuppressWarnings("exports") // the constructor and storage() name the storage SPI, for Latchkey's own stores
public abstract class ManagedKeyStoreBase implements ManagedKeyStore {
  private final ManagedKeys keys;

  /**
   * A store with {@code settings}, over the storage {@code open} makes; {@code open} receives the sink
   * it must keep informed, and loads the keys before returning.
   *
   * @param settings how the store behaves
   * @param open opens the storage, given the store's sink
   */
  protected ManagedKeyStoreBase(KeyStoreSettings settings, Function<KeyStorage.Sink, KeyStorage> open) {
    this.keys = new ManagedKeys(settings, open);
  }

  /**
   * The storage the keys are kept in.
   *
   * @return the storage, as opened
   */
  protected final KeyStorage storage() {
    return keys.storage();
  }

  @Override
  public final String id() {
    return keys.id();
  }

  @Override
  public final Verdict verify(Credential credential) {
    return keys.verify(credential);
  }

  /**
   * Every key, in the storage's order; never a secret.
   *
   * @return the keys, unmodifiable; empty if the store is empty
   */
  @Override
  public final List<StoredKey> list() {
    return keys.list();
  }

  /**
   * The keys {@code owner} owns, in the storage's order.
   *
   * @param owner the owning user's id, matched exactly
   * @return the keys, unmodifiable; empty if {@code owner} owns none
   */
  @Override
  public final List<StoredKey> listOwnedBy(String owner) {
    return keys.listOwnedBy(owner);
  }

  /**
   * The key {@code keyId}, if there is one.
   *
   * @param keyId the key's id
   * @return the key's metadata; empty if no key has that id
   */
  @Override
  public final Optional<StoredKey> get(String keyId) {
    return keys.get(keyId);
  }

  /**
   * How many keys the store holds.
   *
   * @return the number of keys, revoked and expired ones included
   */
  @Override
  public final int size() {
    return keys.size();
  }

  /**
   * The secret of key {@code keyId}, decrypted from its viewable copy, for its owner {@code requester}.
   *
   * @param keyId the key's id
   * @param requester the id of the user asking; must be the key's owner
   * @return the key's secret; never logged or stored by this call
   * @throws KeyStoreException {@code NO_SUCH_KEY}; {@code NOT_OWNER} if the key has no owner or another
   *     one; {@code NOT_VIEWABLE} if no copy was kept, the store has no encryption key, or the copy was
   *     made under another encryption key
   */
  @Override
  public final Secret view(String keyId, String requester) {
    return keys.view(keyId, requester);
  }

  /**
   * Makes a new key: a generated secret (returned once, in the result), its hash, and an encrypted
   * copy when the store has an encryption key and the request is viewable.
   *
   * @param request what key to make
   * @return the key's metadata and its secret, which is not kept in plain form and cannot be shown again
   *     unless the key is viewable
   * @throws KeyStoreException if the storage cannot be read or written, or the name is taken (see
   *     {@link #createAll})
   */
  @Override
  public final IssuedKey create(KeyRequest request) {
    return createAll(List.of(request)).get(0);
  }

  /**
   * Makes several keys in one write: the way to fill a large store. A name already in the store (or
   * twice in {@code requests}) is refused unless its request {@linkplain KeyRequest.Builder#allowDuplicateName
   * allows a duplicate}.
   *
   * @param requests what keys to make, in order
   * @return the keys made, in the order requested, each with its secret
   * @throws KeyStoreException if the storage cannot be read or written, or a name is taken
   *     ({@link KeyStoreException.Problem#DUPLICATE_NAME}); then no key was made
   */
  @Override
  public final List<IssuedKey> createAll(List<KeyRequest> requests) {
    return keys.createAll(requests);
  }

  /**
   * Revokes key {@code keyId} for good (a grace-period secret included); revoking a revoked key keeps
   * its first revocation time.
   *
   * @param keyId the key's id
   * @return the key's metadata after revocation
   * @throws KeyStoreException {@code NO_SUCH_KEY}, or if the storage cannot be read or written
   */
  @Override
  public final StoredKey revoke(String keyId) {
    return keys.revoke(keyId);
  }

  /**
   * Deletes key {@code keyId}.
   *
   * @param keyId the key's id
   * @return whether there was such a key
   * @throws KeyStoreException if the storage cannot be read or written
   */
  @Override
  public final boolean delete(String keyId) {
    return keys.delete(keyId);
  }

  /**
   * Deletes every key {@code owner} owns: what to call when the owning user is deleted (Strapi's rule).
   *
   * @param owner the owning user's id, matched exactly
   * @return how many keys were deleted
   * @throws KeyStoreException if the storage cannot be read or written
   */
  @Override
  public final int deleteKeysOwnedBy(String owner) {
    return keys.deleteKeysOwnedBy(owner);
  }

  /**
   * Gives key {@code keyId} a new secret, keeping its id, name, roles, owner and expiry. With a positive
   * {@code grace}, the old secret keeps working until then (as Stripe allows when rolling keys);
   * with {@link Duration#ZERO} it stops at once. A viewable copy is replaced, or dropped if the store has
   * no encryption key, so it never shows a dead secret.
   *
   * @param keyId the key's id
   * @param grace how long the old secret keeps working; {@link Duration#ZERO} for not at all
   * @return the key's metadata and its new secret
   * @throws IllegalArgumentException if {@code grace} is negative or longer than
   *     {@link FileKeyStore#MAX_GRACE_PERIOD}
   * @throws KeyStoreException {@code NO_SUCH_KEY}; {@code INVALID_REQUEST} for a revoked key; or if the
   *     storage cannot be read or written
   */
  @Override
  public final IssuedKey regenerate(String keyId, Duration grace) {
    return keys.regenerate(keyId, grace, Optional.empty());
  }

  /**
   * As {@link #regenerate(String, Duration)}, on behalf of {@code requester}, who must own the key
   * (Strapi's rule for admin tokens).
   *
   * @param keyId the key's id
   * @param requester the id of the user asking; must be the key's owner
   * @param grace how long the old secret keeps working; {@link Duration#ZERO} for not at all
   * @return the key's metadata and its new secret
   * @throws KeyStoreException also {@code NOT_OWNER}
   */
  @Override
  public final IssuedKey regenerateAsOwner(String keyId, String requester, Duration grace) {
    return keys.regenerate(keyId, grace, Optional.of(requester));
  }

  /**
   * Copies the keys of an Omnidev key file ({@code workspaces/api-keys.json}) into this store: each
   * record becomes a generic key named after its {@code userId}, keeping its bcrypt hash (a legacy
   * plaintext record is stored as a SHA-256 digest). Records already imported (same stored hash) are
   * skipped, so importing twice is harmless. Once an imported key is used successfully, its bcrypt hash
   * is replaced by a fast digest in the background (when the store upgrades slow hashes).
   *
   * @param omnidevFile the Omnidev key file to read; it is not changed
   * @return the keys imported
   * @throws ConfigurationException if the Omnidev file is malformed (every problem, with line and column)
   * @throws KeyStoreException if a file or the storage cannot be read or written
   */
  @Override
  public final List<StoredKey> importOmnidev(Path omnidevFile) {
    return keys.importOmnidev(omnidevFile);
  }

  /**
   * Writes pending last-used times and hash upgrades now, in one write; also drops replaced secrets
   * whose grace period is over. Normally run in the background every flush interval.
   *
   * @return whether anything was written
   * @throws KeyStoreException if the storage cannot be read or written; the pending changes are kept
   */
  @Override
  public final boolean flushUsage() {
    return keys.flushUsage();
  }

  /**
   * Schedules the store's background work on {@code background}: the storage's own checks and the
   * write of pending last-used times every flush interval. Called by
   * {@link dev.latchkey.Latchkey.Builder#build()} for a store added to an authenticator; a store used on
   * its own does no background work until it is called. Starting a started or closed store does
   * nothing.
   *
   * @param background where the work runs
   */
  @Override
  public final void start(Background background) {
    keys.start(background);
  }

  /**
   * Cancels the store's background tasks (a task already running finishes) and writes pending
   * last-used times; releases what the storage holds. The store still answers requests from the keys
   * in force. Idempotent.
   */
  @Override
  public final void close() {
    keys.close();
  }
}
