package dev.latchkey.hash;

import dev.latchkey.Secret;
import dev.latchkey.internal.Digests;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Remembers successful slow verifications, so a repeated token costs one HMAC and a look-up instead of
 * a key derivation, and runs one derivation for concurrent identical requests.
 *
 * <p>Cached by HMAC-SHA256 of the token under a per-process random key, never by the token. Bounded
 * in size and time. A hit is only as good as the entry it names: callers confirm the entry is still
 * the very one in the current snapshot, so replacing, revoking or removing a key invalidates it.
 * Thread-safe.
 */
final class VerificationCache {
  private final int maxEntries;
  private final Duration ttl;
  private final Clock clock;
  private final ConcurrentHashMap<ByteBuffer, Hit> hits = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ByteBuffer, CompletableFuture<Search>> inFlight = new ConcurrentHashMap<>();

  private record Hit(KeyEntry entry, Instant validUntil) {}

  /**
   * The outcome of one slow search.
   *
   * @param found the matching entry, or null
   * @param overloaded whether the search could not run for lack of capacity
   */
  record Search(KeyEntry found, boolean overloaded) {
    static final Search OVERLOADED = new Search(null, true);
  }

  VerificationCache(int maxEntries, Duration ttl, Clock clock) {
    this.maxEntries = maxEntries;
    this.ttl = ttl;
    this.clock = clock;
  }

  /** The cache key for {@code secret}: a keyed digest, never the secret. */
  static ByteBuffer keyOf(Secret secret) {
    return ByteBuffer.wrap(Digests.processHmac(secret.utf8()));
  }

  /** The cached entry for {@code key}, if any and still within its time. */
  KeyEntry get(ByteBuffer key) {
    Hit hit = hits.get(key);
    if (hit == null) {
      return null;
    }
    if (!clock.instant().isBefore(hit.validUntil())) {
      hits.remove(key, hit);
      return null;
    }
    return hit.entry();
  }

  /** Forgets {@code key}. */
  void forget(ByteBuffer key) {
    hits.remove(key);
  }

  /**
   * Runs {@code search} for {@code key}, or joins a search already running for it; caches a found
   * entry. Exceptions from the search reach every caller waiting on it.
   */
  Search searchOnce(ByteBuffer key, Supplier<Search> search) {
    CompletableFuture<Search> mine = new CompletableFuture<>();
    CompletableFuture<Search> running = inFlight.putIfAbsent(key, mine);
    if (running != null) {
      return running.join();
    }
    try {
      Search result = search.get();
      if (result.found() != null && maxEntries > 0) {
        if (hits.size() >= maxEntries) {
          evictSome();
        }
        hits.put(key, new Hit(result.found(), clock.instant().plus(ttl)));
      }
      mine.complete(result);
      return result;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(key, mine);
    }
  }

  /** Drops about an eighth of the entries, expired ones first; bounded work. */
  private void evictSome() {
    Instant now = clock.instant();
    int toDrop = Math.max(1, maxEntries / 8);
    for (Iterator<Hit> it = hits.values().iterator(); it.hasNext() && toDrop > 0; ) {
      if (!now.isBefore(it.next().validUntil())) {
        it.remove();
        toDrop--;
      }
    }
    for (Iterator<Hit> it = hits.values().iterator(); it.hasNext() && toDrop > 0; toDrop--) {
      it.next();
      it.remove();
    }
  }

  int size() {
    return hits.size();
  }
}
