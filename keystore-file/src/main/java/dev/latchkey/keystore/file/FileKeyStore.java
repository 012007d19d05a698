package dev.latchkey.keystore.file;

import dev.latchkey.ConfigurationException;
import dev.latchkey.CredentialSource;
import dev.latchkey.keystore.file.internal.FileStorage;
import dev.latchkey.keystore.file.spi.ManagedKeys;
import dev.latchkey.spi.BackgroundSource;
import dev.latchkey.spi.Reload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

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
public final class FileKeyStore extends ManagedKeyStoreBase implements dev.latchkey.spi.HealthReporting {
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

  private final FileStorage storage;

  private FileKeyStore(Builder b, KeyStoreSettings settings, Path file) {
    super(settings, sink -> new FileStorage(file, settings.peppers(), settings.clock(), b.refreshInterval, settings.listener(), sink));
    this.storage = (FileStorage) storage();
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

  /**
   * The key file.
   *
   * @return the key file's real path: absolute, with links resolved
   */
  public Path file() {
    return storage.file();
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
      return new FileKeyStore(this, settings(), realPath(file));
    }
  }
}
