package dev.latchkey.keystore.file;

import dev.latchkey.ConfigurationException;
import dev.latchkey.Credential;
import dev.latchkey.Principal;
import dev.latchkey.CredentialSource;
import dev.latchkey.Reason;
import dev.latchkey.Secret;
import dev.latchkey.Verdict;
import dev.latchkey.hash.GeneratedKey;
import dev.latchkey.hash.GeneratedKeys;
import dev.latchkey.hash.HashedKeyIndex;
import dev.latchkey.hash.KeyEntry;
import dev.latchkey.hash.KeyHash;
import dev.latchkey.hash.KeyHashes;
import dev.latchkey.hash.KeyState;
import dev.latchkey.hash.Peppers;
import dev.latchkey.keystore.file.OwnerDirectory.OwnerStatus;
import dev.latchkey.keystore.file.internal.AtomicFiles;
import dev.latchkey.keystore.file.internal.FileLocks;
import dev.latchkey.keystore.file.internal.KeyFileCodec;
import dev.latchkey.keystore.file.internal.KeyFileCodec.KeyFile;
import dev.latchkey.keystore.file.internal.KeyRecord;
import dev.latchkey.keystore.file.internal.OmnidevFileCodec;
import dev.latchkey.keystore.file.internal.StoreEvents;
import dev.latchkey.keystore.file.internal.ViewableCopy;
import dev.latchkey.spi.Background;
import dev.latchkey.spi.BackgroundSource;
import dev.latchkey.spi.Reload;
import dev.latchkey.spi.ReloadingFile;
import dev.latchkey.spi.RepeatedWarnings;
import dev.latchkey.spi.WatchedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
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
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A managed API-key store in one JSON file: create (the secret is shown once), list, view (an encrypted
 * copy, to its owner), revoke, delete, regenerate (optionally with a grace period for the old secret),
 * lifespans, owners; and a {@link CredentialSource} that verifies keys against it in O(1).
 *
 * <p><b>Verification</b> runs on an immutable snapshot through a {@link HashedKeyIndex}: one digest and
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
 * {@link Builder#refreshInterval refresh interval}) through {@link ReloadingFile}: size, time and file
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
public final class FileKeyStore implements CredentialSource, BackgroundSource, AutoCloseable, dev.latchkey.spi.HealthReporting {
  /** The source id used unless configured. */
  public static final String DEFAULT_ID = "file";
  /** How often the file is checked for external edits, by default. */
  public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(2);
  /** How often pending last-used times are written, by default. */
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMinutes(1);
  /** A key's last use is written at most this often (Strapi's rule). */
  public static final Duration LAST_USED_RESOLUTION = Duration.ofHours(1);
  /** The longest grace period a regenerated key's old secret may have. */
  public static final Duration MAX_GRACE_PERIOD = Duration.ofDays(30);

  private static final Logger LOG = LoggerFactory.getLogger(FileKeyStore.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Slots of {@link #notedUses}: a power of two, 16 KiB of references. */
  private static final int NOTED_USES_SLOTS = 4096;

  private final String id;
  private final Path file;
  private final Clock clock;
  private final Peppers peppers;
  private final GeneratedKeys keyFormat;
  private final Optional<String> newKeyPepper;
  private final Optional<ViewableCopy> copies;
  private final Optional<OwnerDirectory> owners;
  /** The {@link KeyKind#jsonName()}s accepted, as the index entries carry them. */
  private final Set<String> acceptedKindNames;
  private final boolean upgradeSlowHashes;
  private final StoreEvents events;
  private final HashedKeyIndex index;
  /** The file and the state it holds; its lock is the one writers and checks share. */
  private final ReloadingFile<State> keys;
  private final Duration refreshInterval;
  private final Duration flushInterval;
  private final RepeatedWarnings writeWarnings;
  /** The tasks {@link #start} scheduled; empty until then and after {@link #close()}. */
  private final List<Background.Task> tasks = new ArrayList<>();
  private boolean started;
  /** Each key's first use since the last flush: small, whatever the size of the store. */
  private final ConcurrentHashMap<String, Instant> pendingUse = new ConcurrentHashMap<>();
  /**
   * Entries whose first use since the last flush {@link #pendingUse} already holds, each in the slot
   * its identity hash picks: a key in steady use then skips the map, and the read of its id, on every
   * later request (on a large store those reads miss the processor's caches). A slot holds one entry;
   * a collision only sends a request the long way. Replaced once a flush has removed what it wrote.
   */
  private volatile KeyEntry[] notedUses = new KeyEntry[NOTED_USES_SLOTS];
  private final ConcurrentHashMap<String, Upgrade> pendingUpgrades = new ConcurrentHashMap<>();

  /**
   * What the store holds now: the file as last loaded or written, its keys by id, and whether any key
   * still has a slow hash (one to upgrade on use).
   */
  private record State(KeyFile file, Map<String, KeyRecord> byId, boolean hasSlowHashes) {
    static final State EMPTY = new State(KeyFile.EMPTY, Map.of(), false);

    int size() {
      return byId.size();
    }
  }

  /** A slow hash to replace with a fast digest, once verified. */
  private record Upgrade(KeyHash verified, KeyHash replacement) {}

  private FileKeyStore(Builder b) {
    this.id = b.id;
    this.file = realPath(b.file);
    this.clock = b.clock;
    this.peppers = b.peppers;
    this.keyFormat = b.keyFormat;
    this.newKeyPepper = Optional.ofNullable(b.newKeyPepper);
    this.copies = Optional.ofNullable(b.encryptionKey).map(ViewableCopy::new);
    this.owners = Optional.ofNullable(b.owners);
    this.acceptedKindNames = b.acceptedKinds.stream().map(KeyKind::jsonName).collect(java.util.stream.Collectors.toUnmodifiableSet());
    this.upgradeSlowHashes = b.upgradeSlowHashes;
    this.events = new StoreEvents(this.file, b.listener);
    this.index = HashedKeyIndex.builder(b.id).clock(b.clock).generatedKeys(b.keyFormat).build();
    this.refreshInterval = b.refreshInterval;
    this.flushInterval = b.flushInterval;
    this.writeWarnings = new RepeatedWarnings(FileKeyStore.class, b.clock);
    this.keys = ReloadingFile.builder(this.file, this::parse)
        .describedAs("API keys", State::size)
        .listener(events::reloaded)
        .loggingAs(FileKeyStore.class)
        .clock(b.clock)
        .loadIfExists(State.EMPTY);
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

  /** What the store holds now. */
  private State state() {
    return keys.current();
  }

  /**
   * Reads a content of the file and publishes its keys to the index (the file's {@link ReloadingFile}
   * puts the state in force right after). A blank file is an empty store only for a store that never
   * held keys: a store that did takes it for a writer caught mid-write (an editor truncating in place)
   * and keeps its keys.
   *
   * @throws ConfigurationException with every problem; the index is left as it was
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
   * Publishes {@code keyFile} to the index verification reads, and returns the state that holds it.
   *
   * @throws ConfigurationException if two keys share a secret; the index is left as it was
   */
  private State publish(KeyFile keyFile) {
    Map<String, KeyRecord> byId = new HashMap<>(keyFile.records().size() * 2);
    List<KeyEntry> entries = new ArrayList<>(keyFile.records().size());
    boolean hasSlowHashes = false;
    for (KeyRecord r : keyFile.records()) {
      byId.put(r.key().id(), r);
      entries.add(r.entry());
      r.previousEntry().ifPresent(entries::add);
      hasSlowHashes |= r.hash().isSlow();
    }
    try {
      index.replaceAll(entries);
    } catch (IllegalArgumentException duplicate) {
      throw new ConfigurationException(new ConfigurationException.Problem(file.toString(), 0, 0, "keys", duplicate.getMessage()));
    }
    return new State(keyFile, Collections.unmodifiableMap(byId), hasSlowHashes);
  }

  @Override
  public String id() {
    return id;
  }

  // ---------------------------------------------------------------------------------------------
  // Verification

  @Override
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
   * Judges a found entry from the entry alone (everything the checks need is in it), so the request
   * path touches the index and nothing else of a large store. The clock is read only for keys that
   * expire; times are compared to the millisecond.
   */
  private Verdict judge(HashedKeyIndex.Lookup.Found found, Secret secret) {
    KeyEntry entry = found.entry();
    Map<String, String> attributes = entry.attributes();
    boolean previous = attributes.containsKey(KeyRecord.PREVIOUS_VALID_UNTIL_ATTRIBUTE);
    String keyId = previous ? entry.id().substring(0, entry.id().length() - KeyRecord.PREVIOUS_SUFFIX.length()) : entry.id();
    if (acceptedKindNames.size() < KeyKind.values().length) {
      String kind = attributes.get(KeyRecord.KIND_ATTRIBUTE);
      if (!acceptedKindNames.contains(kind)) {
        return Verdict.reject(Reason.INVALID_CREDENTIAL, "key '" + keyId + "' is a " + kind + " key, which this source does not accept");
      }
    }
    if (entry.state() == KeyState.REVOKED) {
      return Verdict.reject(Reason.REVOKED, "key '" + keyId + "' is revoked");
    }
    Instant previousUntil = null;
    if (previous || entry.expiresAt().isPresent()) {
      Instant now = clock.instant();
      if (previous) {
        previousUntil = Instant.parse(attributes.get(KeyRecord.PREVIOUS_VALID_UNTIL_ATTRIBUTE));
        if (!now.isBefore(previousUntil)) {
          return Verdict.reject(Reason.REVOKED, "the replaced secret of key '" + keyId + "' stopped working at " + previousUntil);
        }
      }
      if (entry.isExpiredAt(now)) {
        return Verdict.reject(Reason.EXPIRED, "key '" + keyId + "' expired at " + entry.expiresAt().get());
      }
    }
    if (owners.isPresent() && entry.owner().isPresent()) {
      Optional<OwnerStatus> status;
      try {
        status = Objects.requireNonNull(owners.get().statusOf(entry.owner().get()), "owner status");
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
    if (upgradeSlowHashes && !previous && state().hasSlowHashes() && entry.hash().isSlow()) {
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

  /** Notes the first use of a key since the last flush: the flush writes it if the file's is over an hour old. */
  private void noteUse(KeyEntry entry, String keyId) {
    KeyEntry[] noted = notedUses;
    int slot = System.identityHashCode(entry) & (noted.length - 1);
    if (noted[slot] != entry) {
      if (!pendingUse.containsKey(keyId)) {
        pendingUse.putIfAbsent(keyId, clock.instant());
      }
      noted[slot] = entry;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  /**
   * Every key, in file order; never a secret.
   *
   * @return the keys, unmodifiable; empty if the store is empty
   */
  public List<StoredKey> list() {
    return state().file().records().stream().map(KeyRecord::key).toList();
  }

  /**
   * The keys {@code owner} owns, in file order.
   *
   * @param owner the owning user's id, matched exactly
   * @return the keys, unmodifiable; empty if {@code owner} owns none
   */
  public List<StoredKey> listOwnedBy(String owner) {
    return list().stream().filter(k -> k.owner().filter(owner::equals).isPresent()).toList();
  }

  /**
   * The key {@code keyId}, if there is one.
   *
   * @param keyId the key's id
   * @return the key's metadata; empty if no key has that id
   */
  public Optional<StoredKey> get(String keyId) {
    return Optional.ofNullable(state().byId().get(keyId)).map(KeyRecord::key);
  }

  /**
   * How many keys the store holds.
   *
   * @return the number of keys, revoked and expired ones included
   */
  public int size() {
    return state().size();
  }

  /**
   * The key file.
   *
   * @return the key file's real path: absolute, with links resolved
   */
  public Path file() {
    return file;
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
  public Secret view(String keyId, String requester) {
    KeyRecord record = requireRecord(state().file(), keyId);
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
   * Makes a new key: a generated secret (returned once, in the result), its hash, and an encrypted
   * copy when the store has an encryption key and the request is viewable.
   *
   * @param request what key to make
   * @return the key's metadata and its secret, which is not kept in plain form and cannot be shown again
   *     unless the key is viewable
   * @throws KeyStoreException if the file cannot be read or written, or the name is taken (see {@link #createAll})
   */
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
  public List<IssuedKey> createAll(List<KeyRequest> requests) {
    List<GeneratedKey> secrets = new ArrayList<>(requests.size());
    for (int i = 0; i < requests.size(); i++) {
      secrets.add(keyFormat.generate());
    }
    return mutate("create", (base, now) -> {
      List<KeyRecord> records = new ArrayList<>(base.records().size() + requests.size());
      records.addAll(base.records());
      Set<String> ids = new HashSet<>();
      Set<String> names = new HashSet<>();
      base.records().forEach(r -> {
        ids.add(r.key().id());
        names.add(r.key().name());
      });
      List<IssuedKey> issued = new ArrayList<>(requests.size());
      for (int i = 0; i < requests.size(); i++) {
        KeyRequest request = requests.get(i);
        if (!names.add(request.name()) && !request.allowDuplicateName()) {
          throw new KeyStoreException(KeyStoreException.Problem.DUPLICATE_NAME,
              "a key named '" + request.name() + "' is already in the store; choose another name or allow a duplicate name");
        }
        GeneratedKey secret = secrets.get(i);
        String keyId = newId(ids);
        Optional<String> copy = request.viewable() ? copies.map(c -> c.encrypt(secret.secret())) : Optional.empty();
        KeyHash hash = newHash(secret.secret());
        StoredKey key = new StoredKey(
            keyId, request.name(), request.description(), request.kind(), request.type(), request.roles(), request.owner(),
            Optional.of(secret.start()), hash.format(), copy.isPresent(), request.allowedIps(), Optional.of(now),
            request.lifespan().map(now::plus), Optional.empty(), Optional.empty(), Optional.empty());
        records.add(new KeyRecord(key, hash, Optional.empty(), copy, Optional.empty(), Map.of()));
        issued.add(new IssuedKey(key, secret.secret()));
      }
      return new Change<>(base.with(records), List.copyOf(issued));
    });
  }

  /**
   * Revokes key {@code keyId} for good (a grace-period secret included); revoking a revoked key keeps
   * its first revocation time.
   *
   * @param keyId the key's id
   * @return the key's metadata after revocation
   * @throws KeyStoreException {@code NO_SUCH_KEY}, or if the file cannot be read or written
   */
  public StoredKey revoke(String keyId) {
    return mutate("revoke", (base, now) -> {
      KeyRecord record = requireRecord(base, keyId);
      if (record.key().isRevoked()) {
        return new Change<>(base, record.key());
      }
      KeyRecord revoked = record.with(copyOf(record.key(), now, Revision.REVOKE));
      return new Change<>(base.with(replace(base.records(), revoked)), revoked.key());
    });
  }

  /**
   * Deletes key {@code keyId} from the file.
   *
   * @param keyId the key's id
   * @return whether there was such a key
   * @throws KeyStoreException if the file cannot be read or written
   */
  public boolean delete(String keyId) {
    return mutate("delete", (base, now) -> {
      List<KeyRecord> kept = base.records().stream().filter(r -> !r.key().id().equals(keyId)).toList();
      return kept.size() == base.records().size() ? new Change<>(base, false) : new Change<>(base.with(kept), true);
    });
  }

  /**
   * Deletes every key {@code owner} owns: what to call when the owning user is deleted (Strapi's rule).
   *
   * @param owner the owning user's id, matched exactly
   * @return how many keys were deleted
   * @throws KeyStoreException if the file cannot be read or written
   */
  public int deleteKeysOwnedBy(String owner) {
    Objects.requireNonNull(owner, "owner");
    return mutate("delete owner's keys", (base, now) -> {
      List<KeyRecord> kept = base.records().stream().filter(r -> !r.key().owner().filter(owner::equals).isPresent()).toList();
      int deleted = base.records().size() - kept.size();
      return deleted == 0 ? new Change<>(base, 0) : new Change<>(base.with(kept), deleted);
    });
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
  public IssuedKey regenerate(String keyId, Duration grace) {
    return regenerate(keyId, grace, Optional.empty());
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
  public IssuedKey regenerateAsOwner(String keyId, String requester, Duration grace) {
    return regenerate(keyId, grace, Optional.of(requester));
  }

  private IssuedKey regenerate(String keyId, Duration grace, Optional<String> requester) {
    if (grace.isNegative() || grace.compareTo(MAX_GRACE_PERIOD) > 0) {
      throw new IllegalArgumentException("a grace period is between zero and " + MAX_GRACE_PERIOD.toDays() + " days");
    }
    GeneratedKey secret = keyFormat.generate();
    return mutate("regenerate", (base, now) -> {
      KeyRecord record = requireRecord(base, keyId);
      if (requester.isPresent()) {
        requireOwner(record, requester.get());
      }
      if (record.key().isRevoked()) {
        throw new KeyStoreException(KeyStoreException.Problem.INVALID_REQUEST, "key '" + keyId + "' is revoked and cannot be regenerated");
      }
      KeyHash hash = newHash(secret.secret());
      Optional<String> copy = record.encrypted().isPresent() ? copies.map(c -> c.encrypt(secret.secret())) : Optional.empty();
      Optional<Instant> until = grace.isZero() ? Optional.empty() : Optional.of(now.plus(grace));
      StoredKey old = record.key();
      StoredKey key = new StoredKey(
          old.id(), old.name(), old.description(), old.kind(), old.type(), old.roles(), old.owner(), Optional.of(secret.start()),
          hash.format(), copy.isPresent(), old.allowedIps(), old.createdAt(), old.expiresAt(), old.lastUsedAt(), old.revokedAt(), until);
      KeyRecord regenerated = record.with(key, hash, until.map(u -> record.hash()), copy);
      pendingUpgrades.remove(keyId);
      return new Change<>(base.with(replace(base.records(), regenerated)), new IssuedKey(key, secret.secret()));
    });
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
  public List<StoredKey> importOmnidev(Path omnidevFile) {
    List<OmnidevFileCodec.Record> incoming;
    try {
      incoming = OmnidevFileCodec.read(Files.readAllBytes(omnidevFile), omnidevFile.toString());
    } catch (IOException e) {
      throw new KeyStoreException(KeyStoreException.Problem.IO_FAILURE, omnidevFile + ": cannot be read (" + e.getClass().getSimpleName() + ")", e);
    }
    return mutate("import", (base, now) -> {
      // A record is known by the hash it came with, whatever became of it since (regenerated, upgraded,
      // revoked): importing the same file again never brings an old secret back.
      Set<String> known = new HashSet<>();
      Set<String> ids = new HashSet<>();
      base.records().forEach(r -> {
        known.add(KeyRecord.importFingerprint(r.hash()));
        r.previousHash().ifPresent(h -> known.add(KeyRecord.importFingerprint(h)));
        r.importedFrom().ifPresent(known::add);
        ids.add(r.key().id());
      });
      List<KeyRecord> records = new ArrayList<>(base.records());
      List<StoredKey> imported = new ArrayList<>();
      for (OmnidevFileCodec.Record in : incoming) {
        String fingerprint = KeyRecord.importFingerprint(in.hash());
        if (!known.add(fingerprint)) {
          continue;
        }
        StoredKey key = new StoredKey(
            newId(ids), in.userId(), Optional.of("imported from " + omnidevFile.getFileName()), KeyKind.GENERIC, Optional.empty(),
            Set.of(), Optional.empty(), Optional.empty(), in.hash().format(), false, List.of(),
            Optional.of(in.createdAt().orElse(now)), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        records.add(new KeyRecord(key, in.hash(), Optional.empty(), Optional.empty(), Optional.of(fingerprint), Map.of()));
        imported.add(key);
      }
      return imported.isEmpty() ? new Change<>(base, List.<StoredKey>of()) : new Change<>(base.with(records), List.copyOf(imported));
    });
  }

  /**
   * Writes pending last-used times and hash upgrades now, in one write; also drops replaced secrets
   * whose grace period is over. Normally run in the background every flush interval.
   *
   * @return whether anything was written
   * @throws KeyStoreException if the file cannot be read or written; the pending changes are kept
   */
  public boolean flushUsage() {
    if (pendingUse.isEmpty() && pendingUpgrades.isEmpty()) {
      return false;
    }
    Map<String, Instant> uses = Map.copyOf(pendingUse);
    Map<String, Upgrade> upgrades = Map.copyOf(pendingUpgrades);
    boolean written = mutate("record last use", (base, now) -> {
      Set<KeyHash> inUse = new HashSet<>();
      if (!upgrades.isEmpty()) {
        base.records().forEach(r -> inUse.add(r.hash()));
      }
      List<KeyRecord> records = new ArrayList<>(base.records().size());
      boolean changed = false;
      for (KeyRecord r : base.records()) {
        KeyRecord next = r;
        Instant used = uses.get(r.key().id());
        if (used != null && r.key().lastUsedAt().filter(last -> used.isBefore(last.plus(LAST_USED_RESOLUTION))).isEmpty()) {
          next = next.with(copyOf(next.key(), used, Revision.LAST_USED));
        }
        Upgrade upgrade = upgrades.get(r.key().id());
        if (upgrade != null && next.hash().equals(upgrade.verified()) && !inUse.contains(upgrade.replacement())) {
          StoredKey k = next.key();
          StoredKey upgraded = new StoredKey(
              k.id(), k.name(), k.description(), k.kind(), k.type(), k.roles(), k.owner(), k.start(), upgrade.replacement().format(),
              k.viewable(), k.allowedIps(), k.createdAt(), k.expiresAt(), k.lastUsedAt(), k.revokedAt(), k.previousSecretValidUntil());
          next = next.with(upgraded, upgrade.replacement(), next.previousHash(), next.encrypted());
        }
        if (next.key().previousSecretValidUntil().filter(until -> !now.isBefore(until)).isPresent()) {
          next = next.with(copyOf(next.key(), now, Revision.END_GRACE));
        }
        changed |= next != r;
        records.add(next);
      }
      return changed ? new Change<>(base.with(records), true) : new Change<>(base, false);
    });
    uses.forEach(pendingUse::remove);
    // After the removals: an entry noted from now on is in the map until the next flush.
    notedUses = new KeyEntry[NOTED_USES_SLOTS];
    upgrades.forEach(pendingUpgrades::remove);
    return written;
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
    return keys.reloadIfChanged();
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
    Objects.requireNonNull(background, "background");
    synchronized (tasks) {
      if (started) {
        return;
      }
      started = true;
      if (!refreshInterval.isZero()) {
        tasks.add(keys.watch(background, refreshInterval));
      }
      if (!flushInterval.isZero()) {
        tasks.add(background.every("record last use in " + file.getFileName(), flushInterval, this::flushInBackground));
      }
    }
  }

  /**
   * Cancels the store's background tasks (a task already running finishes) and writes pending
   * last-used times. The store still answers requests from the keys in force. Idempotent.
   */
  @Override
  public void close() {
    synchronized (tasks) {
      started = true;
      tasks.forEach(Background.Task::cancel);
      tasks.clear();
    }
    try {
      flushUsage();
    } catch (KeyStoreException e) {
      LOG.warn("could not record last-used times in {} on close ({})", file, e.getMessage());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The write path

  /** A new file content and what the operation returns. */
  private record Change<T>(KeyFile file, T result) {}

  /** One operation on the file content. */
  @FunctionalInterface
  private interface Mutation<T> {
    Change<T> apply(KeyFile base, Instant now);
  }

  private <T> T mutate(String operation, Mutation<T> mutation) {
    try {
      // The OS lock keeps other processes out, the file's own lock the background check.
      return FileLocks.withLock(file, () -> keys.exclusively(() -> {
        try {
          KeyFile base = currentForWrite();
          Change<T> change = mutation.apply(base, clock.instant());
          if (change.file() != base) {
            write(base, change.file());
          }
          return change.result();
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
  private KeyFile currentForWrite() throws IOException {
    if (!Files.exists(file)) {
      if (keys.hasBeenLoaded()) {
        // Writing the keys in memory back would revive keys someone removed with the file.
        throw new KeyStoreException(KeyStoreException.Problem.UNREADABLE_FILE,
            file + " is missing, so nothing is written; restore it, or write {\"version\": 1, \"keys\": []} to start empty");
      }
      return state().file();
    }
    WatchedFile.Content content = keys.read();
    if (keys.isCurrent(content)) {
      return state().file();
    }
    State fresh;
    try {
      fresh = parse(content);
    } catch (ConfigurationException e) {
      throw new KeyStoreException(
          KeyStoreException.Problem.UNREADABLE_FILE, file + " was edited and cannot be read, so it is left as it is; fix it first:\n" + e.getMessage(), e);
    }
    keys.install(fresh, content);
    return fresh.file();
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

  private KeyHash newHash(Secret secret) {
    return newKeyPepper.map(p -> KeyHashes.hmacSha256(secret, p, peppers)).orElseGet(() -> KeyHashes.sha256(secret));
  }

  private static String newId(Set<String> taken) {
    byte[] random = new byte[8];
    String candidate;
    do {
      RANDOM.nextBytes(random);
      candidate = "key_" + HexFormat.of().formatHex(random);
    } while (!taken.add(candidate));
    return candidate;
  }

  private static KeyRecord requireRecord(KeyFile file, String keyId) {
    for (KeyRecord r : file.records()) {
      if (r.key().id().equals(keyId)) {
        return r;
      }
    }
    throw new KeyStoreException(KeyStoreException.Problem.NO_SUCH_KEY, "no key has the id '" + keyId + "'");
  }

  private static void requireOwner(KeyRecord record, String requester) {
    Objects.requireNonNull(requester, "requester");
    if (requester.isBlank() || record.key().owner().filter(requester::equals).isEmpty()) {
      throw new KeyStoreException(KeyStoreException.Problem.NOT_OWNER, "key '" + record.key().id() + "' is not owned by '" + requester + "'");
    }
  }

  private static List<KeyRecord> replace(List<KeyRecord> records, KeyRecord changed) {
    List<KeyRecord> next = new ArrayList<>(records);
    for (int i = 0; i < next.size(); i++) {
      if (next.get(i).key().id().equals(changed.key().id())) {
        next.set(i, changed);
      }
    }
    return next;
  }

  /** The small changes to a key's description. */
  private enum Revision {
    REVOKE,
    LAST_USED,
    END_GRACE
  }

  private static StoredKey copyOf(StoredKey k, Instant at, Revision revision) {
    return new StoredKey(
        k.id(), k.name(), k.description(), k.kind(), k.type(), k.roles(), k.owner(), k.start(), k.hashFormat(), k.viewable(),
        k.allowedIps(), k.createdAt(), k.expiresAt(),
        revision == Revision.LAST_USED ? Optional.of(at) : k.lastUsedAt(),
        revision == Revision.REVOKE ? Optional.of(at) : k.revokedAt(),
        revision == Revision.LAST_USED ? k.previousSecretValidUntil() : Optional.empty());
  }

  private void flushInBackground() {
    try {
      flushUsage();
      writeWarnings.clear();
    } catch (KeyStoreException e) {
      writeWarnings.warn("recording last-used times in " + file + " failed; will retry (" + e.problem() + ")");
      emit(new KeyStoreEvent.WriteFailed(file, e.getMessage()));
    }
  }

  private void emit(KeyStoreEvent event) {
    events.emit(event);
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
    return keys.health().withDetail("keys", size());
  }

  @Override
  public String toString() {
    return "FileKeyStore[id=" + id + ", file=" + file + ", keys=" + size() + "]";
  }

  /** Configures a {@link FileKeyStore}. Not thread-safe. */
  public static final class Builder {
    private final Path file;
    private String id = DEFAULT_ID;
    private Clock clock = Clock.systemUTC();
    private Peppers peppers = Peppers.none();
    private String newKeyPepper;
    private GeneratedKeys keyFormat = GeneratedKeys.standard();
    private Secret encryptionKey;
    private OwnerDirectory owners;
    private Set<KeyKind> acceptedKinds = EnumSet.allOf(KeyKind.class);
    private boolean upgradeSlowHashes = true;
    private Duration refreshInterval = DEFAULT_REFRESH_INTERVAL;
    private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
    private Consumer<KeyStoreEvent> listener = event -> { };

    private Builder(Path file) {
      this.file = Objects.requireNonNull(file, "file");
    }

    /**
     * The source id in principals, events and traces; {@value #DEFAULT_ID} by default.
     *
     * @param id the source id, unique within a chain
     * @return this builder
     */
    public Builder id(String id) {
      this.id = Objects.requireNonNull(id, "id");
      return this;
    }

    /**
     * The clock for expiry, grace periods and timestamps; the system UTC clock by default.
     *
     * @param clock the clock to use; never null
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The format of generated keys (their prefix); {@link GeneratedKeys#standard()} by default.
     *
     * @param keyFormat the generated-key format for new and regenerated keys
     * @return this builder
     */
    public Builder keyFormat(GeneratedKeys keyFormat) {
      this.keyFormat = Objects.requireNonNull(keyFormat, "keyFormat");
      return this;
    }

    /**
     * Peppers for keyed hashes in the file ({@code hmac-sha256:<id>:…}, Strapi's {@code hmac-sha512}).
     *
     * @param peppers the peppers keyed hashes may name
     * @return this builder
     */
    public Builder peppers(Peppers peppers) {
      this.peppers = Objects.requireNonNull(peppers, "peppers");
      return this;
    }

    /**
     * Hash new keys with HMAC-SHA256 under the pepper {@code pepperId} (one of {@link #peppers}) instead
     * of plain SHA-256, so a stolen file alone cannot confirm a guessed key.
     *
     * @param pepperId the id of a pepper given to {@link #peppers}
     * @return this builder
     */
    public Builder hashNewKeysWithPepper(String pepperId) {
      this.newKeyPepper = Objects.requireNonNull(pepperId, "pepperId");
      return this;
    }

    /**
     * Keep an encrypted copy of each new key that its owner may {@link FileKeyStore#view view} (Strapi's
     * {@code admin.secrets.encryptionKey}): AES-256-GCM under the SHA-256 of this string. Never written
     * to the file. Without it, a key's secret is shown once only.
     *
     * @param encryptionKey the encryption secret; never logged or written
     * @return this builder
     */
    public Builder encryptionKey(Secret encryptionKey) {
      this.encryptionKey = Objects.requireNonNull(encryptionKey, "encryptionKey");
      return this;
    }

    /**
     * Check owners of owned keys on every request; without one, owners are not checked.
     *
     * @param owners the directory to ask; never null
     * @return this builder
     */
    public Builder ownerDirectory(OwnerDirectory owners) {
      this.owners = Objects.requireNonNull(owners, "owners");
      return this;
    }

    /**
     * The kinds this source accepts (others are rejected as invalid); all by default.
     *
     * @param first a kind to accept
     * @param more further kinds to accept
     * @return this builder
     */
    public Builder acceptKinds(KeyKind first, KeyKind... more) {
      this.acceptedKinds = EnumSet.of(first, more);
      return this;
    }

    /**
     * Whether a slow imported hash (bcrypt, PBKDF2, Argon2) is replaced by a fast digest of the key after
     * its first successful use (written in the background); yes by default.
     *
     * @param upgrade {@code false} to keep imported hashes as they are
     * @return this builder
     */
    public Builder upgradeSlowHashes(boolean upgrade) {
      this.upgradeSlowHashes = upgrade;
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
     * How often the background writes pending last-used times, once the store is
     * {@link FileKeyStore#start started}; {@link #DEFAULT_FLUSH_INTERVAL} by default.
     * {@link Duration#ZERO}: only on {@link FileKeyStore#flushUsage()} and {@link FileKeyStore#close()}.
     *
     * @param interval the delay between writes; zero or positive
     * @return this builder
     */
    public Builder flushInterval(Duration interval) {
      this.flushInterval = nonNegative(interval);
      return this;
    }

    /**
     * Receives reloads, failed reloads and failed background writes; must not block.
     *
     * @param listener the listener; never null
     * @return this builder
     */
    public Builder listener(Consumer<KeyStoreEvent> listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    private static Duration nonNegative(Duration d) {
      if (Objects.requireNonNull(d, "interval").isNegative()) {
        throw new IllegalArgumentException("an interval must not be negative");
      }
      return d;
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
      if (newKeyPepper != null && peppers.get(newKeyPepper).isEmpty()) {
        throw new IllegalArgumentException("the pepper '" + newKeyPepper + "' for new keys is not configured");
      }
      return new FileKeyStore(this);
    }
  }
}
