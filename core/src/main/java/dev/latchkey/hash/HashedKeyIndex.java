package dev.latchkey.hash;

import dev.latchkey.internal.Require;
import dev.latchkey.Credential;
import dev.latchkey.Principal;
import dev.latchkey.Reason;
import dev.latchkey.Secret;
import dev.latchkey.Verdict;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * Stored keys, found by the presented secret. The engine behind every key-holding source.
 *
 * <p>How a secret is found:
 *
 * <ol>
 *   <li>If a {@link GeneratedKeys} format is configured and the secret has its shape but a wrong
 *       checksum, it is rejected at once: no digest, no look-up.
 *   <li>Fast digests ({@code sha256}, {@code hmac-sha256}, {@code hmac-sha512}): one digest per
 *       configured kind (usually one) and one table look-up, O(1) in the number of keys. An unknown
 *       key and a wrong key do the same work.
 *   <li>Only if no fast entry matched: the verification cache, then the slow formats. A MooseStack
 *       token carries its salt, so it costs one derivation and a look-up; PBKDF2, bcrypt and Argon2
 *       entries are tried one by one. A success is cached (keyed by an HMAC of the token under a
 *       per-process key), and concurrent identical requests share one derivation. A generated key
 *       with a valid checksum never reaches this step (generated keys are stored as fast digests), and
 *       at most a configured number of slow verifications run at once.
 * </ol>
 *
 * <p>Thread-safe. Readers work on an immutable snapshot and never block; {@link #put},
 * {@link #remove} and {@link #apply} publish a new snapshot that shares all but the pages they touch
 * (O(changes), whatever the number of entries; once the tombstones of removed entries fill the tables,
 * which takes at least half as many changes as there are entries, a change first compacts them away in
 * one O(n) pass over primitive tables); {@link #replaceAll} builds one afresh (O(n)). A cached verification is honoured only while its entry is
 * unchanged in the current snapshot, so revoking, disabling, replacing or removing a key takes effect
 * at once.
 */
public final class HashedKeyIndex {
  /** Cached slow verifications kept at most, by default. */
  public static final int DEFAULT_CACHE_ENTRIES = 10_000;
  /** How long a slow verification stays cached, by default. */
  public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(5);
  /** The longest a slow verification may stay cached. */
  public static final Duration MAX_CACHE_TTL = Duration.ofDays(1);

  private final String sourceId;
  private final Clock clock;
  private final Optional<GeneratedKeys> generatedKeys;
  private final VerificationCache cache;
  private final Semaphore slowPermits;
  private final Object writeLock = new Object();
  private volatile IndexSnapshot snapshot = IndexSnapshot.EMPTY;

  private HashedKeyIndex(Builder b) {
    this.sourceId = b.sourceId;
    this.clock = b.clock;
    this.generatedKeys = Optional.ofNullable(b.generatedKeys);
    this.cache = new VerificationCache(b.cacheEntries, b.cacheTtl, b.clock);
    this.slowPermits = new Semaphore(b.maxConcurrentSlowVerifications);
  }

  /**
   * A builder for an empty index whose principals name {@code sourceId} as their source.
   *
   * @param sourceId the id of the source that owns the index; never blank
   * @return a new builder
   */
  public static Builder builder(String sourceId) {
    return new Builder(sourceId);
  }

  /**
   * The verdict for {@code credential}, with the usual rules: not found → abstain; a bad checksum,
   * revoked, disabled or expired key → reject; otherwise accept, with a principal built from the
   * entry. Never throws for any credential.
   *
   * @param credential the presented credential; never null
   * @return the verdict; never null
   */
  public Verdict verify(Credential credential) {
    Lookup lookup = lookup(credential.secret());
    if (lookup instanceof Lookup.Found found) {
      return verdictFor(found.entry(), found.principal());
    }
    if (lookup instanceof Lookup.BadChecksum) {
      return Verdict.reject(Reason.INVALID_CREDENTIAL, "key checksum does not match");
    }
    if (lookup instanceof Lookup.Overloaded) {
      return Verdict.unavailable("too many slow key verifications at once");
    }
    return Verdict.abstain("no such key");
  }

  /**
   * The verdict for a found entry, judged now: revoked, disabled, expired, or accepted.
   *
   * @param entry an entry of this index
   * @return the verdict for the entry as of now; never null
   */
  public Verdict verdictFor(KeyEntry entry) {
    return verdictFor(entry, principalOf(entry));
  }

  private Verdict verdictFor(KeyEntry entry, Principal principal) {
    switch (entry.state()) {
      case REVOKED:
        return Verdict.reject(Reason.REVOKED, "key '" + entry.id() + "' is revoked");
      case DISABLED:
        return Verdict.reject(Reason.DISABLED, "key '" + entry.id() + "' is disabled");
      default:
        break;
    }
    if (entry.isExpiredAt(clock.instant())) {
      return Verdict.reject(Reason.EXPIRED, "key '" + entry.id() + "' expired at " + entry.expiresAt().get());
    }
    return Verdict.accept(principal);
  }

  /**
   * The principal a found entry proves.
   *
   * @param entry an entry of this index
   * @return the principal, shared between look-ups of the same entry; never null
   */
  public Principal principalOf(KeyEntry entry) {
    // The entry's parts are already immutable (shared role set, immutable map), so the principal
    // takes them as they are: no copies on the request path.
    @SuppressWarnings("unchecked")
    Map<String, Object> attributes = (Map<String, Object>) (Map<String, ?>) entry.attributes();
    return new Principal(
        entry.name(), entry.roles(), sourceId, Optional.of(entry.id()), entry.owner(), entry.expiresAt(), attributes);
  }

  /**
   * Finds the entry {@code secret} matches, whatever its state. Never throws for any secret.
   *
   * @param secret the presented secret; never null
   * @return the found entry, or why none was found; never null
   */
  public Lookup lookup(Secret secret) {
    GeneratedKeys.Check check =
        generatedKeys.isPresent() ? generatedKeys.get().check(secret) : GeneratedKeys.Check.OTHER_FORMAT;
    if (check == GeneratedKeys.Check.BAD_CHECKSUM) {
      return Lookup.BAD_CHECKSUM;
    }
    IndexSnapshot current = snapshot;
    int fast = current.findFast(secret);
    if (fast >= 0) {
      return current.found(fast, this::principalOf);
    }
    // Generated keys are always stored as fast digests: a well-formed one that missed is unknown, and
    // never costs a slow derivation (their checksum is public, so they can be minted offline).
    if (check == GeneratedKeys.Check.VALID || !current.hasSlowEntries()) {
      return Lookup.NOT_FOUND;
    }
    ByteBuffer cacheKey = VerificationCache.keyOf(secret);
    KeyEntry cached = cache.get(cacheKey);
    if (cached != null) {
      IndexSnapshot now = snapshot;
      int position = now.current(cached);
      if (position >= 0) {
        return now.found(position, this::principalOf);
      }
      cache.forget(cacheKey);
    }
    VerificationCache.Search search;
    try {
      search = cache.searchOnce(cacheKey, () -> searchSlowly(secret));
    } catch (RuntimeException e) {
      // Only reachable through a failure in the cache itself: slow hashes are contained in findSlow.
      return Lookup.NOT_FOUND;
    }
    if (search.overloaded()) {
      return Lookup.OVERLOADED;
    }
    // A search that ran on an older snapshot may name an entry since replaced or removed.
    IndexSnapshot now = snapshot;
    int position = search.found() == null ? -1 : now.current(search.found());
    return position >= 0 ? now.found(position, this::principalOf) : Lookup.NOT_FOUND;
  }

  /** One slow search, if a permit is free; requests waiting on it hold none. */
  private VerificationCache.Search searchSlowly(Secret secret) {
    if (!slowPermits.tryAcquire()) {
      return VerificationCache.Search.OVERLOADED;
    }
    try {
      return new VerificationCache.Search(snapshot.findSlow(secret), false);
    } finally {
      slowPermits.release();
    }
  }

  /**
   * Adds {@code entry}, or replaces the entry with the same id.
   *
   * @param entry the entry to add; never null
   * @throws IllegalArgumentException if another entry has the same secret (the message names both
   *     ids, never the secret)
   */
  public void put(KeyEntry entry) {
    Objects.requireNonNull(entry, "entry");
    synchronized (writeLock) {
      snapshot = snapshot.with(List.of(entry), List.of());
    }
  }

  /**
   * Removes the entry {@code id}; returns whether there was one.
   *
   * @param id the entry's id
   * @return {@code true} if an entry was removed
   */
  public boolean remove(String id) {
    synchronized (writeLock) {
      if (snapshot.positionOf(id) < 0) {
        return false;
      }
      snapshot = snapshot.with(List.of(), List.of(id));
      return true;
    }
  }

  /**
   * Replaces every entry at once (a reload).
   *
   * @param entries the new entries; may be empty
   * @throws IllegalArgumentException if two entries share an id or a secret; the index is unchanged
   */
  public void replaceAll(Collection<KeyEntry> entries) {
    IndexSnapshot next = new IndexSnapshot(entries.toArray(new KeyEntry[0]));
    synchronized (writeLock) {
      snapshot = next;
    }
  }

  /**
   * Applies a change at once: removes the entries {@code removals} names (ids without an entry are
   * ignored), then adds or replaces {@code puts} by id. Readers see the whole change or none of it.
   *
   * @param puts entries to add, or to replace the entry with the same id
   * @param removals ids of entries to remove
   * @throws IllegalArgumentException if two entries would share a secret; the index is unchanged
   */
  public void apply(Collection<KeyEntry> puts, Collection<String> removals) {
    synchronized (writeLock) {
      snapshot = snapshot.with(puts, removals);
    }
  }

  /**
   * The entry {@code id}, if present.
   *
   * @param id the entry's id
   * @return the entry; empty if the index has none with that id
   */
  public Optional<KeyEntry> get(String id) {
    return Optional.ofNullable(snapshot.byId(id));
  }

  /**
   * Every entry, in insertion order.
   *
   * @return the entries, unmodifiable; a snapshot, not changed by later writes
   */
  public List<KeyEntry> entries() {
    return Collections.unmodifiableList(Arrays.asList(snapshot.entries()));
  }

  /**
   * The number of entries.
   *
   * @return the number of entries, at least 0
   */
  public int size() {
    return snapshot.size();
  }

  /** The number of cached slow verifications (for tests and metrics). */
  int cacheSize() {
    return cache.size();
  }

  @Override
  public String toString() {
    return "HashedKeyIndex[source=" + sourceId + ", entries=" + size() + "]";
  }

  /** The outcome of {@link #lookup(Secret)}. */
  public sealed interface Lookup permits Lookup.Found, Lookup.NotFound, Lookup.BadChecksum, Lookup.Overloaded {
    /** No entry matched. */
    Lookup NOT_FOUND = new NotFound();
    /** The secret has the generated-key shape but a wrong checksum. */
    Lookup BAD_CHECKSUM = new BadChecksum();
    /** The slow path was needed, but as many slow verifications as allowed were already running. */
    Lookup OVERLOADED = new Overloaded();

    /**
     * The secret matches {@code entry}.
     *
     * @param entry the matching entry, in whatever state
     * @param principal the principal the entry proves, as {@link HashedKeyIndex#principalOf} makes it:
     *     made on the entry's first look-up and then shared, so accepting a key allocates nothing more
     */
    record Found(KeyEntry entry, Principal principal) implements Lookup {}

    /** No entry matched. */
    record NotFound() implements Lookup {}

    /** A generated-key shape with a wrong checksum. */
    record BadChecksum() implements Lookup {}

    /** Slow verification was refused for now: the limit of concurrent slow verifications was reached. */
    record Overloaded() implements Lookup {}
  }

  /** Configures a {@link HashedKeyIndex}. Not thread-safe. */
  public static final class Builder {
    private final String sourceId;
    private Clock clock = Clock.systemUTC();
    private GeneratedKeys generatedKeys;
    private int cacheEntries = DEFAULT_CACHE_ENTRIES;
    private Duration cacheTtl = DEFAULT_CACHE_TTL;
    private int maxConcurrentSlowVerifications = Math.max(2, Runtime.getRuntime().availableProcessors());

    private Builder(String sourceId) {
      this.sourceId = Require.nonBlank(sourceId, "a source id");
    }

    /**
     * The clock expiry and cache lifetimes are judged by; the system UTC clock by default.
     *
     * @param clock the clock to judge by; never null
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Refuse keys of this generated format whose checksum is wrong, before any digest.
     *
     * @param generatedKeys the generated-key format whose checksums to check
     * @return this builder
     */
    public Builder generatedKeys(GeneratedKeys generatedKeys) {
      this.generatedKeys = Objects.requireNonNull(generatedKeys, "generatedKeys");
      return this;
    }

    /**
     * Bounds for the cache of slow verifications; {@code maxEntries} 0 turns it off (every slow
     * verification then derives afresh).
     *
     * @param maxEntries the most verifications cached; 0 for no cache
     * @param ttl how long a cached verification is trusted; at most a day
     * @return this builder
     * @throws IllegalArgumentException if a bound is negative or the lifetime exceeds a day
     */
    public Builder verificationCache(int maxEntries, Duration ttl) {
      if (maxEntries < 0 || ttl.isNegative()) {
        throw new IllegalArgumentException("cache bounds must not be negative");
      }
      if (ttl.compareTo(MAX_CACHE_TTL) > 0) {
        throw new IllegalArgumentException("a cached verification may live at most " + MAX_CACHE_TTL);
      }
      this.cacheEntries = maxEntries;
      this.cacheTtl = ttl;
      return this;
    }

    /**
     * How many slow verifications (PBKDF2, bcrypt, Argon2) may run at once; past that, a request that
     * needs one is answered {@link Lookup.Overloaded} (the source is unavailable: 503), so a flood of
     * unknown tokens cannot take every CPU. The number of processors (at least 2) by default.
     *
     * @param max the most slow verifications at once; at least 1
     * @return this builder
     */
    public Builder maxConcurrentSlowVerifications(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("at least one slow verification must be allowed");
      }
      this.maxConcurrentSlowVerifications = max;
      return this;
    }

    /**
     * The index, empty.
     *
     * @return a new, empty index
     */
    public HashedKeyIndex build() {
      return new HashedKeyIndex(this);
    }
  }
}
