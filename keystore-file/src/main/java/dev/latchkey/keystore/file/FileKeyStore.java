package dev.latchkey.keystore.file;

import dev.latchkey.ConfigurationException;
import dev.latchkey.Credential;
import dev.latchkey.CredentialSource;
import dev.latchkey.Secret;
import dev.latchkey.Verdict;
import dev.latchkey.keystore.file.internal.FileStorage;
import dev.latchkey.keystore.file.spi.ManagedKeys;
import dev.latchkey.spi.Background;
import dev.latchkey.spi.BackgroundSource;
import dev.latchkey.spi.Reload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A managed API-key store in one JSON file: create (the secret is shown once), list, view (an encrypted
 * copy, to its owner), revoke, delete, regenerate (optionally with a grace period for the old secret),
 * lifespans, owners; and a {@link CredentialSource} that verifies keys against it in O(1).
 *
 * <p>The rules are {@link ManagedKeyStore}'s, shared with every storage; this class keeps the keys in
 * the file.
 *
 * <p><b>Verification</b> runs on an immutable snapshot through a {@link dev.latchkey.hash.HashedKeyIndex}: one digest and
 * one table look-up, whatever the number of keys; it never reads the disk and never throws, and waits
 * only on what the host plugs in (the {@link OwnerDirectory}). Imported slow hashes (bcrypt) are tried
 * one by one for a secret no fast digest matched, so import them to move them to fast digests. Checks follow Strapi's order: the key is found; its kind is one this store accepts
 * ({@link Builder#acceptKinds}); it is not revoked; it is not expired ({@code 401 Token expired}); its
 * owner exists ({@code 401 Token owner not found}) and is active ({@code 401 Token owner is deactivated}),
 * when an {@link OwnerDirectory} is configured. The principal is named after the key, with its roles,
 * owner and expiry; its attributes are {@code kind}, {@code type} (content-API keys) and
 * {@code allowed_ips} (the key's own allowlist, which the authenticator enforces).
 *
 * <p><b>Writes</b> take an exclusive lock (within the JVM and, through a sidecar {@code <file>.lock},
 * across processes), re-read the file if another writer changed it, apply the change, and replace the
 * file atomically and durably (temporary file, fsync, atomic rename, directory fsync); a new file is
 * readable by its owner only. Two processes editing one file lose nothing, and a writer killed at any
 * moment leaves the last complete file. Each write rewrites the whole file: batch bulk creation with
 * {@link #createAll}. When a key was last used is recorded at most once an hour per key, in memory on the
 * request path and written in the background, batched.
 *
 * <p><b>External edits</b> are picked up by the background check ({@link #reloadIfChanged()}, every
 * {@link Builder#refreshInterval refresh interval}) through {@link dev.latchkey.spi.ReloadingFile}: size, time and file
 * identity, then the content's SHA-256. An edit that cannot be loaded leaves the last good keys in force
 * and emits one {@link KeyStoreEvent.ReloadFailed} naming file, line and key; the store then refuses
 * writes until the file is fixed, so the broken edit is not overwritten. So does a file that disappears
 * (it is never written back from memory), is replaced by a directory or is truncated to nothing; to
 * remove every key, write {@code {"version": 1, "keys": []}}. A warning that keeps recurring (a file
 * that stays unreadable) is logged once, then at most once a minute with a count.
 *
 * <p><b>Where background work runs:</b> the store is a {@link BackgroundSource}. Added to an
 * authenticator, its checks and batched writes run on the authenticator's one background thread (or on
 * the executor the host gave {@link dev.latchkey.Latchkey.Builder#scheduler}); the store starts no thread
 * of its own, and nothing on a request thread reads or writes the file. A store used on its own does no
 * background work until {@link #start} is called with a background, such as
 * {@link dev.latchkey.spi.BackgroundScheduler#start}; until then, call {@link #reloadIfChanged()} and
 * {@link #flushUsage()} yourself.
 *
 * <p>Never written to the file: secrets, the encryption key, peppers. Never in logs, exceptions,
 * events or {@code toString}: secrets (only the display hint {@code start} and fingerprints).
 *
 * <p>Thread-safe. {@link #close()} cancels its background tasks and writes pending last-used times.
 */
public final class FileKeyStore implements ManagedKeyStore, dev.latchkey.spi.HealthReporting {
  /** The source id used unless configured. */
  public static final String DEFAULT_ID = "file";
  /** How often the file is checked for external edits, by default. */
  public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(2);
  /** How often pending last-used times are written, by default. */
  public static final Duration DEFAULT_FLUSH_INTERVAL = ManagedKeyStoreBuilder.DEFAULT_FLUSH_INTERVAL;
  /** A key's last use is written at most this often (Strapi's rule). */
  public static final Duration LAST_USED_RESOLUTION = ManagedKeys.LAST_USED_RESOLUTION;
  /** The longest grace period a regenerated key's old secret may have. */
  public static final Duration MAX_GRACE_PERIOD = ManagedKeys.MAX_GRACE_PERIOD;

  private final ManagedKeys keys;
  private final FileStorage storage;

  private FileKeyStore(Builder b, KeyStoreSettings settings) {
    Path file = realPath(b.file);
    this.keys = new ManagedKeys(settings, sink -> new FileStorage(file, settings.peppers(), settings.clock(), b.refreshInterval, settings.listener(), sink));
    this.storage = (FileStorage) keys.storage();
  }

  /**
   * The file's real path (links resolved, or its folder's when it does not exist yet), so every spelling
   * of one file shares one lock, and a write replaces the file a link points to, never the link.
   */
  private static Path realPath(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    try {
      if (Files.exists(absolute)) {
        return absolute.toRealPath();
      }
      Path parent = absolute.getParent();
      return parent != null && Files.exists(parent) ? parent.toRealPath().resolve(absolute.getFileName()) : absolute;
    } catch (IOException e) {
      return absolute;
    }
  }

  /**
   * A builder for the store in {@code file}; the file need not exist yet (the first write creates it).
   *
   * @param file the key file (JSON)
   * @return a new builder
   */
  public static Builder builder(Path file) {
    return new Builder(file);
  }

  @Override
  public String id() {
    return keys.id();
  }

  @Override
  public Verdict verify(Credential credential) {
    return keys.verify(credential);
  }

  /**
   * Every key, in file order; never a secret.
   *
   * @return the keys, unmodifiable; empty if the store is empty
   */
  @Override
  public List<StoredKey> list() {
    return keys.list();
  }

  /**
   * The keys {@code owner} owns, in file order.
   *
   * @param owner the owning user's id, matched exactly
   * @return the keys, unmodifiable; empty if {@code owner} owns none
   */
  @Override
  public List<StoredKey> listOwnedBy(String owner) {
    return keys.listOwnedBy(owner);
  }

  /**
   * The key {@code keyId}, if there is one.
   *
   * @param keyId the key's id
   * @return the key's metadata; empty if no key has that id
   */
  @Override
  public Optional<StoredKey> get(String keyId) {
    return keys.get(keyId);
  }

  /**
   * How many keys the store holds.
   *
   * @return the number of keys, revoked and expired ones included
   */
  @Override
  public int size() {
    return keys.size();
  }

  /**
   * The key file.
   *
   * @return the key file's real path: absolute, with links resolved
   */
  public Path file() {
    return storage.file();
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
  public Secret view(String keyId, String requester) {
    return keys.view(keyId, requester);
  }

  /**
   * Makes a new key: a generated secret (returned once, in the result), its hash, and an encrypted
   * copy when the store has an encryption key and the request is viewable.
   *
   * @param request what key to make
   * @return the key's metadata and its secret, which is not kept in plain form and cannot be shown again
   *     unless the key is viewable
   * @throws KeyStoreException if the file cannot be read or written, or the name is taken (see {@link #createAll})
   */
  @Override
  public IssuedKey create(KeyRequest request) {
    return createAll(List.of(request)).get(0);
  }

  /**
   * Makes several keys in one write: the way to fill a large store. A name already in the store (or
   * twice in {@code requests}) is refused unless its request {@linkplain KeyRequest.Builder#allowDuplicateName
   * allows a duplicate}.
   *
   * @param requests what keys to make, in order
   * @return the keys made, in the order requested, each with its secret
   * @throws KeyStoreException if the file cannot be read or written, or a name is taken
   *     ({@link KeyStoreException.Problem#DUPLICATE_NAME}); then no key was made
   */
  @Override
  public List<IssuedKey> createAll(List<KeyRequest> requests) {
    return keys.createAll(requests);
  }

  /**
   * Revokes key {@code keyId} for good (a grace-period secret included); revoking a revoked key keeps
   * its first revocation time.
   *
   * @param keyId the key's id
   * @return the key's metadata after revocation
   * @throws KeyStoreException {@code NO_SUCH_KEY}, or if the file cannot be read or written
   */
  @Override
  public StoredKey revoke(String keyId) {
    return keys.revoke(keyId);
  }

  /**
   * Deletes key {@code keyId} from the file.
   *
   * @param keyId the key's id
   * @return whether there was such a key
   * @throws KeyStoreException if the file cannot be read or written
   */
  @Override
  public boolean delete(String keyId) {
    return keys.delete(keyId);
  }

  /**
   * Deletes every key {@code owner} owns: what to call when the owning user is deleted (Strapi's rule).
   *
   * @param owner the owning user's id, matched exactly
   * @return how many keys were deleted
   * @throws KeyStoreException if the file cannot be read or written
   */
  @Override
  public int deleteKeysOwnedBy(String owner) {
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
   * @throws IllegalArgumentException if {@code grace} is negative or longer than {@link #MAX_GRACE_PERIOD}
   * @throws KeyStoreException {@code NO_SUCH_KEY}; {@code INVALID_REQUEST} for a revoked key; or if the
   *     file cannot be read or written
   */
  @Override
  public IssuedKey regenerate(String keyId, Duration grace) {
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
  public IssuedKey regenerateAsOwner(String keyId, String requester, Duration grace) {
    return keys.regenerate(keyId, grace, Optional.of(requester));
  }

  /**
   * Copies the keys of an Omnidev key file ({@code workspaces/api-keys.json}) into this store: each
   * record becomes a generic key named after its {@code userId}, keeping its bcrypt hash (a legacy
   * plaintext record is stored as a SHA-256 digest). Records already imported (same stored hash) are
   * skipped, so importing twice is harmless. Once an imported key is used successfully, its bcrypt hash
   * is replaced by a fast digest in the background (see {@link Builder#upgradeSlowHashes}).
   *
   * @param omnidevFile the Omnidev key file to read; it is not changed
   * @return the keys imported
   * @throws ConfigurationException if the Omnidev file is malformed (every problem, with line and column)
   * @throws KeyStoreException if a file cannot be read or written
   */
  @Override
  public List<StoredKey> importOmnidev(Path omnidevFile) {
    return keys.importOmnidev(omnidevFile);
  }

  /**
   * Writes pending last-used times and hash upgrades now, in one write; also drops replaced secrets
   * whose grace period is over. Normally run in the background every flush interval.
   *
   * @return whether anything was written
   * @throws KeyStoreException if the file cannot be read or written; the pending changes are kept
   */
  @Override
  public boolean flushUsage() {
    return keys.flushUsage();
  }

  /**
   * Loads the file now if it changed since it was last loaded or written (size, time, identity, then
   * content). A file that cannot be loaded leaves the keys in force, logs a warning (once, then at most
   * once a minute while it lasts) and emits one {@link KeyStoreEvent.ReloadFailed} with every problem.
   * Returns {@link Reload#unchanged()} at once, without loading, if another thread is loading or writing.
   * The background runs this every refresh interval once the store is {@link #start started}.
   *
   * @return what the check found
   */
  public Reload reloadIfChanged() {
    return storage.reloadIfChanged();
  }

  /**
   * Schedules the store's background work on {@code background}: a check of the file every refresh
   * interval and a write of pending last-used times every flush interval (either left out if its
   * interval is zero). Called by {@link dev.latchkey.Latchkey.Builder#build()} for a store added to an
   * authenticator; a store used on its own does no background work until it is called. Starting a
   * started or closed store does nothing.
   *
   * @param background where the work runs
   */
  @Override
  public void start(Background background) {
    keys.start(background);
  }

  /**
   * Cancels the store's background tasks (a task already running finishes) and writes pending
   * last-used times. The store still answers requests from the keys in force. Idempotent.
   */
  @Override
  public void close() {
    keys.close();
  }

  /**
   * {@code UP} while the key file's content is in force (or the file does not exist yet), {@code DEGRADED}
   * while a change could not be loaded and the keys loaded before serve. Details: {@code file},
   * {@code loaded_at}, while a failure lasts {@code last_failure} (as {@code file:line:column: key:
   * message}, never a value) and {@code failed_since}, then {@code keys}, how many are loaded. Never
   * reads the file; thread-safe.
   *
   * @return the health
   */
  @Override
  public dev.latchkey.Health health() {
    return storage.health().withDetail("keys", size());
  }

  @Override
  public String toString() {
    return "FileKeyStore[id=" + id() + ", file=" + file() + ", keys=" + size() + "]";
  }

  /** Configures a {@link FileKeyStore}. Not thread-safe. */
  public static final class Builder extends ManagedKeyStoreBuilder<Builder> {
    private final Path file;
    private Duration refreshInterval = DEFAULT_REFRESH_INTERVAL;

    private Builder(Path file) {
      super(DEFAULT_ID);
      this.file = Objects.requireNonNull(file, "file");
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * How often the background checks the file for external edits, once the store is
     * {@link FileKeyStore#start started}; {@link #DEFAULT_REFRESH_INTERVAL} by default.
     * {@link Duration#ZERO}: never (call {@link FileKeyStore#reloadIfChanged()}).
     *
     * @param interval the delay between checks; zero or positive
     * @return this builder
     */
    public Builder refreshInterval(Duration interval) {
      this.refreshInterval = nonNegative(interval);
      return this;
    }

    /**
     * Opens the store, loading the file if it exists. Starts no background work: see
     * {@link FileKeyStore#start}.
     *
     * @return the store
     * @throws ConfigurationException if the file cannot be read or holds anything this store cannot use,
     *     with every problem's line, column and key
     * @throws IllegalArgumentException if the pepper for new keys is not among the peppers
     */
    public FileKeyStore open() {
      return new FileKeyStore(this, settings());
    }
  }
}
