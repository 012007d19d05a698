package dev.latchkey;

import dev.latchkey.policy.FailedAttemptThrottle;
import dev.latchkey.policy.IpAllowlist;
import dev.latchkey.policy.RateLimitPolicy;
import dev.latchkey.policy.TrustedProxies;
import dev.latchkey.revocation.Revocations;
import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policies an authenticator applies around its chain, as configured on {@link Latchkey.Builder}.
 * Immutable and thread-safe (the parse cache is a concurrent map).
 */
final class RequestPolicies {
  private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
  private static final int MAX_CACHED_ALLOWLISTS = 1024;

  final TrustedProxies trustedProxies;
  final IpAllowlist allowlist;
  final String allowedIpsAttribute;
  final Optional<RateLimitPolicy> rateLimits;
  final Optional<FailedAttemptThrottle> throttle;
  final Optional<Revocations> revocations;
  private final ConcurrentHashMap<Object, Optional<IpAllowlist>> parsedAllowlists = new ConcurrentHashMap<>();

  RequestPolicies(
      TrustedProxies trustedProxies,
      IpAllowlist allowlist,
      String allowedIpsAttribute,
      Optional<RateLimitPolicy> rateLimits,
      Optional<FailedAttemptThrottle> throttle,
      Optional<Revocations> revocations) {
    this.trustedProxies = trustedProxies;
    this.allowlist = allowlist;
    this.allowedIpsAttribute = allowedIpsAttribute;
    this.rateLimits = rateLimits;
    this.throttle = throttle;
    this.revocations = revocations;
  }

  /**
   * Whether the principal's own allowlist (the attribute {@link #allowedIpsAttribute}: a comma list
   * or a list of addresses and ranges) admits {@code client}. No attribute, an empty string or an empty
   * list: yes. An attribute that is not a valid list: no (fail closed), with a warning naming the principal.
   */
  boolean principalAllows(Principal principal, Optional<InetAddress> client) {
    Object value = principal.attributes().get(allowedIpsAttribute);
    if (value == null) {
      return true;
    }
    Optional<IpAllowlist> list = parsedAllowlists.get(value);
    if (list == null) {
      list = parse(value);
      if (list.isEmpty()) {
        LOG.warn("principal '{}' has an {} attribute that is not a list of addresses; its requests are refused", principal.name(), allowedIpsAttribute);
      }
      if (parsedAllowlists.size() >= MAX_CACHED_ALLOWLISTS) {
        parsedAllowlists.clear();
      }
      parsedAllowlists.put(value, list);
    }
    return list.isPresent() && list.get().allows(client);
  }

  private static Optional<IpAllowlist> parse(Object value) {
    try {
      if (value instanceof String text) {
        return Optional.of(IpAllowlist.parseCommaSeparated(text));
      }
      if (value instanceof Collection<?> entries) {
        // Like an empty ALLOWED_IPS, an empty list means no restriction.
        return Optional.of(entries.isEmpty() ? IpAllowlist.all() : IpAllowlist.of(entries.stream().map(String::valueOf).toList()));
      }
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  static RequestPolicies none() {
    return new RequestPolicies(TrustedProxies.none(), IpAllowlist.all(), "allowed_ips", Optional.empty(), Optional.empty(), Optional.empty());
  }

  @Override
  public String toString() {
    return "RequestPolicies" + List.of(trustedProxies, allowlist, rateLimits, throttle, revocations);
  }
}
