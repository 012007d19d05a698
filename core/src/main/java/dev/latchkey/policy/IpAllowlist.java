package dev.latchkey.policy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which client addresses may call: exact addresses and CIDR ranges, IPv4 and IPv6, or everyone
 * ({@code *}). A client whose address is unknown is allowed only by an allowlist that allows everyone.
 *
 * <p>Immutable and thread-safe.
 */
public final class IpAllowlist {
  private static final IpAllowlist ALL = new IpAllowlist(List.of(), true);

  private final List<IpRange> ranges;
  /** The same ranges as an array: walked on every request without an iterator. */
  private final IpRange[] rangeArray;
  private final boolean all;

  private IpAllowlist(List<IpRange> ranges, boolean all) {
    this.ranges = ranges;
    this.rangeArray = ranges.toArray(IpRange[]::new);
    this.all = all;
  }

  /**
   * Allows every client.
   *
   * @return the allowlist allowing everyone, known or unknown
   */
  public static IpAllowlist all() {
    return ALL;
  }

  /**
   * Allows the given addresses and ranges; an entry {@code *} allows everyone.
   *
   * @param entries IP addresses, CIDR ranges, or {@code *}
   * @return the allowlist
   * @throws IllegalArgumentException naming the first entry that is not an address or range
   */
  public static IpAllowlist of(List<String> entries) {
    List<IpRange> ranges = new ArrayList<>();
    for (String entry : entries) {
      String e = entry.strip();
      if (e.equals("*")) {
        return ALL;
      }
      ranges.add(IpRange.parse(e));
    }
    return new IpAllowlist(List.copyOf(ranges), false);
  }

  /**
   * As {@link #of(List)}.
   *
   * @param entries IP addresses, CIDR ranges, or {@code *}
   * @return the allowlist
   */
  public static IpAllowlist of(String... entries) {
    return of(List.of(entries));
  }

  /**
   * Reads a comma-separated list of addresses and CIDR ranges (IPv4 and IPv6), as Omnidev's
   * {@code ALLOWED_IPS} holds it: blank entries are skipped, and {@code *} or an empty or null value
   * allows everyone. Entries match as addresses, not as text.
   *
   * @param allowedIps the list, such as {@code 203.0.113.0/24,2001:db8::/32}
   * @return the allowlist
   * @throws IllegalArgumentException naming the first entry that is not an address or range
   */
  public static IpAllowlist parseCommaSeparated(String allowedIps) {
    if (allowedIps == null || allowedIps.isBlank()) {
      return ALL;
    }
    List<String> entries = new ArrayList<>();
    for (String entry : allowedIps.split(",")) {
      if (!entry.isBlank()) {
        entries.add(entry);
      }
    }
    return entries.isEmpty() ? ALL : of(entries);
  }

  /**
   * Omnidev's name for {@link #parseCommaSeparated(String)}, which reads its {@code ALLOWED_IPS}; the
   * same method.
   *
   * @param allowedIps the comma-separated list
   * @return the allowlist
   * @throws IllegalArgumentException naming the first entry that is not an address or range
   */
  public static IpAllowlist parseOmnidev(String allowedIps) {
    return parseCommaSeparated(allowedIps);
  }

  /**
   * Whether the client may call; an unknown client only if everyone may.
   *
   * @param client the client's address; empty if unknown
   * @return {@code true} if the client may call
   */
  public boolean allows(Optional<InetAddress> client) {
    if (all) {
      return true;
    }
    if (client.isEmpty()) {
      return false;
    }
    InetAddress address = client.get();
    for (IpRange range : rangeArray) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether everyone is allowed.
   *
   * @return {@code true} if every client, known or not, is allowed
   */
  public boolean allowsAll() {
    return all;
  }

  @Override
  public String toString() {
    return all ? "IpAllowlist[*]" : "IpAllowlist" + ranges;
  }
}
