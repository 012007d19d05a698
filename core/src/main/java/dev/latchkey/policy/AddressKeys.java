package dev.latchkey.policy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * How a client address is counted: an IPv4 address as itself, an IPv6 address by its /64 network,
 * since one subscriber usually holds a whole /64 and could otherwise rotate through it. Stateless.
 */
final class AddressKeys {
  private AddressKeys() {}

  /** The counting key for {@code client}, or empty when the address is unknown. */
  static Optional<String> of(Optional<InetAddress> client) {
    if (client.isEmpty()) {
      return Optional.empty();
    }
    InetAddress address = client.get();
    if (address instanceof Inet6Address) {
      byte[] bytes = address.getAddress();
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < 8; i += 2) {
        out.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
      }
      return Optional.of(out.append(":/64").toString());
    }
    return Optional.of(address.getHostAddress());
  }
}
