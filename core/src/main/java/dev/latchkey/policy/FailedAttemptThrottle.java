package dev.latchkey.policy;

import dev.latchkey.Reason;
import dev.latchkey.Secret;
import dev.latchkey.internal.CredentialRules;
import dev.latchkey.internal.Digests;
import dev.latchkey.internal.Hex;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Cuts off guessing: failed authentications are counted per client address (IPv6 per /64) and,
 * optionally, per key prefix; once a count is exhausted, requests are refused with 429 before any
 * source hashes anything, so neither guessing nor slow-hash CPU exhaustion can go on.
 *
 * <p>Each attempt takes its permits before the sources run and gives them back if it succeeds (or a
 * source was unavailable), so concurrent guesses cannot slip past the count. Successes therefore cost
 * nothing, and interleaving a valid key does not reset anything. Clients whose address is unknown are
 * not counted per address (they would otherwise share, and could exhaust, one count).
 *
 * <p>Per-key-prefix counting is opt-in: it stops guessing one key family from many addresses, but
 * anyone who knows a prefix can then lock that family out, so choose a prefix length that reaches
 * into the random part of your keys. It counts only guesses (unknown keys, bad signatures), never
 * JWT-shaped credentials (their first characters are the same for every token), and keeps prefixes
 * only as HMACs under a per-process key. Immutable and thread-safe.
 */
public final class FailedAttemptThrottle {
  private final RateLimit perAddress;
  private final Optional<RateLimit> perPrefix;
  private final int prefixLength;
  private final Optional<RateLimiter> limiter;

  private FailedAttemptThrottle(RateLimit perAddress, Optional<RateLimit> perPrefix, int prefixLength, Optional<RateLimiter> limiter) {
    this.perAddress = perAddress;
    this.perPrefix = perPrefix;
    this.prefixLength = prefixLength;
    this.limiter = limiter;
  }

  /**
   * At most {@code limit} failures per client address. Counted in this process on the authenticator's
   * clock unless {@link #countedBy} says otherwise.
   */
  public static FailedAttemptThrottle perClientAddress(RateLimit limit) {
    return new FailedAttemptThrottle(Objects.requireNonNull(limit, "limit"), Optional.empty(), 0, Optional.empty());
  }

  /** 30 failures per client address per 10 minutes. */
  public static FailedAttemptThrottle standard() {
    return perClientAddress(RateLimit.fixedWindow(30, Duration.ofMinutes(10)));
  }

  /** Also at most {@code limit} guesses per key prefix of {@code prefixLength} characters (opt-in; see above). */
  public FailedAttemptThrottle andPerKeyPrefix(int prefixLength, RateLimit limit) {
    if (prefixLength < 1) {
      throw new IllegalArgumentException("a key prefix needs at least one character");
    }
    return new FailedAttemptThrottle(perAddress, Optional.of(limit), prefixLength, limiter);
  }

  /** The same limits, counted by {@code limiter} (a shared store, or a local one on a test clock). */
  public FailedAttemptThrottle countedBy(RateLimiter limiter) {
    return new FailedAttemptThrottle(perAddress, perPrefix, prefixLength, Optional.of(Objects.requireNonNull(limiter, "limiter")));
  }

  /** This throttle counted by {@code limiter} unless {@link #countedBy} already chose one. */
  public FailedAttemptThrottle withDefaultLimiter(RateLimiter limiter) {
    return this.limiter.isPresent() ? this : countedBy(limiter);
  }

  private RateLimiter limiter() {
    return limiter.orElseThrow(() -> new IllegalStateException("no rate limiter: call countedBy(...) or use it through Latchkey.Builder"));
  }

  /**
   * Starts an attempt: takes a permit per counted key. If any is exhausted, the attempt is refused
   * (its {@link Attempt#decision()} says how long to wait) and nothing stays taken.
   */
  public Attempt begin(Optional<InetAddress> client, Secret credential) {
    List<Taken> taken = new ArrayList<>();
    Optional<String> address = AddressKeys.of(client).map(a -> "failed-address:" + a);
    if (address.isPresent()) {
      RateLimiter.Decision d = limiter().acquire(address.get(), perAddress);
      if (!d.allowed()) {
        return new Attempt(d, List.of());
      }
      taken.add(new Taken(address.get(), perAddress, true));
    }
    if (perPrefix.isPresent() && !looksLikeJwt(credential)) {
      String prefix = prefixKey(credential);
      RateLimiter.Decision d = limiter().acquire(prefix, perPrefix.get());
      if (!d.allowed()) {
        new Attempt(d, taken).succeeded();
        return new Attempt(d, List.of());
      }
      taken.add(new Taken(prefix, perPrefix.get(), false));
    }
    return new Attempt(new RateLimiter.Decision(true, 0, Duration.ZERO), taken);
  }

  /** Counts one failure for a credential refused before any source (malformed, too large). */
  public void recordMalformed(Optional<InetAddress> client) {
    AddressKeys.of(client).ifPresent(a -> limiter().acquire("failed-address:" + a, perAddress));
  }

  private static boolean looksLikeJwt(Secret credential) {
    return CredentialRules.isJwtShaped(credential.expose());
  }

  private String prefixKey(Secret credential) {
    String text = credential.expose();
    String prefix = text.substring(0, Math.min(prefixLength, text.length()));
    return "failed-prefix:" + Hex.encode(Digests.processHmac(prefix.getBytes(StandardCharsets.UTF_8)), 12);
  }

  @Override
  public String toString() {
    return "FailedAttemptThrottle[per address " + perAddress + perPrefix.map(p -> ", per key prefix " + p).orElse("") + "]";
  }

  private record Taken(String key, RateLimit limit, boolean address) {}

  /** One attempt's permits. Finish it exactly once, with {@link #finish(Reason)} or {@link #succeeded()}. */
  public final class Attempt {
    private final RateLimiter.Decision decision;
    private final List<Taken> taken;

    private Attempt(RateLimiter.Decision decision, List<Taken> taken) {
      this.decision = decision;
      this.taken = taken;
    }

    /** Whether the attempt may go ahead, and if not, how long to wait. */
    public RateLimiter.Decision decision() {
      return decision;
    }

    /** The attempt succeeded (or could not be judged): its permits are given back. */
    public void succeeded() {
      taken.forEach(t -> limiter().release(t.key(), t.limit()));
    }

    /**
     * The attempt ended with {@code outcome}: a source outage gives every permit back; other failures
     * keep the address permit; only guesses (unknown key, bad signature) keep the prefix permit.
     */
    public void finish(Reason outcome) {
      if (outcome == Reason.SOURCE_UNAVAILABLE || outcome == Reason.INTERNAL_ERROR) {
        succeeded();
        return;
      }
      boolean guess = outcome == Reason.INVALID_CREDENTIAL || outcome == Reason.BAD_SIGNATURE || outcome == Reason.UNKNOWN_KEY;
      for (Taken t : taken) {
        if (!t.address() && !guess) {
          limiter().release(t.key(), t.limit());
        }
      }
    }
  }
}
