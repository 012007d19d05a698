package dev.latchkey.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Parses IPv4 and IPv6 address literals without ever consulting DNS ({@link InetAddress#getByName}
 * would resolve a host name). Stateless and thread-safe.
 */
public final class IpLiteral {
  private IpLiteral() {}

  /**
   * The address written in {@code text} (dotted-quad IPv4, or IPv6 optionally in brackets), or empty
   * if {@code text} is not an address literal.
   */
  public static Optional<InetAddress> parse(String text) {
    String s = text.strip();
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    if (s.isEmpty()) {
      return Optional.empty();
    }
    if (s.indexOf(':') >= 0) {
      return parseIpv6(s);
    }
    byte[] v4 = parseIpv4(s);
    if (v4 == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByAddress(v4));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** Dotted-quad IPv4, strictly: four decimal octets, no leading zeros, nothing else. */
  private static byte[] parseIpv4(String s) {
    byte[] out = new byte[4];
    int part = 0;
    int value = 0;
    int digits = 0;
    for (int i = 0; i <= s.length(); i++) {
      char c = i < s.length() ? s.charAt(i) : '.';
      if (c == '.') {
        if (digits == 0 || part > 3) {
          return null;
        }
        out[part++] = (byte) value;
        value = 0;
        digits = 0;
      } else if (c >= '0' && c <= '9') {
        if (digits > 0 && value == 0) {
          return null; // a leading zero
        }
        value = value * 10 + (c - '0');
        if (++digits > 3 || value > 255) {
          return null;
        }
      } else {
        return null;
      }
    }
    return part == 4 ? out : null;
  }

  private static Optional<InetAddress> parseIpv6(String s) {
    // The zone (after '%') is ignored: addresses are compared without it, and parsing it would make
    // the JDK look up a network interface.
    int zone = s.indexOf('%');
    String address = zone >= 0 ? s.substring(0, zone) : s;
    if (address.isEmpty()) {
      return Optional.empty();
    }
    char first = address.charAt(0);
    // A literal starting with a hex digit or ':' is parsed as one and never resolved; anything else
    // could reach the system resolver, so it is refused here.
    if (!(first == ':' || (first >= '0' && first <= '9') || (first >= 'a' && first <= 'f') || (first >= 'A' && first <= 'F'))) {
      return Optional.empty();
    }
    for (int i = 0; i < address.length(); i++) {
      char c = address.charAt(i);
      boolean ok =
          c == ':' || c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!ok) {
        return Optional.empty();
      }
    }
    try {
      return Optional.of(InetAddress.getByName(address));
    } catch (UnknownHostException | SecurityException e) {
      return Optional.empty();
    }
  }
}
