package dev.latchkey.keystore.file.internal;

import dev.latchkey.ConfigurationException;
import dev.latchkey.hash.KeyHash;
import dev.latchkey.hash.Peppers;
import dev.latchkey.keystore.file.FileKeyStore;
import dev.latchkey.keystore.file.KeyStoreEvent;
import dev.latchkey.keystore.file.KeyStoreException;
import dev.latchkey.keystore.file.internal.KeyFileCodec.KeyFile;
import dev.latchkey.keystore.file.spi.KeyRecord;
import dev.latchkey.keystore.file.spi.KeyStorage;
import dev.latchkey.spi.Background;
import dev.latchkey.spi.Reload;
import dev.latchkey.spi.ReloadingFile;
import dev.latchkey.spi.WatchedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys kept in one JSON file: the {@link KeyStorage} of {@link FileKeyStore}. Writes take an exclusive
 * lock (within the JVM and, through a sidecar {@code <file>.lock}, across processes), re-read the file
 * if another writer changed it, apply the change, and replace the file atomically and durably. External
 * edits are picked up through {@link ReloadingFile}. Thread-safe.
 */
public final class FileStorage implements KeyStorage {
  private static final Logger LOG = LoggerFactory.getLogger(FileKeyStore.class);

  private final Path file;
  private final Peppers peppers;
  private final Clock clock;
  private final Duration refreshInterval;
  private final StoreEvents events;
  private final KeyStorage.Sink sink;
  /** The file and the state it holds; its lock is the one writers and checks share. */
  private final ReloadingFile<State> keys;

  /** What the file holds now (its keys by id are the sink's: {@link KeyStorage.Sink#held}). */
  private record State(KeyFile file) {
    static final State EMPTY = new State(KeyFile.EMPTY);

    int size() {
      return file.records().size();
    }
  }

  /**
   * Opens {@code file} (loading it if it exists) and tells {@code sink} its keys.
   *
   * @param file the key file's real path
   * @param peppers peppers keyed hashes may name
   * @param clock the clock
   * @param refreshInterval how often the background checks the file; zero for never
   * @param listener receives reloads and failed reloads
   * @param sink the store to keep informed
   * @throws ConfigurationException if the file cannot be loaded
   */
  public FileStorage(Path file, Peppers peppers, Clock clock, Duration refreshInterval, Consumer<KeyStoreEvent> listener, KeyStorage.Sink sink) {
    this.file = file;
    this.peppers = peppers;
    this.clock = clock;
    this.refreshInterval = refreshInterval;
    this.events = new StoreEvents(file, listener);
    this.sink = sink;
    this.keys = ReloadingFile.builder(file, this::parse)
        .describedAs("API keys", State::size)
        .listener(events::reloaded)
        .loggingAs(FileKeyStore.class)
        .clock(clock)
        .loadIfExists(State.EMPTY);
  }

  /**
   * The key file.
   *
   * @return its real path
   */
  public Path file() {
    return file;
  }

  /**
   * Loads the file now if it changed since it was last loaded or written.
   *
   * @return what the check found
   */
  public Reload reloadIfChanged() {
    return keys.reloadIfChanged();
  }

  /**
   * The file's health, as its {@link ReloadingFile} reports it.
   *
   * @return the health
   */
  public dev.latchkey.Health health() {
    return keys.health();
  }

  @Override
  public String describe() {
    return file.toString();
  }

  @Override
  public String shortName() {
    return file.getFileName().toString();
  }

  @Override
  public List<KeyRecord> records() {
    return keys.current().file().records();
  }

  @Override
  public List<Background.Task> start(Background background) {
    return refreshInterval.isZero() ? List.of() : List.of(keys.watch(background, refreshInterval));
  }

  @Override
  public KeyStoreEvent writeFailed(String failure) {
    return new KeyStoreEvent.WriteFailed(file, failure);
  }

  @Override
  public void close() {
    // Nothing held between writes.
  }

  /**
   * Reads a content of the file and publishes its keys (the file's {@link ReloadingFile} puts the state
   * in force right after). A blank file is an empty store only for a store that never held keys: a
   * store that did takes it for a writer caught mid-write (an editor truncating in place) and keeps its
   * keys.
   *
   * @throws ConfigurationException with every problem; the keys in force are left as they were
   */
  private State parse(WatchedFile.Content content) {
    KeyFile parsed = KeyFileCodec.read(content.bytes(), file.toString(), peppers);
    // Null while the constructor loads the file: nothing is in force yet.
    State before = keys == null ? State.EMPTY : keys.current();
    if (parsed.records().isEmpty() && !before.file().records().isEmpty() && KeyFileCodec.isBlank(content.bytes())) {
      throw new ConfigurationException(new ConfigurationException.Problem(
          file.toString(), 0, 0, "", "is empty; write {\"version\": 1, \"keys\": []} to remove every key"));
    }
    return publish(parsed);
  }

  /**
   * Publishes {@code keyFile} to the store, and returns the state that holds it.
   *
   * @throws ConfigurationException if two keys share a secret; the store is left as it was
   */
  private State publish(KeyFile keyFile) {
    try {
      sink.replaceAll(keyFile.records());
    } catch (IllegalArgumentException duplicate) {
      throw new ConfigurationException(new ConfigurationException.Problem(file.toString(), 0, 0, "keys", duplicate.getMessage()));
    }
    return new State(keyFile);
  }

  @Override
  public <T> T write(String operation, Function<Transaction, T> work) {
    try {
      // The OS lock keeps other processes out, the file's own lock the background check.
      return FileLocks.withLock(file, () -> keys.exclusively(() -> {
        try {
          State base = currentForWrite();
          FileTransaction tx = new FileTransaction(base, sink, clock.instant());
          T result = work.apply(tx);
          if (tx.working != null) {
            write(base.file(), base.file().with(new ArrayList<>(tx.working.values())));
          }
          return result;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }));
    } catch (IOException | UncheckedIOException e) {
      Throwable cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e;
      throw new KeyStoreException(
          KeyStoreException.Problem.IO_FAILURE, operation + " failed: " + file + " could not be written (" + cause.getClass().getSimpleName() + ")", cause);
    }
  }

  /**
   * The file as it is now on disk. Read whole and compared by digest under the lock, so another writer's
   * change is never missed, whatever the file system's timestamps; parsed only if it changed. Holds the
   * locks.
   */
  private State currentForWrite() throws IOException {
    if (!Files.exists(file)) {
      if (keys.hasBeenLoaded()) {
        // Writing the keys in memory back would revive keys someone removed with the file.
        throw new KeyStoreException(KeyStoreException.Problem.UNREADABLE_FILE,
            file + " is missing, so nothing is written; restore it, or write {\"version\": 1, \"keys\": []} to start empty");
      }
      return keys.current();
    }
    WatchedFile.Content content = keys.read();
    if (keys.isCurrent(content)) {
      return keys.current();
    }
    State fresh;
    try {
      fresh = parse(content);
    } catch (ConfigurationException e) {
      throw new KeyStoreException(
          KeyStoreException.Problem.UNREADABLE_FILE, file + " was edited and cannot be read, so it is left as it is; fix it first:\n" + e.getMessage(), e);
    }
    keys.install(fresh, content);
    return fresh;
  }

  /**
   * Publishes {@code next} (which checks it: two keys with one secret are refused before anything is
   * written), then replaces the file; if the file cannot be replaced, {@code base} is published again.
   * The rename is the commit: nothing after it undoes the write.
   */
  private void write(KeyFile base, KeyFile next) throws IOException {
    State written;
    try {
      written = publish(next);
    } catch (ConfigurationException e) {
      throw new KeyStoreException(KeyStoreException.Problem.INVALID_REQUEST, "the change would give two keys one secret: " + e.getMessage(), e);
    }
    MessageDigest sha256 = sha256();
    try {
      if (AtomicFiles.deleteStaleTemporaries(file) > 0) {
        LOG.info("deleted temporary files a killed writer left beside {}", file);
      }
      AtomicFiles.replace(file, out -> KeyFileCodec.write(next, new DigestOutputStream(out, sha256)));
    } catch (IOException | RuntimeException e) {
      publish(base);
      throw e;
    }
    keys.installWritten(written, sha256.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /**
   * One write on the file's content: the records by id, in file order, copied on the first change.
   * Before it, keys are looked up in the sink, which holds what {@code base} published.
   */
  private static final class FileTransaction implements Transaction {
    private final State base;
    private final KeyStorage.Sink held;
    private final Instant now;
    /** The records after the changes so far, in file order; null until the first change. */
    private LinkedHashMap<String, KeyRecord> working;
    private Set<String> names;
    private Set<String> importFingerprints;

    FileTransaction(State base, KeyStorage.Sink held, Instant now) {
      this.base = base;
      this.held = held;
      this.now = now;
    }

    private KeyRecord current(String keyId) {
      return working != null ? working.get(keyId) : held.held(keyId).orElse(null);
    }

    private Collection<KeyRecord> records() {
      return working != null ? working.values() : base.file().records();
    }

    private LinkedHashMap<String, KeyRecord> changing() {
      if (working == null) {
        working = new LinkedHashMap<>(base.size() * 2 + 16);
        base.file().records().forEach(r -> working.put(r.id(), r));
      }
      return working;
    }

    @Override
    public Instant now() {
      return now;
    }

    @Override
    public Optional<KeyRecord> find(String keyId) {
      return Optional.ofNullable(current(keyId));
    }

    @Override
    public boolean nameTaken(String name) {
      if (names == null) {
        names = new HashSet<>();
        records().forEach(r -> names.add(r.entry().name()));
      }
      return names.contains(name);
    }

    @Override
    public boolean idTaken(String keyId) {
      return current(keyId) != null;
    }

    @Override
    public boolean knowsImport(KeyHash hash, String fingerprint) {
      if (importFingerprints == null) {
        importFingerprints = new HashSet<>();
        records().forEach(r -> {
          importFingerprints.add(KeyRecord.importFingerprint(r.hash()));
          r.previousHash().ifPresent(h -> importFingerprints.add(KeyRecord.importFingerprint(h)));
          r.importedFrom().ifPresent(importFingerprints::add);
        });
      }
      return importFingerprints.contains(fingerprint);
    }

    @Override
    public boolean hashInUse(KeyHash hash) {
      return records().stream().anyMatch(r -> r.hash().equals(hash));
    }

    @Override
    public List<String> ownedBy(String owner) {
      return records().stream().filter(r -> r.isOwnedBy(owner)).map(r -> r.id()).toList();
    }

    @Override
    public List<KeyRecord> graceOver() {
      return records().stream().filter(r -> r.previousUntil().filter(until -> !now.isBefore(until)).isPresent()).toList();
    }

    @Override
    public void insert(KeyRecord record) {
      changing().put(record.id(), record);
    }

    @Override
    public void update(KeyRecord record) {
      changing().put(record.id(), record);
    }

    @Override
    public void delete(Collection<String> keyIds) {
      LinkedHashMap<String, KeyRecord> next = changing();
      keyIds.forEach(next::remove);
    }
  }
}
