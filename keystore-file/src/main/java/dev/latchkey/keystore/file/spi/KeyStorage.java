package dev.latchkey.keystore.file.spi;

import dev.latchkey.hash.KeyHash;
import dev.latchkey.keystore.file.KeyStoreEvent;
import dev.latchkey.keystore.file.KeyStoreException;
import dev.latchkey.spi.Background;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a managed key store keeps its keys: the JSON file, or a database. The behaviour (lifecycle
 * rules, Strapi's checks, last-used batching, hash upgrades) is {@link ManagedKeys}'s and exists once;
 * a storage only keeps {@link KeyRecord}s, runs each write atomically, and tells the store's
 * {@link Sink} what the keys are now, whoever changed them.
 *
 * <p>A storage never does I/O on a request thread: {@link #records()} reads memory; {@link #write}
 * runs on the caller's (administrative or background) thread. A storage holds no map of its keys by
 * id: the {@link Sink} holds every record it was told of ({@link Sink#held}), and that is where a
 * storage looks a key up. Implementations are thread-safe.
 */
public interface KeyStorage extends AutoCloseable {

  /**
   * Where the keys are, for messages: a file's path, or a database's host and name (never a password).
   *
   * @return a description; never null
   */
  String describe();

  /**
   * A short name for background tasks: the file's name, the database's name.
   *
   * @return a short name; never null
   */
  String shortName();

  /**
   * Every key as last loaded or written, in the storage's order (file order; creation order).
   *
   * @return the records, unmodifiable; never null
   */
  List<KeyRecord> records();

  /**
   * Runs {@code work} as one atomic change: it sees the keys as they are now in the storage (not only
   * in memory) and its changes are kept together or not at all. Before returning, the change is in
   * the {@link Sink}.
   *
   * @param <T> what the work returns
   * @param operation what is done, for messages
   * @param work the change; may throw {@link KeyStoreException}, and then nothing is changed
   * @return what {@code work} returned
   * @throws KeyStoreException if the storage cannot be read or written, naming where it is
   */
  <T> T write(String operation, Function<Transaction, T> work);

  /**
   * Schedules the storage's own background work (watching a file; following a database's changes).
   *
   * @param background where the work runs
   * @return the tasks scheduled, to cancel on close
   */
  List<Background.Task> start(Background background);

  /**
   * The event that reports a failed background write.
   *
   * @param failure what failed, never a secret
   * @return the event
   */
  KeyStoreEvent writeFailed(String failure);

  /** Releases what the storage holds (connections); the records stay readable. Idempotent. */
  @Override
  void close();

  /** One atomic change, as {@link #write} runs it. Used by one thread, during the write only. */
  interface Transaction {
    /**
     * When the change is made, by the store's clock.
     *
     * @return the instant of the change
     */
    Instant now();

    /**
     * The key {@code keyId} as it is now.
     *
     * @param keyId the key's id
     * @return its record; empty if there is none
     */
    Optional<KeyRecord> find(String keyId);

    /**
     * Whether a key is named {@code name}.
     *
     * @param name the name
     * @return {@code true} if one is
     */
    boolean nameTaken(String name);

    /**
     * Whether a key has the id {@code keyId}.
     *
     * @param keyId the id
     * @return {@code true} if one has
     */
    boolean idTaken(String keyId);

    /**
     * Whether a key was imported with {@code hash}, or holds it as its current or replaced hash.
     *
     * @param hash an imported hash
     * @param fingerprint its {@link KeyRecord#importFingerprint}
     * @return {@code true} if importing it again would bring back a known secret
     */
    boolean knowsImport(KeyHash hash, String fingerprint);

    /**
     * Whether any key's current hash is {@code hash}.
     *
     * @param hash a hash
     * @return {@code true} if one is
     */
    boolean hashInUse(KeyHash hash);

    /**
     * The keys {@code owner} owns.
     *
     * @param owner the owner's id, matched exactly
     * @return their ids
     */
    List<String> ownedBy(String owner);

    /**
     * The keys whose replaced secret's grace period is over at {@link #now()}.
     *
     * @return their records
     */
    List<KeyRecord> graceOver();

    /**
     * Adds a key.
     *
     * @param record the new key; its id is not taken
     */
    void insert(KeyRecord record);

    /**
     * Replaces the key with {@code record}'s id.
     *
     * @param record the key's new record
     */
    void update(KeyRecord record);

    /**
     * Records when a key was last used (the store decides when that is due).
     *
     * @param record the key's record with its new last-used time
     */
    default void recordUse(KeyRecord record) {
      update(record);
    }

    /**
     * Deletes the keys {@code keyIds}.
     *
     * @param keyIds the ids of existing keys
     */
    void delete(Collection<String> keyIds);
  }

  /**
   * What a storage tells the store about its keys: how verification learns of every change, whoever
   * made it. Thread-safe; called by one thread at a time.
   */
  interface Sink {
    /**
     * Every key is now {@code records} (a load or reload).
     *
     * @param records the keys
     * @throws IllegalArgumentException if two keys share a secret; nothing is changed
     */
    void replaceAll(Collection<KeyRecord> records);

    /**
     * Some keys changed: {@code upserted} were added or replaced, {@code removed} were deleted. Costs
     * O(changes), whatever the number of keys.
     *
     * @param upserted keys added or changed, with their new records
     * @param removed ids of keys deleted
     * @throws IllegalArgumentException if two keys would share a secret; nothing is changed
     */
    void apply(Collection<KeyRecord> upserted, Collection<String> removed);

    /**
     * The record of the key {@code keyId} as last told by {@link #replaceAll} or {@link #apply}; memory
     * only, O(1).
     *
     * @param keyId the key's id
     * @return the record; empty if there is none
     */
    Optional<KeyRecord> held(String keyId);

    /**
     * Every record as last told, in no particular order; memory only, O(keys).
     *
     * @return the records, a new unmodifiable list
     */
    List<KeyRecord> held();

    /**
     * How many records are held; O(1).
     *
     * @return the number of keys
     */
    int heldCount();

    /**
     * Reports {@code event} to the store's listener; a listener's failure is logged, never thrown.
     *
     * @param event what happened
     */
    void emit(KeyStoreEvent event);
  }
}
