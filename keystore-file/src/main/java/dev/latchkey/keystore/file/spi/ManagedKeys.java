package dev.latchkey.keystore.file.spi;

import dev.latchkey.Credential;
import dev.latchkey.Principal;
import dev.latchkey.Reason;
import dev.latchkey.Secret;
import dev.latchkey.Verdict;
import dev.latchkey.hash.GeneratedKey;
import dev.latchkey.hash.HashedKeyIndex;
import dev.latchkey.hash.KeyEntry;
import dev.latchkey.hash.KeyHash;
import dev.latchkey.hash.KeyHashes;
import dev.latchkey.hash.KeyState;
import dev.latchkey.keystore.file.IssuedKey;
import dev.latchkey.keystore.file.KeyKind;
import dev.latchkey.keystore.file.KeyRequest;
import dev.latchkey.keystore.file.KeyStoreEvent;
import dev.latchkey.keystore.file.KeyStoreException;
import dev.latchkey.keystore.file.KeyStoreSettings;
import dev.latchkey.keystore.file.OwnerDirectory.OwnerStatus;
import dev.latchkey.keystore.file.StoredKey;
import dev.latchkey.keystore.file.internal.OmnidevFileCodec;
import dev.latchkey.keystore.file.internal.StoreEvents;
import dev.latchkey.keystore.file.internal.ViewableCopy;
import dev.latchkey.spi.Background;
import dev.latchkey.spi.RepeatedWarnings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The managed key store's behaviour, once, over any {@link KeyStorage}: verification in Strapi's order
 * from an in-memory {@link HashedKeyIndex}, the lifecycle rules (create, revoke, regenerate with grace,
 * delete, owners, imports), last-used batching at most once an hour per key, and slow-hash upgrades.
 *
 * <p>Verification reads the index and the entry's {@link KeyRecord} only: no I/O, no
 * parsing, never an exception. Writes go through {@link KeyStorage#write}, one atomic change each.
 * Thread-safe.
 */
public final class ManagedKeys implements KeyStorage.Sink {
  /** A key's last use is written at most this often (Strapi's rule). */
  public static final Duration LAST_USED_RESOLUTION = Duration.ofHours(1);
  /** The longest grace period a regenerated key's old secret may have. */
  public static final Duration MAX_GRACE_PERIOD = Duration.ofDays(30);

  private static final Logger LOG = LoggerFactory.getLogger(ManagedKeys.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Slots of {@link #notedUses}: a power of two, 16 KiB of references. */
  private static final int NOTED_USES_SLOTS = 4096;

  private final KeyStoreSettings settings;
  private final Optional<ViewableCopy> copies;
  private final boolean allKinds;
  private final HashedKeyIndex index;
  private final KeyStorage storage;
  private final RepeatedWarnings writeWarnings;
  private final List<Background.Task> tasks = new ArrayList<>();
  private boolean started;
  private volatile boolean hasSlowHashes;
  /** How many keys are held: the index's entries less those of replaced secrets. Written by the sink's one caller. */
  private volatile int size;
  /** Each key's first use since the last flush: small, whatever the size of the store. */
  private final ConcurrentHashMap<String, Instant> pendingUse = new ConcurrentHashMap<>();
  /**
   * Entries whose first use since the last flush {@link #pendingUse} already holds, each in the slot
   * its identity hash picks: a key in steady use then skips the map on every later request. A slot
   * holds one entry; a collision only sends a request the long way. Replaced once a flush has removed
   * what it wrote.
   */
  private volatile KeyEntry[] notedUses = new KeyEntry[NOTED_USES_SLOTS];
  private final ConcurrentHashMap<String, Upgrade> pendingUpgrades = new ConcurrentHashMap<>();

  /** A slow hash to replace with a fast digest, once verified. */
  private record Upgrade(KeyHash verified, KeyHash replacement) {}

  /**
   * The store with {@code settings}, over the storage {@code open} makes; {@code open} receives the
   * sink it must keep informed, and loads the keys before returning.
   *
   * @param settings how the store behaves
   * @param open opens the storage, given this store's sink
   */
  public ManagedKeys(KeyStoreSettings settings, Function<KeyStorage.Sink, KeyStorage> open) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.copies = settings.encryptionKey().map(ViewableCopy::new);
    this.allKinds = settings.acceptedKinds().size() == KeyKind.values().length;
    this.index = HashedKeyIndex.builder(settings.id()).clock(settings.clock()).generatedKeys(settings.keyFormat()).build();
    this.writeWarnings = new RepeatedWarnings(ManagedKeys.class, settings.clock());
    this.storage = open.apply(this);
  }

  /**
   * The storage the keys are kept in.
   *
   * @return the storage
   */
  public KeyStorage storage() {
    return storage;
  }

  /**
   * The source id.
   *
   * @return the id
   */
  public String id() {
    return settings.id();
  }

  // ---------------------------------------------------------------------------------------------
  // The sink

  @Override
  public void replaceAll(Collection<KeyRecord> records) {
    List<KeyEntry> entries = new ArrayList<>(records.size());
    boolean slow = false;
    for (KeyRecord r : records) {
      entries.add(r.entry());
      r.previousEntry().ifPresent(entries::add);
      slow |= r.hash().isSlow();
    }
    index.replaceAll(entries);
    hasSlowHashes = slow;
    size = records.size();
  }

  @Override
  public void apply(Collection<KeyRecord> upserted, Collection<String> removed) {
    List<KeyEntry> puts = new ArrayList<>(upserted.size() * 2);
    List<String> removals = new ArrayList<>(removed.size() * 2 + upserted.size());
    boolean slow = false;
    for (String id : removed) {
      removals.add(id);
      removals.add(id + KeyRecord.PREVIOUS_SUFFIX);
    }
    for (KeyRecord r : upserted) {
      puts.add(r.entry());
      if (r.previousEntry().isPresent()) {
        puts.add(r.previousEntry().get());
      } else {
        removals.add(r.id() + KeyRecord.PREVIOUS_SUFFIX);
      }
      slow |= r.hash().isSlow();
    }
    // Counted before the index changes, applied after it did: a refused change counts nothing.
    int added = 0;
    for (String id : removed) {
      added -= held(id).isPresent() ? 1 : 0;
    }
    for (KeyRecord r : upserted) {
      added += held(r.id()).isEmpty() ? 1 : 0;
    }
    index.apply(puts, removals);
    size += added;
    if (slow) {
      hasSlowHashes = true;
    }
  }

  @Override
  public Optional<KeyRecord> held(String keyId) {
    // A replaced secret's entry ("<id>#previous") is a plain entry, never a record.
    return index.get(keyId).filter(KeyRecord.class::isInstance).map(KeyRecord.class::cast);
  }

  @Override
  public int heldCount() {
    return size;
  }

  @Override
  public List<KeyRecord> held() {
    List<KeyRecord> records = new ArrayList<>(size);
    for (KeyEntry e : index.entries()) {
      if (e instanceof KeyRecord r) {
        records.add(r);
      }
    }
    return Collections.unmodifiableList(records);
  }

  // ---------------------------------------------------------------------------------------------
  // Verification

  /**
   * The verdict for {@code credential}; never throws, never does I/O.
   *
   * @param credential the presented credential
   * @return the verdict
   */
  public Verdict verify(Credential credential) {
    HashedKeyIndex.Lookup lookup = index.lookup(credential.secret());
    if (lookup instanceof HashedKeyIndex.Lookup.Found found) {
      return judge(found, credential.secret());
    }
    if (lookup instanceof HashedKeyIndex.Lookup.BadChecksum) {
      return Verdict.reject(Reason.INVALID_CREDENTIAL, "key checksum does not match");
    }
    if (lookup instanceof HashedKeyIndex.Lookup.Overloaded) {
      return Verdict.unavailable("too many slow key verifications at once");
    }
    return Verdict.abstain("no such key");
  }

  /**
   * Judges a found entry from the entry and the record it carries (everything the checks need), so
   * the request path touches the index and nothing else of a large store. The clock is read only for
   * keys that expire; times are compared to the millisecond.
   */
  private Verdict judge(HashedKeyIndex.Lookup.Found found, Secret secret) {
    KeyEntry entry = found.entry();
    KeyRecord record = entry instanceof KeyRecord current ? current : (KeyRecord) entry.payload().orElseThrow();
    String keyId = record.id();
    boolean previous = record.isPreviousEntry(entry);
    if (!allKinds && !settings.acceptedKinds().contains(record.kind())) {
      return Verdict.reject(
          Reason.INVALID_CREDENTIAL, "key '" + keyId + "' is a " + record.kind().jsonName() + " key, which this source does not accept");
    }
    if (entry.state() == KeyState.REVOKED) {
      return Verdict.reject(Reason.REVOKED, "key '" + keyId + "' is revoked");
    }
    Instant previousUntil = null;
    if (previous || entry.expiresAt().isPresent()) {
      Instant now = settings.clock().instant();
      if (previous) {
        previousUntil = record.previousUntil().orElseThrow();
        if (!now.isBefore(previousUntil)) {
          return Verdict.reject(Reason.REVOKED, "the replaced secret of key '" + keyId + "' stopped working at " + previousUntil);
        }
      }
      if (entry.isExpiredAt(now)) {
        return Verdict.reject(Reason.EXPIRED, "key '" + keyId + "' expired at " + entry.expiresAt().get());
      }
    }
    if (settings.owners().isPresent() && entry.owner().isPresent()) {
      Optional<OwnerStatus> status;
      try {
        status = Objects.requireNonNull(settings.owners().get().statusOf(entry.owner().get()), "owner status");
      } catch (RuntimeException e) {
        return Verdict.unavailable("the owner directory failed", e);
      }
      if (status.isEmpty()) {
        return Verdict.reject(Reason.OWNER_NOT_FOUND, "the owner of key '" + keyId + "' does not exist");
      }
      if (status.get() != OwnerStatus.ACTIVE) {
        return Verdict.reject(Reason.OWNER_DEACTIVATED, "the owner of key '" + keyId + "' is " + status.get().name().toLowerCase(Locale.ROOT));
      }
    }
    noteUse(entry, keyId);
    if (settings.upgradeSlowHashes() && !previous && hasSlowHashes && entry.hash().isSlow()) {
      pendingUpgrades.computeIfAbsent(keyId, k -> new Upgrade(entry.hash(), newHash(secret)));
    }
    Principal principal = found.principal();
    if (!previous) {
      return Verdict.accept(principal);
    }
    // The replaced secret stops at its deadline, or with the key if that comes first.
    Instant until = previousUntil;
    Optional<Instant> ends = Optional.of(principal.expiresAt().filter(e -> e.isBefore(until)).orElse(until));
    return Verdict.accept(new Principal(
        principal.name(), principal.roles(), principal.sourceId(), Optional.of(keyId), principal.owner(), ends, principal.attributes()));
  }

  /** Notes the first use of a key since the last flush: the flush writes it if the stored one is over an hour old. */
  private void noteUse(KeyEntry entry, String keyId) {
    KeyEntry[] noted = notedUses;
    int slot = System.identityHashCode(entry) & (noted.length - 1);
    if (noted[slot] != entry) {
      if (!pendingUse.containsKey(keyId)) {
        pendingUse.putIfAbsent(keyId, settings.clock().instant());
      }
      noted[slot] = entry;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  /**
   * Every key, in the storage's order.
   *
   * @return the keys
   */
  public List<StoredKey> list() {
    return storage.records().stream().map(KeyRecord::key).toList();
  }

  /**
   * The keys {@code owner} owns.
   *
   * @param owner the owner
   * @return the keys
   */
  public List<StoredKey> listOwnedBy(String owner) {
    return storage.records().stream().filter(r -> r.isOwnedBy(owner)).map(KeyRecord::key).toList();
  }

  /**
   * The key {@code keyId}.
   *
   * @param keyId the key's id
   * @return the key; empty if there is none
   */
  public Optional<StoredKey> get(String keyId) {
    return held(keyId).map(KeyRecord::key);
  }

  /**
   * The number of keys.
   *
   * @return the number of keys
   */
  public int size() {
    return size;
  }

  /**
   * The secret of a viewable key, for its owner.
   *
   * @param keyId the key's id
   * @param requester the owner asking
   * @return the secret
   */
  public Secret view(String keyId, String requester) {
    KeyRecord record = held(keyId).orElseThrow(() -> noSuchKey(keyId));
    requireOwner(record, requester);
    if (record.encrypted().isEmpty()) {
      throw new KeyStoreException(KeyStoreException.Problem.NOT_VIEWABLE, "key '" + keyId + "' has no viewable copy; its secret was shown once, when it was made");
    }
    if (copies.isEmpty()) {
      throw new KeyStoreException(KeyStoreException.Problem.NOT_VIEWABLE, "no encryption key is configured, so key '" + keyId + "' cannot be viewed");
    }
    return copies.get().decrypt(record.encrypted().get()).orElseThrow(() -> new KeyStoreException(
        KeyStoreException.Problem.NOT_VIEWABLE, "the viewable copy of key '" + keyId + "' was made under another encryption key"));
  }

  // ---------------------------------------------------------------------------------------------
  // Writing

  /**
   * Makes keys, all or none.
   *
   * @param requests the keys to make
   * @return the keys made, with their secrets
   */
  public List<IssuedKey> createAll(List<KeyRequest> requests) {
    List<GeneratedKey> secrets = new ArrayList<>(requests.size());
    List<KeyHash> hashes = new ArrayList<>(requests.size());
    for (int i = 0; i < requests.size(); i++) {
      GeneratedKey secret = settings.keyFormat().generate();
      secrets.add(secret);
      hashes.add(newHash(secret.secret()));
    }
    return storage.write("create", tx -> {
      Instant now = tx.now();
      Set<String> ids = new HashSet<>();
      Set<String> names = new HashSet<>();
      List<IssuedKey> issued = new ArrayList<>(requests.size());
      for (int i = 0; i < requests.size(); i++) {
        KeyRequest request = requests.get(i);
        if (!request.allowDuplicateName() && (!names.add(request.name()) || tx.nameTaken(request.name()))) {
          throw new KeyStoreException(KeyStoreException.Problem.DUPLICATE_NAME,
              "a key named '" + request.name() + "' is already in the store; choose another name or allow a duplicate name");
        }
        names.add(request.name());
        GeneratedKey secret = secrets.get(i);
        String keyId = newId(ids, tx);
        Optional<String> copy = request.viewable() ? copies.map(c -> c.encrypt(secret.secret())) : Optional.empty();
        KeyHash hash = hashes.get(i);
        StoredKey key = new StoredKey(
            keyId, request.name(), request.description(), request.kind(), request.type(), request.roles(), request.owner(),
            Optional.of(secret.start()), hash.format(), copy.isPresent(), request.allowedIps(), Optional.of(now),
            request.lifespan().map(now::plus), Optional.empty(), Optional.empty(), Optional.empty());
        tx.insert(new KeyRecord(key, hash, Optional.empty(), copy, Optional.empty(), Map.of()));
        issued.add(new IssuedKey(key, secret.secret()));
      }
      return List.copyOf(issued);
    });
  }

  /**
   * Revokes a key; a revoked key keeps its first revocation time.
   *
   * @param keyId the key's id
   * @return the key after revocation
   */
  public StoredKey revoke(String keyId) {
    return storage.write("revoke", tx -> {
      KeyRecord record = tx.find(keyId).orElseThrow(() -> noSuchKey(keyId));
      if (record.key().isRevoked()) {
        return record.key();
      }
      KeyRecord revoked = record.with(record.key().withRevokedAt(tx.now()));
      tx.update(revoked);
      return revoked.key();
    });
  }

  /**
   * Deletes a key.
   *
   * @param keyId the key's id
   * @return whether there was one
   */
  public boolean delete(String keyId) {
    return storage.write("delete", tx -> {
      if (!tx.idTaken(keyId)) {
        return false;
      }
      tx.delete(List.of(keyId));
      return true;
    });
  }

  /**
   * Deletes the keys an owner owns.
   *
   * @param owner the owner
   * @return how many were deleted
   */
  public int deleteKeysOwnedBy(String owner) {
    Objects.requireNonNull(owner, "owner");
    return storage.write("delete owner's keys", tx -> {
      List<String> owned = tx.ownedBy(owner);
      if (!owned.isEmpty()) {
        tx.delete(owned);
      }
      return owned.size();
    });
  }

  /**
   * Gives a key a new secret.
   *
   * @param keyId the key's id
   * @param grace how long the old secret keeps working
   * @param requester the owner asking, if the owner rule applies
   * @return the key and its new secret
   */
  public IssuedKey regenerate(String keyId, Duration grace, Optional<String> requester) {
    if (grace.isNegative() || grace.compareTo(MAX_GRACE_PERIOD) > 0) {
      throw new IllegalArgumentException("a grace period is between zero and " + MAX_GRACE_PERIOD.toDays() + " days");
    }
    GeneratedKey secret = settings.keyFormat().generate();
    KeyHash hash = newHash(secret.secret());
    return storage.write("regenerate", tx -> {
      KeyRecord record = tx.find(keyId).orElseThrow(() -> noSuchKey(keyId));
      if (requester.isPresent()) {
        requireOwner(record, requester.get());
      }
      if (record.key().isRevoked()) {
        throw new KeyStoreException(KeyStoreException.Problem.INVALID_REQUEST, "key '" + keyId + "' is revoked and cannot be regenerated");
      }
      Optional<String> copy = record.encrypted().isPresent() ? copies.map(c -> c.encrypt(secret.secret())) : Optional.empty();
      Optional<Instant> until = grace.isZero() ? Optional.empty() : Optional.of(tx.now().plus(grace));
      StoredKey key = record.key().withSecret(Optional.of(secret.start()), hash.format(), copy.isPresent(), until);
      tx.update(record.with(key, hash, until.map(u -> record.hash()), copy));
      pendingUpgrades.remove(keyId);
      return new IssuedKey(key, secret.secret());
    });
  }

  /**
   * Imports an Omnidev key file.
   *
   * @param omnidevFile the file
   * @return the keys imported
   */
  public List<StoredKey> importOmnidev(Path omnidevFile) {
    List<OmnidevFileCodec.Record> incoming;
    try {
      incoming = OmnidevFileCodec.read(Files.readAllBytes(omnidevFile), omnidevFile.toString());
    } catch (IOException e) {
      throw new KeyStoreException(KeyStoreException.Problem.IO_FAILURE, omnidevFile + ": cannot be read (" + e.getClass().getSimpleName() + ")", e);
    }
    return storage.write("import", tx -> {
      // A record is known by the hash it came with, whatever became of it since (regenerated, upgraded,
      // revoked): importing the same file again never brings an old secret back.
      Set<String> known = new HashSet<>();
      Set<String> ids = new HashSet<>();
      List<StoredKey> imported = new ArrayList<>();
      for (OmnidevFileCodec.Record in : incoming) {
        String fingerprint = KeyRecord.importFingerprint(in.hash());
        if (!known.add(fingerprint) || tx.knowsImport(in.hash(), fingerprint)) {
          continue;
        }
        StoredKey key = new StoredKey(
            newId(ids, tx), in.userId(), Optional.of("imported from " + omnidevFile.getFileName()), KeyKind.GENERIC, Optional.empty(),
            Set.of(), Optional.empty(), Optional.empty(), in.hash().format(), false, List.of(),
            Optional.of(in.createdAt().orElse(tx.now())), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        tx.insert(new KeyRecord(key, in.hash(), Optional.empty(), Optional.empty(), Optional.of(fingerprint), Map.of()));
        imported.add(key);
      }
      return List.copyOf(imported);
    });
  }

  /**
   * Writes pending last-used times and hash upgrades, and ends grace periods that are over.
   *
   * @return whether anything was written
   */
  public boolean flushUsage() {
    if (!hasPendingWrites()) {
      return false;
    }
    Map<String, Instant> uses = Map.copyOf(pendingUse);
    Map<String, Upgrade> upgrades = Map.copyOf(pendingUpgrades);
    boolean written = storage.write("record last use", tx -> {
      Map<String, KeyRecord> changed = new HashMap<>();
      for (KeyRecord ended : tx.graceOver()) {
        changed.put(ended.id(), ended.with(ended.key().withoutPreviousSecret()));
      }
      upgrades.forEach((keyId, upgrade) -> {
        Optional<KeyRecord> found = Optional.ofNullable(changed.get(keyId)).or(() -> tx.find(keyId));
        if (found.isPresent() && found.get().hash().equals(upgrade.verified()) && !tx.hashInUse(upgrade.replacement())) {
          KeyRecord r = found.get();
          changed.put(keyId, r.with(r.key().withHashFormat(upgrade.replacement().format()), upgrade.replacement(), r.previousHash(), r.encrypted()));
        }
      });
      changed.values().forEach(tx::update);
      boolean any = !changed.isEmpty();
      for (Map.Entry<String, Instant> use : uses.entrySet()) {
        Instant used = use.getValue();
        Optional<KeyRecord> found = Optional.ofNullable(changed.get(use.getKey())).or(() -> tx.find(use.getKey()));
        if (found.isPresent() && found.get().key().lastUsedAt().filter(last -> used.isBefore(last.plus(LAST_USED_RESOLUTION))).isEmpty()) {
          KeyRecord r = found.get();
          tx.recordUse(r.with(r.key().withLastUsedAt(used)));
          any = true;
        }
      }
      return any;
    });
    uses.forEach(pendingUse::remove);
    // After the removals: an entry noted from now on is in the map until the next flush.
    notedUses = new KeyEntry[NOTED_USES_SLOTS];
    upgrades.forEach(pendingUpgrades::remove);
    return written;
  }

  /**
   * Whether last-used times or hash upgrades are waiting to be written.
   *
   * @return {@code true} if a flush would have something to write
   */
  public boolean hasPendingWrites() {
    return !pendingUse.isEmpty() || !pendingUpgrades.isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // Lifecycle

  /**
   * Schedules the storage's background work and the flush of last-used times; once.
   *
   * @param background where the work runs
   */
  public void start(Background background) {
    Objects.requireNonNull(background, "background");
    synchronized (tasks) {
      if (started) {
        return;
      }
      started = true;
      tasks.addAll(storage.start(background));
      if (!settings.flushInterval().isZero()) {
        tasks.add(background.every("record last use in " + storage.shortName(), settings.flushInterval(), this::flushInBackground));
      }
    }
  }

  /** Cancels background work, writes pending last-used times and closes the storage. Idempotent. */
  public void close() {
    synchronized (tasks) {
      started = true;
      tasks.forEach(Background.Task::cancel);
      tasks.clear();
    }
    try {
      flushUsage();
    } catch (KeyStoreException e) {
      LOG.warn("could not record last-used times in {} on close ({})", storage.describe(), e.getMessage());
    } finally {
      storage.close();
    }
  }

  private void flushInBackground() {
    try {
      flushUsage();
      writeWarnings.clear();
    } catch (KeyStoreException e) {
      writeWarnings.warn("recording last-used times in " + storage.describe() + " failed; will retry (" + e.problem() + ")");
      emit(storage.writeFailed(e.getMessage()));
    }
  }

  @Override
  public void emit(KeyStoreEvent event) {
    StoreEvents.deliver(settings.listener(), event);
  }

  // ---------------------------------------------------------------------------------------------
  // Rules

  private KeyHash newHash(Secret secret) {
    return settings.newKeyPepper().map(p -> KeyHashes.hmacSha256(secret, p, settings.peppers())).orElseGet(() -> KeyHashes.sha256(secret));
  }

  private static String newId(Set<String> taken, KeyStorage.Transaction tx) {
    byte[] random = new byte[8];
    String candidate;
    do {
      RANDOM.nextBytes(random);
      candidate = "key_" + HexFormat.of().formatHex(random);
    } while (!taken.add(candidate) || tx.idTaken(candidate));
    return candidate;
  }

  private static KeyStoreException noSuchKey(String keyId) {
    return new KeyStoreException(KeyStoreException.Problem.NO_SUCH_KEY, "no key has the id '" + keyId + "'");
  }

  private static void requireOwner(KeyRecord record, String requester) {
    Objects.requireNonNull(requester, "requester");
    if (requester.isBlank() || record.key().owner().filter(requester::equals).isEmpty()) {
      throw new KeyStoreException(KeyStoreException.Problem.NOT_OWNER, "key '" + record.id() + "' is not owned by '" + requester + "'");
    }
  }
}
