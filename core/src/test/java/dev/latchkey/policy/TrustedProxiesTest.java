package dev.latchkey.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.AuthRequest;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
  @Test
  void aPlainIpv4HopReadInPlaceIsTheAddressTheFullParserReadsAndAnythingElseIsLeftToIt() {
    List<String> hops = List.of("198.51.100.7", " 198.51.100.7 ", "198.51.100.7:443", "0.0.0.0", "255.255.255.255:65535",
        "198.51.100.7:", "198.51.100.7:123456", "198.51.100.07", "198.51.100.256", "198.51.100", "1.2.3.4.5", "1.2.3:80",
        "1.2.3.4:8a", "", " ", "[2001:db8::1]:443", "2001:db8::1", "unknown", "1.2.3.4 5");
    for (String hop : hops) {
      long inPlace = TrustedProxies.ipv4Hop("x," + hop + ",y", 2, 2 + hop.length());
      Optional<InetAddress> parsed = TrustedProxies.parseHop(hop);
      boolean plainIpv4 = parsed.isPresent() && parsed.get().getAddress().length == 4;
      if (inPlace >= 0) {
        byte[] b = parsed.orElseThrow().getAddress();
        long expected = (b[0] & 0xffL) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
        assertThat(inPlace).as("'%s'", hop).isEqualTo(expected);
      } else {
        assertThat(plainIpv4 && !hop.contains("[")).as("'%s' left to the full parser although it is plain IPv4", hop).isFalse();
      }
    }
  }

  private final TrustedProxies proxies = TrustedProxies.of("10.0.0.0/8", "2001:db8:ff::/48");

  private static AuthRequest.Builder from(String peer) {
    return AuthRequest.builder().remoteAddress(peer);
  }

  private Optional<String> client(TrustedProxies p, AuthRequest request) {
    return p.clientAddress(request).map(InetAddress::getHostAddress);
  }

  @Test
  void withoutTrustedProxiesForwardingHeadersAreIgnored() {
    AuthRequest r = from("203.0.113.5").header("X-Forwarded-For", "198.51.100.1").build();
    assertThat(client(TrustedProxies.none(), r)).contains("203.0.113.5");
  }

  @Test
  void untrustedPeerIsTheClientWhateverItForwards() {
    AuthRequest r = from("203.0.113.5").header("X-Forwarded-For", "10.1.1.1").build();
    assertThat(client(proxies, r)).contains("203.0.113.5");
  }

  @Test
  void forgedLeftmostEntriesAreNeverBelieved() {
    // The client sent "X-Forwarded-For: 127.0.0.1, 192.168.0.1"; our proxy appended its real address.
    AuthRequest r = from("10.0.0.2").header("X-Forwarded-For", "127.0.0.1, 192.168.0.1, 198.51.100.7").build();
    assertThat(client(proxies, r)).contains("198.51.100.7");
  }

  @Test
  void trustedHopsAreSkippedFromTheRight() {
    AuthRequest r = from("10.0.0.2").header("X-Forwarded-For", "198.51.100.7, 10.0.0.9, 10.0.0.3").build();
    assertThat(client(proxies, r)).contains("198.51.100.7");
  }

  @Test
  void everyOccurrenceOfTheHeaderCountsInOrder() {
    AuthRequest r =
        from("10.0.0.2").header("X-Forwarded-For", "1.2.3.4, 198.51.100.7").header("x-forwarded-for", "10.0.0.9").build();
    assertThat(client(proxies, r)).contains("198.51.100.7");
  }

  @Test
  void garbageEntryStopsTheWalkAndLeavesTheClientUnknown() {
    AuthRequest r = from("10.0.0.2").header("X-Forwarded-For", "198.51.100.7, not-an-ip, 10.0.0.3").build();
    assertThat(proxies.clientAddress(r)).isEmpty();
  }

  @Test
  void garbageLeftOfTheClientDoesNotMatter() {
    AuthRequest r = from("10.0.0.2").header("X-Forwarded-For", "garbage, 198.51.100.7").build();
    assertThat(client(proxies, r)).contains("198.51.100.7");
  }

  @Test
  void whenEveryHopIsTrustedTheLeftmostIsTheClient() {
    AuthRequest r = from("10.0.0.2").header("X-Forwarded-For", "10.0.0.8, 10.0.0.9").build();
    assertThat(client(proxies, r)).contains("10.0.0.8");
  }

  @Test
  void trustedPeerWithoutForwardingIsTheClient() {
    assertThat(client(proxies, from("10.0.0.2").build())).contains("10.0.0.2");
  }

  @Test
  void portsAndBracketedIpv6AreUnderstood() {
    AuthRequest v4 = from("10.0.0.2").header("X-Forwarded-For", "198.51.100.7:52311").build();
    AuthRequest v6 = from("2001:db8:ff::1").header("X-Forwarded-For", "[2001:db8:1::7]:443").build();
    AuthRequest bare6 = from("2001:db8:ff::1").header("X-Forwarded-For", "2001:db8:1::7").build();
    assertThat(client(proxies, v4)).contains("198.51.100.7");
    assertThat(client(proxies, v6)).contains("2001:db8:1:0:0:0:0:7");
    assertThat(client(proxies, bare6)).contains("2001:db8:1:0:0:0:0:7");
  }

  @Test
  void forwardedHeaderIsReadOnlyWhenEnabled() {
    AuthRequest r =
        from("10.0.0.2")
            .header("Forwarded", "for=198.51.100.7;proto=https, for=\"[2001:db8:1::9]:4711\"")
            .header("X-Forwarded-For", "203.0.113.1")
            .build();
    assertThat(client(proxies, r)).contains("203.0.113.1");
    assertThat(client(proxies.withForwardedHeader(), r)).contains("2001:db8:1:0:0:0:0:9");
  }

  @Test
  void obfuscatedForwardedIdentifierLeavesTheClientUnknown() {
    AuthRequest r = from("10.0.0.2").header("Forwarded", "for=_hidden").build();
    assertThat(proxies.withForwardedHeader().clientAddress(r)).isEmpty();
  }

  @Test
  void xRealIpIsReadOnlyWhenEnabled() {
    AuthRequest r = from("10.0.0.2").header("X-Real-IP", "198.51.100.7").build();
    assertThat(client(proxies, r)).contains("10.0.0.2");
    assertThat(client(proxies.withXRealIp(), r)).contains("198.51.100.7");
  }

  @Test
  void withXRealIpAClientsOwnForwardedForIsNeverBelieved() {
    AuthRequest r = from("10.0.0.2").header("X-Real-IP", "198.51.100.7").header("X-Forwarded-For", "1.2.3.4").build();
    assertThat(client(proxies.withXRealIp(), r)).contains("198.51.100.7");
  }

  @Test
  void withForwardedAClientsOwnForwardedForIsNeverBelieved() {
    AuthRequest r = from("10.0.0.2").header("Forwarded", "for=198.51.100.7").header("X-Forwarded-For", "1.2.3.4").build();
    assertThat(client(proxies.withForwardedHeader(), r)).contains("198.51.100.7");
  }

  @Test
  void emptyAndZonedHopsAreHandled() {
    assertThat(proxies.clientAddress(from("10.0.0.2").header("X-Forwarded-For", "").build())).isEmpty();
    assertThat(client(proxies, from("10.0.0.2").header("X-Forwarded-For", "fe80::1%eth0").build())).contains("fe80:0:0:0:0:0:0:1");
  }

  @Test
  void noPeerAddressMeansUnknown() {
    assertThat(proxies.clientAddress(AuthRequest.builder().build())).isEmpty();
  }
}
