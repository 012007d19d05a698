package dev.latchkey.policy;

import dev.latchkey.AuthRequest;
import dev.latchkey.internal.AddressBytes;
import dev.latchkey.internal.IpLiteral;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the real client address behind reverse proxies you trust.
 *
 * <p>The client is the socket peer, unless the peer is a trusted proxy. Then the forwarding chain
 * ({@code X-Forwarded-For}: every occurrence, comma lists, in order) is walked from the right, skipping
 * trusted proxies; the first untrusted address is the client. Entries to the left of it were written
 * by the client itself and are never believed (Omnidev trusts the leftmost entry, which anyone can
 * forge). An entry that is not an address stops the walk: the client is then unknown, which an
 * allowlist refuses. If every hop is trusted, the leftmost is the client.
 *
 * <p>Exactly one forwarding header is read: {@code X-Forwarded-For} by default, or {@code Forwarded}
 * (RFC 7239) or {@code X-Real-IP} when configured, and then never {@code X-Forwarded-For} (a proxy that
 * sets {@code X-Real-IP} usually passes a client's own {@code X-Forwarded-For} through unchanged).
 * Without trusted proxies no forwarding header is read at all. Immutable and thread-safe; never
 * consults DNS.
 */
public final class TrustedProxies {
  private static final TrustedProxies NONE = new TrustedProxies(List.of(), false, false);

  private final List<IpRange> proxies;
  /** The same ranges as an array: walked on every request without an iterator. */
  private final IpRange[] proxyArray;
  private final boolean forwarded;
  private final boolean xRealIp;

  private TrustedProxies(List<IpRange> proxies, boolean forwarded, boolean xRealIp) {
    this.proxies = proxies;
    this.proxyArray = proxies.toArray(IpRange[]::new);
    this.forwarded = forwarded;
    this.xRealIp = xRealIp;
  }

  /**
   * No trusted proxies: the client is always the socket peer.
   *
   * @return the policy trusting no proxy
   */
  public static TrustedProxies none() {
    return NONE;
  }

  /**
   * Trusts proxies at these addresses and ranges, reading {@code X-Forwarded-For}.
   *
   * @param ranges the proxies' addresses and CIDR ranges
   * @return the policy
   * @throws IllegalArgumentException naming the first entry that is not an address or range
   */
  public static TrustedProxies of(List<String> ranges) {
    List<IpRange> parsed = new ArrayList<>();
    ranges.forEach(r -> parsed.add(IpRange.parse(r)));
    return new TrustedProxies(List.copyOf(parsed), false, false);
  }

  /**
   * As {@link #of(List)}.
   *
   * @param ranges the proxies' addresses and CIDR ranges
   * @return the policy
   */
  public static TrustedProxies of(String... ranges) {
    return of(List.of(ranges));
  }

  /**
   * Reads {@code Forwarded: for=…} (RFC 7239) instead of {@code X-Forwarded-For}.
   *
   * @return a copy of this policy reading {@code Forwarded}
   */
  public TrustedProxies withForwardedHeader() {
    return new TrustedProxies(proxies, true, false);
  }

  /**
   * Reads {@code X-Real-IP} (set by the proxy to the address it saw) instead of {@code X-Forwarded-For}.
   *
   * @return a copy of this policy reading {@code X-Real-IP}
   */
  public TrustedProxies withXRealIp() {
    return new TrustedProxies(proxies, false, true);
  }

  /**
   * Whether {@code address} is a trusted proxy.
   *
   * @param address the address to test
   * @return {@code true} if it is in one of the trusted ranges
   */
  public boolean trusts(InetAddress address) {
    for (IpRange range : proxyArray) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The client's address, or empty if it cannot be known.
   *
   * @param request the request
   * @return the socket peer unless it is a trusted proxy; otherwise, walking the forwarding header from the
   *     right, the first address that is not a trusted proxy (the leftmost if all are, the peer if the header
   *     is absent); empty if the peer is unknown or a hop cannot be parsed
   */
  public Optional<InetAddress> clientAddress(AuthRequest request) {
    Optional<InetAddress> peer = request.remoteAddress();
    if (peer.isEmpty() || proxies.isEmpty() || !trusts(peer.get())) {
      return peer;
    }
    // Header names in lower case: lookups are case-insensitive, and a lower-case literal is matched
    // as it is, with no new string and no hash to compute on every request.
    if (forwarded) {
      List<String> hops = new ArrayList<>();
      for (String header : request.headers("forwarded")) {
        for (String element : header.split(",")) {
          hops.add(forValue(element));
        }
      }
      return walkFromRight(hops, peer);
    }
    if (xRealIp) {
      List<String> real = request.headers("x-real-ip");
      return real.size() > 1 ? Optional.empty() : walkFromRight(real, peer);
    }
    return walkFromRight(request.headers("x-forwarded-for"), peer);
  }

  /**
   * Walks comma-separated hops from the right, in place (the last value first, each from its last
   * entry): the first untrusted hop is the client, garbage makes it unknown, and if every hop is
   * trusted the leftmost is the client. A plain IPv4 hop (with or without a port) is read where it
   * stands and matched as an int, with no new object for an address seen before; anything else is
   * parsed by {@link #parseHop}.
   */
  private Optional<InetAddress> walkFromRight(List<String> values, Optional<InetAddress> peer) {
    Optional<InetAddress> leftmost = peer;
    for (int v = values.size() - 1; v >= 0; v--) {
      String value = values.get(v);
      int end = value.length();
      while (end >= 0) {
        int comma = value.lastIndexOf(',', end - 1);
        long ipv4 = ipv4Hop(value, comma + 1, end);
        Optional<InetAddress> hop;
        boolean trusted;
        if (ipv4 >= 0) {
          hop = AddressBytes.ipv4((int) ipv4);
          trusted = trustsIpv4((int) ipv4);
        } else {
          hop = parseHop(value.substring(comma + 1, end));
          trusted = hop.isPresent() && trusts(hop.get());
        }
        if (!trusted) {
          return hop;
        }
        leftmost = hop;
        end = comma;
      }
    }
    return leftmost;
  }

  private boolean trustsIpv4(int address) {
    for (IpRange range : proxyArray) {
      if (range.containsIpv4(address)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The hop in {@code text[start, end)} as an IPv4 int if it is a plain dotted quad (no leading zeros),
   * optionally with {@code :port} (1 to 5 digits) and surrounding white space; -1 for anything else,
   * which {@link #parseHop} then reads (and reads these the same way).
   */
  static long ipv4Hop(String text, int start, int end) {
    while (start < end && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    long address = 0;
    int octets = 0;
    int value = 0;
    int digits = 0;
    int i = start;
    for (; i <= end; i++) {
      char c = i < end ? text.charAt(i) : '.';
      if (c == ':' && octets == 3) {
        c = '.';
      }
      if (c == '.') {
        if (digits == 0 || octets > 3) {
          return -1;
        }
        address = address << 8 | value;
        octets++;
        value = 0;
        digits = 0;
        if (octets == 4) {
          break;
        }
      } else if (c >= '0' && c <= '9') {
        if (digits > 0 && value == 0) {
          return -1;
        }
        value = value * 10 + (c - '0');
        if (++digits > 3 || value > 255) {
          return -1;
        }
      } else {
        return -1;
      }
    }
    if (octets != 4) {
      return -1;
    }
    if (i < end) {
      // The fourth octet ended at a colon: a port of one to five digits must follow, and nothing else.
      int port = end - i - 1;
      if (text.charAt(i) != ':' || port < 1 || port > 5) {
        return -1;
      }
      for (int p = i + 1; p < end; p++) {
        if (text.charAt(p) < '0' || text.charAt(p) > '9') {
          return -1;
        }
      }
    }
    return address;
  }

  /** The {@code for=} parameter of one {@code Forwarded} element, or "" if it has none. */
  private static String forValue(String element) {
    for (String pair : element.split(";")) {
      String p = pair.strip();
      if (p.regionMatches(true, 0, "for=", 0, 4)) {
        String value = p.substring(4).strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        return value;
      }
    }
    return "";
  }

  /** An address from a forwarding entry: {@code 192.0.2.1}, {@code 192.0.2.1:443}, {@code 2001:db8::1}, {@code [2001:db8::1]:443}. */
  static Optional<InetAddress> parseHop(String raw) {
    String hop = raw.strip();
    if (hop.startsWith("[")) {
      int close = hop.indexOf(']');
      if (close < 0) {
        return Optional.empty();
      }
      String rest = hop.substring(close + 1);
      if (!rest.isEmpty() && !rest.matches(":\\d{1,5}")) {
        return Optional.empty();
      }
      return IpLiteral.parse(hop.substring(1, close));
    }
    int colon = hop.indexOf(':');
    if (colon > 0 && colon == hop.lastIndexOf(':')) {
      // IPv4 with a port.
      if (!hop.substring(colon + 1).matches("\\d{1,5}")) {
        return Optional.empty();
      }
      hop = hop.substring(0, colon);
    }
    return IpLiteral.parse(hop);
  }

  @Override
  public String toString() {
    return "TrustedProxies" + proxies + (forwarded ? "+Forwarded" : "") + (xRealIp ? "+X-Real-IP" : "");
  }
}
