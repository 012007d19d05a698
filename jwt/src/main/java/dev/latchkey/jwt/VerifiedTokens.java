package dev.latchkey.jwt;

import dev.latchkey.Reason;
import dev.latchkey.Verdict;
import dev.latchkey.jwt.internal.VerificationKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens a {@link JwtSource} verified, remembered by a SHA-256 digest of the whole token so a repeat
 * skips the signature check. A hit is honoured only while the token is within its {@code exp} and
 * {@code nbf} (with the issuer's leeway), the cache entry is within its lifetime, and the issuer still
 * chooses the very key that verified it. Bounded; thread-safe.
 */
final class VerifiedTokens {
  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(() -> {
        try {
          return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
          throw new IllegalStateException(e);
        }
      });

  private final int maxEntries;
  private final Duration ttl;
  private final ConcurrentHashMap<ByteBuffer, Entry> entries = new ConcurrentHashMap<>();

  /** What a verification rested on. */
  record Basis(JwtIssuer issuer, Optional<String> kid, VerificationKey key, Optional<Instant> expiresAt, Optional<Instant> notBefore) {}

  private record Entry(Verdict.Accept verdict, Basis basis, VerificationKey key, Instant until) {}

  VerifiedTokens(int maxEntries, Duration ttl) {
    this.maxEntries = maxEntries;
    this.ttl = ttl;
  }

  static byte[] digest(String token) {
    return SHA_256.get().digest(token.getBytes(StandardCharsets.US_ASCII));
  }

  /** The verdict for a remembered token, judged again now; empty on a miss. */
  Optional<Verdict> recheck(byte[] digest, Instant now) {
    ByteBuffer key = ByteBuffer.wrap(digest);
    Entry entry = entries.get(key);
    if (entry == null) {
      return Optional.empty();
    }
    JwtKeys.KeyChoice choice = entry.basis().issuer().keys.choose(entry.basis().kid());
    if (!now.isBefore(entry.until()) || !(choice instanceof JwtKeys.KeyChoice.Found found) || found.key() != entry.key()) {
      entries.remove(key, entry);
      return Optional.empty();
    }
    Duration leeway = entry.basis().issuer().leeway;
    Optional<Instant> exp = entry.basis().expiresAt();
    if (exp.isPresent() && !now.isBefore(exp.get().plus(leeway))) {
      entries.remove(key, entry);
      return Optional.of(Verdict.reject(Reason.EXPIRED, "the token expired at " + exp.get()));
    }
    Optional<Instant> nbf = entry.basis().notBefore();
    if (nbf.isPresent() && now.plus(leeway).isBefore(nbf.get())) {
      return Optional.of(Verdict.reject(Reason.NOT_YET_VALID, "the token is not valid before " + nbf.get()));
    }
    return Optional.of(entry.verdict());
  }

  /** Remembers an accepted token until the earlier of its expiry and the cache lifetime. */
  void remember(byte[] digest, Verdict.Accept verdict, Basis basis, Instant now) {
    // The key that verified the signature, never one chosen again now: keys may have changed since.
    Instant until = now.plus(ttl);
    if (basis.expiresAt().isPresent() && basis.expiresAt().get().isBefore(until)) {
      until = basis.expiresAt().get();
    }
    if (entries.size() >= maxEntries) {
      evictSome(now);
    }
    entries.put(ByteBuffer.wrap(digest), new Entry(verdict, basis, basis.key(), until));
  }

  /** Forgets every remembered token whose principal {@code revoked} accepts. */
  void forget(java.util.function.Predicate<dev.latchkey.Principal> revoked) {
    entries.values().removeIf(entry -> revoked.test(entry.verdict().principal()));
  }

  private void evictSome(Instant now) {
    int toDrop = Math.max(1, maxEntries / 8);
    for (Iterator<Entry> it = entries.values().iterator(); it.hasNext() && toDrop > 0; toDrop--) {
      it.next();
      it.remove();
    }
  }

  int size() {
    return entries.size();
  }
}
