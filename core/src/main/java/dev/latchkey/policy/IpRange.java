package dev.latchkey.policy;

import dev.latchkey.internal.AddressBytes;
import dev.latchkey.internal.IpLiteral;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * An IPv4 or IPv6 address range in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}), or a
 * single address ({@code 192.0.2.7}, {@code ::1}). IPv4-mapped IPv6 forms ({@code ::ffff:10.0.0.0/104})
 * are the IPv4 ranges they denote, and IPv6 zone ids are ignored. Never consults DNS.
 *
 * <p>Immutable and thread-safe.
 */
public final class IpRange {
  private final byte[] network;
  private final int prefixLength;
  /** For an IPv4 range: the network and the mask as ints, to match a parsed hop without its bytes. */
  private final int ipv4Network;
  private final int ipv4Mask;

  private IpRange(byte[] network, int prefixLength) {
    this.network = network;
    this.prefixLength = prefixLength;
    if (network.length == 4) {
      this.ipv4Mask = prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
      this.ipv4Network = ((network[0] & 0xff) << 24 | (network[1] & 0xff) << 16 | (network[2] & 0xff) << 8 | (network[3] & 0xff)) & ipv4Mask;
    } else {
      this.ipv4Mask = 0;
      this.ipv4Network = 0;
    }
  }

  /**
   * Parses a range or a single address.
   *
   * @param text an address ({@code 203.0.113.9}) or CIDR range ({@code 10.0.0.0/8}, {@code 2001:db8::/32})
   * @return the range; a single address is a range of one
   * @throws IllegalArgumentException if it is not an address literal, the prefix is out of range, or
   *     host bits are set below the prefix ({@code 10.0.0.1/8})
   */
  public static IpRange parse(String text) {
    Objects.requireNonNull(text, "text");
    String trimmed = text.strip();
    int slash = trimmed.indexOf('/');
    String addressPart = slash < 0 ? trimmed : trimmed.substring(0, slash);
    InetAddress address =
        IpLiteral.parse(addressPart)
            .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not an IP address or CIDR range"));
    byte[] bytes = address.getAddress();
    int maxBits = bytes.length * 8;
    int prefix = maxBits;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(trimmed.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "' has a prefix length that is not a number");
      }
      // An IPv4-mapped IPv6 range is written with a prefix of 96 or more; Java maps the address to IPv4.
      if (address instanceof Inet4Address && addressPart.indexOf(':') >= 0) {
        if (prefix < 96) {
          throw new IllegalArgumentException("'" + text + "' maps IPv4 but its prefix is shorter than 96");
        }
        prefix -= 96;
      }
      if (prefix < 0 || prefix > maxBits) {
        throw new IllegalArgumentException("'" + text + "' needs a prefix length between 0 and " + maxBits);
      }
    }
    if (!Arrays.equals(bytes, masked(bytes, prefix))) {
      throw new IllegalArgumentException(
          "'" + text + "' has address bits set after the prefix; the range starts at "
              + format(masked(bytes, prefix), prefix));
    }
    return new IpRange(bytes, prefix);
  }

  /**
   * Whether {@code address} is in this range (an IPv4 address is never in an IPv6 range).
   *
   * @param address the address to test
   * @return {@code true} if the address is in the range
   */
  public boolean contains(InetAddress address) {
    byte[] candidate = AddressBytes.of(address);
    if (candidate.length != network.length) {
      return false;
    }
    int fullBytes = prefixLength / 8;
    for (int i = 0; i < fullBytes; i++) {
      if (candidate[i] != network[i]) {
        return false;
      }
    }
    int remainingBits = prefixLength % 8;
    if (remainingBits == 0) {
      return true;
    }
    int mask = 0xff << (8 - remainingBits) & 0xff;
    return (candidate[fullBytes] & mask) == (network[fullBytes] & mask);
  }

  /** Whether the IPv4 address {@code a.b.c.d}, given as {@code a << 24 | b << 16 | c << 8 | d}, is in this range. */
  boolean containsIpv4(int address) {
    return network.length == 4 && (address & ipv4Mask) == ipv4Network;
  }

  private static byte[] masked(byte[] bytes, int prefix) {
    byte[] out = bytes.clone();
    for (int bit = prefix; bit < out.length * 8; bit++) {
      out[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return out;
  }

  private static String format(byte[] bytes, int prefix) {
    try {
      return InetAddress.getByAddress(bytes).getHostAddress() + "/" + prefix;
    } catch (java.net.UnknownHostException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpRange other && prefixLength == other.prefixLength && Arrays.equals(network, other.network);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(network) * 31 + prefixLength;
  }

  /** The range in CIDR notation, such as {@code 10.0.0.0/8}. */
  @Override
  public String toString() {
    return format(network, prefixLength);
  }
}
