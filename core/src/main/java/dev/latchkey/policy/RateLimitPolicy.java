package dev.latchkey.policy;

import dev.latchkey.Principal;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Limits authenticated requests: per principal by default, or per credential (key) or per client
 * address. A limit set for a key wins over limits set for roles; among a principal's roles the most
 * generous limit applies; otherwise the default. A refused request is denied with 429, a
 * {@code Retry-After} header and Omnidev's body ({@code {"error":"Rate limit exceeded. Please try again
 * later.","retryAfter":N}}). Counted per address, IPv6 clients count per /64, and clients whose
 * address is unknown share one count.
 *
 * <p>Each principal, key or address has a count of its own and is refused only when that count is
 * exhausted, never because of how many others are counted: the {@link RateLimiter} never merges keys
 * (with {@link LocalRateLimiter}, a full table forgets its least-used keys, which then start again with
 * their whole allowance).
 *
 * <p>Immutable and thread-safe; the counting is done by a {@link RateLimiter}.
 */
public final class RateLimitPolicy {
  private final Scope scope;
  private final RateLimit defaultLimit;
  private final Map<String, RateLimit> byRole;
  private final Map<String, RateLimit> byCredential;
  private final Optional<RateLimiter> limiter;
  /**
   * The counting key last made for a principal, by the principal object's identity (direct-mapped):
   * a source that hands out the same {@link Principal} for a key on every request gets the same key
   * string back instead of a new one. Racy by design: slots hold immutable entries, and a lost race
   * only makes the key again.
   */
  private final KeyEntry[] keys = new KeyEntry[KEY_SLOTS];

  private static final int KEY_SLOTS = 1024;

  private RateLimitPolicy(
      Scope scope, RateLimit defaultLimit, Map<String, RateLimit> byRole, Map<String, RateLimit> byCredential, Optional<RateLimiter> limiter) {
    this.scope = scope;
    this.defaultLimit = defaultLimit;
    this.byRole = byRole;
    this.byCredential = byCredential;
    this.limiter = limiter;
  }

  /**
   * Limits each principal to {@code limit}. Counted in this process on the authenticator's clock unless
   * {@link #countedBy} says otherwise.
   *
   * @param limit the default limit for every principal
   * @return the policy
   */
  public static RateLimitPolicy perPrincipal(RateLimit limit) {
    return new RateLimitPolicy(Scope.PRINCIPAL, Objects.requireNonNull(limit, "limit"), Map.of(), Map.of(), Optional.empty());
  }

  /**
   * At most {@code permitsPerHour} requests per principal in a fixed hourly window (the window starts
   * with the principal's first request), as Omnidev's {@code API_RATE_LIMIT} counts.
   *
   * @param permitsPerHour requests each principal may make per window
   * @return the policy
   */
  public static RateLimitPolicy perPrincipalPerHour(long permitsPerHour) {
    return perPrincipal(RateLimit.perHourFixedWindow(permitsPerHour));
  }

  /**
   * Omnidev's name for {@link #perPrincipalPerHour(long)}, after its {@code API_RATE_LIMIT}; the same
   * policy.
   *
   * @param permitsPerHour requests each principal may make per hour
   * @return the policy
   */
  public static RateLimitPolicy omnidev(long permitsPerHour) {
    return perPrincipalPerHour(permitsPerHour);
  }

  /**
   * The same limits, counted per {@code scope}.
   *
   * @param scope what each count is kept for
   * @return a copy of this policy with that scope
   */
  public RateLimitPolicy per(Scope scope) {
    return new RateLimitPolicy(Objects.requireNonNull(scope, "scope"), defaultLimit, byRole, byCredential, limiter);
  }

  /**
   * The same limits, with {@code limit} for principals having {@code role}.
   *
   * @param role the role, matched exactly
   * @param limit the limit for principals having it
   * @return a copy of this policy with that role's limit
   */
  public RateLimitPolicy forRole(String role, RateLimit limit) {
    Map<String, RateLimit> roles = new HashMap<>(byRole);
    roles.put(Objects.requireNonNull(role, "role"), Objects.requireNonNull(limit, "limit"));
    return new RateLimitPolicy(scope, defaultLimit, Map.copyOf(roles), byCredential, limiter);
  }

  /**
   * The same limits, with {@code limit} for the credential (key id, {@code jti}) {@code credentialId}.
   *
   * @param credentialId the credential's id
   * @param limit the limit for that credential
   * @return a copy of this policy with that credential's limit
   */
  public RateLimitPolicy forCredential(String credentialId, RateLimit limit) {
    Map<String, RateLimit> keys = new HashMap<>(byCredential);
    keys.put(Objects.requireNonNull(credentialId, "credentialId"), Objects.requireNonNull(limit, "limit"));
    return new RateLimitPolicy(scope, defaultLimit, byRole, Map.copyOf(keys), limiter);
  }

  /**
   * The same limits, counted by {@code limiter} (a shared store, or a local one on a test clock).
   *
   * @param limiter the counter to use
   * @return a copy of this policy counted by {@code limiter}
   */
  public RateLimitPolicy countedBy(RateLimiter limiter) {
    return new RateLimitPolicy(scope, defaultLimit, byRole, byCredential, Optional.of(Objects.requireNonNull(limiter, "limiter")));
  }

  /**
   * This policy counted by {@code limiter} unless {@link #countedBy} already chose one.
   *
   * @param limiter the counter to use when none was chosen
   * @return this policy if it has a limiter, otherwise a copy counted by {@code limiter}
   */
  public RateLimitPolicy withDefaultLimiter(RateLimiter limiter) {
    return this.limiter.isPresent() ? this : countedBy(limiter);
  }

  /**
   * The limiter that counts for this policy, if one was chosen (the authenticator closes it if it is
   * {@link AutoCloseable}).
   *
   * @return the limiter, or empty if the authenticator's default will count
   */
  public Optional<RateLimiter> limiter() {
    return limiter;
  }

  /**
   * Takes a permit for {@code principal}'s request from {@code client}.
   *
   * @param principal the authenticated principal
   * @param client the client's address; empty if unknown
   * @return whether the request may go ahead, and how long to wait if not
   * @throws IllegalStateException if the policy has no limiter (see {@link #countedBy})
   */
  public RateLimiter.Decision acquire(Principal principal, Optional<InetAddress> client) {
    RateLimiter counter =
        limiter.orElseThrow(() -> new IllegalStateException("no rate limiter: call countedBy(...) or use it through Latchkey.Builder"));
    return counter.acquire(keyFor(principal, client), limitFor(principal));
  }

  /**
   * The limit that applies to {@code principal}.
   *
   * @param principal the authenticated principal
   * @return the credential's limit if set, else the most generous limit among its roles, else the default
   */
  public RateLimit limitFor(Principal principal) {
    if (!byCredential.isEmpty()) {
      Optional<RateLimit> forKey = principal.credentialId().map(byCredential::get);
      if (forKey.isPresent()) {
        return forKey.get();
      }
    }
    RateLimit best = null;
    if (!byRole.isEmpty()) {
      for (String role : principal.roles()) {
        RateLimit candidate = byRole.get(role);
        if (candidate != null && (best == null || generosity(candidate) > generosity(best))) {
          best = candidate;
        }
      }
    }
    return best != null ? best : defaultLimit;
  }

  private static double generosity(RateLimit limit) {
    return (double) limit.permits() / limit.period().toNanos();
  }

  private String keyFor(Principal principal, Optional<InetAddress> client) {
    if (scope == Scope.CLIENT_ADDRESS && !ownLimit(principal)) {
      return "address:" + AddressKeys.of(client).orElse("unknown");
    }
    // Otherwise the key depends on the principal alone.
    int slot = System.identityHashCode(principal) & (KEY_SLOTS - 1);
    KeyEntry entry = keys[slot];
    if (entry != null && entry.principal == principal) {
      return entry.key;
    }
    String key = principalKey(principal);
    keys[slot] = new KeyEntry(principal, key);
    return key;
  }

  private boolean ownLimit(Principal principal) {
    return !byCredential.isEmpty() && principal.credentialId().map(byCredential::containsKey).orElse(false);
  }

  private String principalKey(Principal principal) {
    // A limit set for one key is that key's own: it never shares a counter with the principal's other keys.
    if (ownLimit(principal)) {
      return "credential:" + principal.sourceId() + ":" + principal.credentialId().get();
    }
    return scope == Scope.CREDENTIAL
        ? "credential:" + principal.sourceId() + ":" + principal.credentialId().orElse(principal.name())
        : "principal:" + principal.name();
  }

  /** One slot of the key table. */
  private static final class KeyEntry {
    final Principal principal;
    final String key;

    KeyEntry(Principal principal, String key) {
      this.principal = principal;
      this.key = key;
    }
  }

  @Override
  public String toString() {
    return "RateLimitPolicy[per " + scope + ", default " + defaultLimit + ", roles " + byRole.keySet()
        + ", credentials " + byCredential.keySet() + "]";
  }

  /** What a limit is counted per. */
  public enum Scope {
    /** Per principal name: all of one identity's keys share the limit (the default). */
    PRINCIPAL,
    /** Per credential: each key counts on its own. */
    CREDENTIAL,
    /** Per client address. */
    CLIENT_ADDRESS
  }
}
