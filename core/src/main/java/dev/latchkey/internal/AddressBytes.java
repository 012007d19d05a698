package dev.latchkey.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * The request path's view of client addresses without allocating on every request:
 * {@link #of(InetAddress)} gives an address's bytes ({@link InetAddress#getAddress()} copies them on
 * every call) from a small table keyed by the address object's identity, and {@link #ipv4(int)} gives
 * the one {@code Optional<InetAddress>} kept for an IPv4 address, from a table keyed by the address.
 * A client seen again costs a table probe; a new one one allocation, as before. Each table is
 * direct-mapped with 4,096 slots: a slot holds the last address that hashed to it, so memory is fixed
 * and nothing is ever evicted by a scan.
 *
 * <p>Thread-safe: slots hold immutable entries, published through their final fields; a race only
 * costs a recomputation. The bytes returned are shared: callers must never modify them.
 */
public final class AddressBytes {
  private static final int SLOTS = 4096;
  private static final BytesEntry[] BYTES = new BytesEntry[SLOTS];
  private static final Ipv4Entry[] IPV4 = new Ipv4Entry[SLOTS];

  private AddressBytes() {}

  /**
   * The bytes of {@code address} (4 for IPv4, 16 for IPv6), shared: never modify them.
   *
   * @param address the address
   * @return its bytes
   */
  public static byte[] of(InetAddress address) {
    int slot = System.identityHashCode(address) & (SLOTS - 1);
    BytesEntry entry = BYTES[slot];
    if (entry != null && entry.address == address) {
      return entry.bytes;
    }
    byte[] bytes = address.getAddress();
    BYTES[slot] = new BytesEntry(address, bytes);
    return bytes;
  }

  /**
   * The address {@code a.b.c.d} given as the int {@code a << 24 | b << 16 | c << 8 | d}, the same
   * {@code Optional} each time it is asked for (while its slot holds it).
   *
   * @param address the IPv4 address as an int
   * @return the address, present
   */
  public static Optional<InetAddress> ipv4(int address) {
    int slot = (address ^ (address >>> 12) ^ (address >>> 20)) & (SLOTS - 1);
    Ipv4Entry entry = IPV4[slot];
    if (entry != null && entry.address == address) {
      return entry.value;
    }
    byte[] bytes = {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
    Optional<InetAddress> value;
    try {
      InetAddress parsed = Inet4Address.getByAddress(bytes);
      value = Optional.of(parsed);
      BYTES[System.identityHashCode(parsed) & (SLOTS - 1)] = new BytesEntry(parsed, bytes);
    } catch (UnknownHostException impossible) {
      throw new IllegalStateException(impossible);
    }
    IPV4[slot] = new Ipv4Entry(address, value);
    return value;
  }

  private static final class BytesEntry {
    final InetAddress address;
    final byte[] bytes;

    BytesEntry(InetAddress address, byte[] bytes) {
      this.address = address;
      this.bytes = bytes;
    }
  }

  private static final class Ipv4Entry {
    final int address;
    final Optional<InetAddress> value;

    Ipv4Entry(int address, Optional<InetAddress> value) {
      this.address = address;
      this.value = value;
    }
  }
}
