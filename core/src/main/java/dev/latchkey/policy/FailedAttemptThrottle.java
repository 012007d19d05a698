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
import java.util.function.BiConsumer;

/**
 * Cuts off guessing: failed authentications are counted per client address (IPv6 per /64) and,
 * optionally, per network (IPv4 /24, IPv6 /48) and per key prefix; once a count is exhausted,
 * requests are refused with 429 before any source hashes anything, so neither guessing nor slow-hash
 * CPU exhaustion can go on.
 *
 * <p>Each attempt takes its permits before the sources run and gives them back if it succeeds (or a
 * source was unavailable), so concurrent guesses cannot slip past the count. Successes therefore cost
 * nothing, and interleaving a valid key does not reset anything. Clients whose address is unknown are
 * not counted per address (they would otherwise share, and could exhaust, one count).
 *
 * <p><b>Floods of addresses.</b> What this throttle guarantees, however many addresses fail:
 *
 * <ul>
 *   <li>An address is refused only when its own count is exhausted, or a count you opted in to (its
 *       network's, the presented key prefix's). Without those, an address that has not failed is never
 *       refused because other addresses failed: counts are never shared or merged (that is part of the
 *       {@link RateLimiter} contract), and an address has a count only while one of its attempts is in
 *       flight or after it has failed (a success gives its permit back, and a count with nothing in
 *       use is dropped).
 *   <li>An address that has used up its allowance is refused until its window ends, as long as the
 *       counter keeps it. {@link LocalRateLimiter} bounds its table by forgetting the least-used keys
 *       first (here: the fewest failures), so addresses that fail once or a few times churn only among
 *       themselves, and an exhausted address is forgotten only when fewer than an eighth of the tracked
 *       keys are further from their limits: after at least seven eighths of the table's keys have each
 *       used up their own allowance (with the defaults, 87,500 addresses and 2.6 million failures in
 *       one ten-minute window).
 *   <li>An attacker rotating through more addresses than that gets each address's own allowance, and
 *       an address forgotten in the churn gets it once more: no more than a fresh address would get,
 *       which no per-address count can refuse. Guessing from that many addresses is bounded by the
 *       keys' entropy (a generated key has 256 random bits) and, if you opt in, by the per-network
 *       count (an attacker's addresses in one /24 or /48 share it) and the per-key-prefix count.
 * </ul>
 *
 * <p>Per-key-prefix counting is opt-in: it stops guessing one key family from many addresses, but
 * anyone who knows a prefix can then lock that family out, so choose a prefix length that reaches
 * into the random part of your keys. It counts only guesses (unknown keys, bad signatures), never
 * JWT-shaped credentials (their first characters are the same for every token), and keeps prefixes
 * only as HMACs under a per-process key. Immutable and thread-safe.
 */
public final class FailedAttemptThrottle {
  private final RateLimit perAddress;
  private final Optional<RateLimit> perNetwork;
  private final Optional<RateLimit> perPrefix;
  private final int prefixLength;
  private final Optional<RateLimiter> limiter;

  private FailedAttemptThrottle(
      RateLimit perAddress, Optional<RateLimit> perNetwork, Optional<RateLimit> perPrefix, int prefixLength, Optional<RateLimiter> limiter) {
    this.perAddress = perAddress;
    this.perNetwork = perNetwork;
    this.perPrefix = perPrefix;
    this.prefixLength = prefixLength;
    this.limiter = limiter;
  }

  /**
   * At most {@code limit} failures per client address. Counted in this process on the authenticator's
   * clock unless {@link #countedBy} says otherwise.
   *
   * @param limit the failures allowed per address
   * @return a throttle counting per client address only
   */
  public static FailedAttemptThrottle perClientAddress(RateLimit limit) {
    return new FailedAttemptThrottle(Objects.requireNonNull(limit, "limit"), Optional.empty(), Optional.empty(), 0, Optional.empty());
  }

  /**
   * 30 failures per client address per 10 minutes.
   *
   * @return the standard throttle
   */
  public static FailedAttemptThrottle standard() {
    return perClientAddress(RateLimit.fixedWindow(30, Duration.ofMinutes(10)));
  }

  /**
   * Also at most {@code limit} guesses per key prefix of {@code prefixLength} characters (opt-in; see above).
   *
   * @param prefixLength how many leading characters of a credential make its prefix; at least 1
   * @param limit the guesses allowed per prefix
   * @return this throttle, also counting per key prefix
   * @throws IllegalArgumentException if {@code prefixLength} is below 1
   */
  public FailedAttemptThrottle andPerKeyPrefix(int prefixLength, RateLimit limit) {
    if (prefixLength < 1) {
      throw new IllegalArgumentException("a key prefix needs at least one character");
    }
    return new FailedAttemptThrottle(perAddress, perNetwork, Optional.of(Objects.requireNonNull(limit, "limit")), prefixLength, limiter);
  }

  /**
   * Also at most {@code limit} failures per network: an IPv4 /24 or an IPv6 /48, counting the failures
   * of every address in it (opt-in). This bounds guessing from many addresses of one network, which
   * the per-address count cannot (a /48 holds 65,536 /64s, each with its own allowance), at a price:
   * once a network's count is exhausted, every address in it is refused until the window ends,
   * including addresses that have not failed. Addresses in other networks are never affected. Choose
   * a limit well above what the honest clients behind one network (an office, a carrier-grade NAT)
   * fail together.
   *
   * @param limit the failures allowed per network
   * @return this throttle, also counting per network
   */
  public FailedAttemptThrottle andPerNetwork(RateLimit limit) {
    return new FailedAttemptThrottle(perAddress, Optional.of(Objects.requireNonNull(limit, "limit")), perPrefix, prefixLength, limiter);
  }

  /**
   * The same limits, counted by {@code limiter} (a shared store, or a local one on a test clock).
   *
   * @param limiter what counts the failures; it must keep keys independent, as {@link RateLimiter} requires
   * @return this throttle, counted by {@code limiter}
   */
  public FailedAttemptThrottle countedBy(RateLimiter limiter) {
    return new FailedAttemptThrottle(perAddress, perNetwork, perPrefix, prefixLength, Optional.of(Objects.requireNonNull(limiter, "limiter")));
  }

  /**
   * This throttle counted by {@code limiter} unless {@link #countedBy} already chose one.
   *
   * @param limiter the limiter to use if none was chosen
   * @return this throttle with a limiter
   */
  public FailedAttemptThrottle withDefaultLimiter(RateLimiter limiter) {
    return this.limiter.isPresent() ? this : countedBy(limiter);
  }

  /**
   * The limiter that counts for this throttle, if one was chosen (the authenticator closes it if it is
   * {@link AutoCloseable}).
   *
   * @return the limiter, or empty if the authenticator's default will count
   */
  public Optional<RateLimiter> limiter() {
    return limiter;
  }

  private RateLimiter counter() {
    return limiter.orElseThrow(() -> new IllegalStateException("no rate limiter: call countedBy(...) or use it through Latchkey.Builder"));
  }

  /**
   * Starts an attempt: takes a permit per counted key. If any is exhausted, the attempt is refused
   * (its {@link Attempt#decision()} says how long to wait) and nothing stays taken.
   *
   * @param client the client's address, empty if unknown (then it is not counted per address)
   * @param credential the presented credential, for the per-key-prefix count
   * @return the attempt, to be finished exactly once
   */
  public Attempt begin(Optional<InetAddress> client, Secret credential) {
    List<Taken> counted = new ArrayList<>(3);
    addressKeys(client, (key, limit) -> counted.add(new Taken(key, limit, true)));
    if (perPrefix.isPresent() && !looksLikeJwt(credential)) {
      counted.add(new Taken(prefixKey(credential), perPrefix.get(), false));
    }
    RateLimiter counter = counter();
    for (int i = 0; i < counted.size(); i++) {
      RateLimiter.Decision d = counter.acquire(counted.get(i).key(), counted.get(i).limit());
      if (!d.allowed()) {
        new Attempt(d, counted.subList(0, i)).succeeded();
        return new Attempt(d, List.of());
      }
    }
    return new Attempt(new RateLimiter.Decision(true, 0, Duration.ZERO), counted);
  }

  /**
   * Counts one failure for a credential refused before any source (malformed, too large).
   *
   * @param client the client's address; nothing is counted if it is unknown
   */
  public void recordMalformed(Optional<InetAddress> client) {
    addressKeys(client, counter()::acquire);
  }

  /** Passes the address key and, if counted, the network key of {@code client} with their limits. */
  private void addressKeys(Optional<InetAddress> client, BiConsumer<String, RateLimit> counted) {
    Optional<String> address = AddressKeys.of(client);
    if (address.isPresent()) {
      counted.accept("failed-address:" + address.get(), perAddress);
      if (perNetwork.isPresent()) {
        counted.accept("failed-network:" + AddressKeys.networkOf(client).orElseThrow(), perNetwork.get());
      }
    }
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
    return "FailedAttemptThrottle[per address " + perAddress + perNetwork.map(n -> ", per network " + n).orElse("")
        + perPrefix.map(p -> ", per key prefix " + p).orElse("") + "]";
  }

  /** A key an attempt counts; {@code anyFailure}: kept on every failure (address, network), not only on guesses (prefix). */
  private record Taken(String key, RateLimit limit, boolean anyFailure) {}

  /** One attempt's permits. Finish it exactly once, with {@link #finish(Reason)} or {@link #succeeded()}. */
  public final class Attempt {
    private final RateLimiter.Decision decision;
    private final List<Taken> taken;

    private Attempt(RateLimiter.Decision decision, List<Taken> taken) {
      this.decision = decision;
      this.taken = taken;
    }

    /**
     * Whether the attempt may go ahead, and if not, how long to wait.
     *
     * @return the decision taken when the attempt began
     */
    public RateLimiter.Decision decision() {
      return decision;
    }

    /** The attempt succeeded (or could not be judged): its permits are given back. */
    public void succeeded() {
      taken.forEach(t -> counter().release(t.key(), t.limit()));
    }

    /**
     * The attempt ended with {@code outcome}: a source outage gives every permit back; other failures
     * keep the address and network permits; only guesses (unknown key, bad signature) keep the prefix
     * permit.
     *
     * @param outcome why the attempt was denied
     */
    public void finish(Reason outcome) {
      if (outcome == Reason.SOURCE_UNAVAILABLE || outcome == Reason.INTERNAL_ERROR) {
        succeeded();
        return;
      }
      boolean guess = outcome == Reason.INVALID_CREDENTIAL || outcome == Reason.BAD_SIGNATURE || outcome == Reason.UNKNOWN_KEY;
      for (Taken t : taken) {
        if (!t.anyFailure() && !guess) {
          counter().release(t.key(), t.limit());
        }
      }
    }
  }
}
