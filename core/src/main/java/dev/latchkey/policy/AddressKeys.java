package dev.latchkey.policy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * How a client address is counted: an IPv4 address as itself, an IPv6 address by its /64 network,
 * since one subscriber usually holds a whole /64 and could otherwise rotate through it; and, for the
 * opt-in per-network count, an IPv4 address by its /24 and an IPv6 address by its /48 (a typical
 * site's allocation). Stateless.
 */
final class AddressKeys {
  private AddressKeys() {}

  /** The counting key for {@code client}, or empty when the address is unknown. */
  static Optional<String> of(Optional<InetAddress> client) {
    if (client.isEmpty()) {
      return Optional.empty();
    }
    InetAddress address = client.get();
    return Optional.of(address instanceof Inet6Address ? ipv6Prefix(address.getAddress(), 4) + ":/64" : address.getHostAddress());
  }

  /** The key of {@code client}'s IPv4 /24 or IPv6 /48, or empty when the address is unknown. */
  static Optional<String> networkOf(Optional<InetAddress> client) {
    if (client.isEmpty()) {
      return Optional.empty();
    }
    byte[] bytes = client.get().getAddress();
    if (client.get() instanceof Inet6Address) {
      return Optional.of(ipv6Prefix(bytes, 3) + ":/48");
    }
    return Optional.of((bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + ".0/24");
  }

  /** The first {@code groups} 16-bit groups of an IPv6 address, each followed by a colon. */
  private static String ipv6Prefix(byte[] bytes, int groups) {
    StringBuilder out = new StringBuilder(5 * groups + 4);
    for (int i = 0; i < 2 * groups; i += 2) {
      out.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
    }
    return out.toString();
  }
}
