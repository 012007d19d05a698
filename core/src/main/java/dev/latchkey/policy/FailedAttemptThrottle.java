package dev.latchkey.policy;

import dev.latchkey.Secret;
import dev.latchkey.internal.Digests;
import dev.latchkey.internal.Hex;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Cuts off guessing: failed authentications are counted per client address and per key prefix, and
 * once either count is exhausted the request is refused with 429 before any source hashes anything,
 * so neither guessing nor slow-hash CPU exhaustion can go on. Stricter than rate limits, and separate
 * from them. Successes do not reset the counts (so interleaving a valid key does not help a guesser).
 *
 * <p>The key prefix is the first characters of the presented credential (12 by default: a generated
 * key's prefix and the start of its body), tracked only as an HMAC under a per-process key, never as
 * text. Immutable and thread-safe.
 */
public final class FailedAttemptThrottle {
  /** Characters of the credential that make its prefix, by default. */
  public static final int DEFAULT_PREFIX_LENGTH = 12;

  private final RateLimit perAddress;
  private final Optional<RateLimit> perPrefix;
  private final int prefixLength;
  private final RateLimiter limiter;

  private FailedAttemptThrottle(RateLimit perAddress, Optional<RateLimit> perPrefix, int prefixLength, RateLimiter limiter) {
    this.perAddress = perAddress;
    this.perPrefix = perPrefix;
    this.prefixLength = prefixLength;
    this.limiter = limiter;
  }

  /** At most {@code limit} failures per client address, counted in this process on the system clock. */
  public static FailedAttemptThrottle perClientAddress(RateLimit limit) {
    return new FailedAttemptThrottle(
        Objects.requireNonNull(limit, "limit"), Optional.empty(), DEFAULT_PREFIX_LENGTH, LocalRateLimiter.create(Clock.systemUTC()));
  }

  /** 30 failures per client address and 10 per key prefix, each per 10 minutes. */
  public static FailedAttemptThrottle standard() {
    return perClientAddress(RateLimit.fixedWindow(30, Duration.ofMinutes(10)))
        .andPerKeyPrefix(DEFAULT_PREFIX_LENGTH, RateLimit.fixedWindow(10, Duration.ofMinutes(10)));
  }

  /** Also at most {@code limit} failures per key prefix of {@code prefixLength} characters. */
  public FailedAttemptThrottle andPerKeyPrefix(int prefixLength, RateLimit limit) {
    if (prefixLength < 1) {
      throw new IllegalArgumentException("a key prefix needs at least one character");
    }
    return new FailedAttemptThrottle(perAddress, Optional.of(limit), prefixLength, limiter);
  }

  /** The same limits, counted by {@code limiter}. */
  public FailedAttemptThrottle countedBy(RateLimiter limiter) {
    return new FailedAttemptThrottle(perAddress, perPrefix, prefixLength, Objects.requireNonNull(limiter, "limiter"));
  }

  /** Whether a request from {@code client} presenting {@code credential} may be tried; takes nothing. */
  public RateLimiter.Decision check(Optional<InetAddress> client, Optional<Secret> credential) {
    RateLimiter.Decision address = limiter.check(addressKey(client), perAddress);
    if (!address.allowed() || perPrefix.isEmpty() || credential.isEmpty()) {
      return address;
    }
    return limiter.check(prefixKey(credential.get()), perPrefix.get());
  }

  /** Counts one failure from {@code client}, and for {@code credential}'s prefix if one was presented. */
  public void recordFailure(Optional<InetAddress> client, Optional<Secret> credential) {
    limiter.acquire(addressKey(client), perAddress);
    if (perPrefix.isPresent() && credential.isPresent()) {
      limiter.acquire(prefixKey(credential.get()), perPrefix.get());
    }
  }

  private static String addressKey(Optional<InetAddress> client) {
    return "failed-address:" + client.map(InetAddress::getHostAddress).orElse("unknown");
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
}
