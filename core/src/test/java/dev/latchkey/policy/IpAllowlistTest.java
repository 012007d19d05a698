package dev.latchkey.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.internal.IpLiteral;
import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAllowlistTest {
  private static Optional<InetAddress> ip(String literal) {
    return Optional.of(IpLiteral.parse(literal).orElseThrow());
  }

  @ParameterizedTest
  @CsvSource({
    "10.0.0.0/8, 10.255.1.2, true",
    "10.0.0.0/8, 11.0.0.1, false",
    "192.0.2.7, 192.0.2.7, true",
    "192.0.2.7, 192.0.2.8, false",
    "192.0.2.0/25, 192.0.2.127, true",
    "192.0.2.0/25, 192.0.2.128, false",
    "0.0.0.0/0, 203.0.113.1, true",
    "2001:db8::/32, 2001:db8:ffff::1, true",
    "2001:db8::/32, 2001:db9::1, false",
    "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1, true",
    "::1, 0:0:0:0:0:0:0:1, true",
    "fe80::/10, fe80::1%1, true",
    "10.0.0.0/8, ::ffff:10.1.2.3, true",
    "::ffff:10.0.0.0/104, 10.9.9.9, true",
    "::ffff:10.0.0.0/104, 11.0.0.1, false",
    "10.0.0.0/8, 2001:db8::1, false",
    "2001:db8::/32, 10.0.0.1, false"
  })
  void rangesMatchAddressesNotText(String range, String address, boolean contained) {
    assertThat(IpRange.parse(range).contains(ip(address).orElseThrow())).isEqualTo(contained);
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0/33", "2001:db8::/129", "10.0.0.0/-1", "10.0.0.0/x", "example.com", "10.0.0", "::ffff:10.0.0.0/64", "300.1.1.1"})
  void refusesInvalidRanges(String text) {
    assertThatThrownBy(() -> IpRange.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(text);
  }

  @Test
  void refusesHostBitsAfterThePrefixAndSaysWhereTheRangeStarts() {
    assertThatThrownBy(() -> IpRange.parse("10.1.2.3/8"))
        .hasMessage("'10.1.2.3/8' has address bits set after the prefix; the range starts at 10.0.0.0/8");
  }

  @Test
  void omnidevSyntaxStarOrEmptyAllowsEveryone() {
    assertThat(IpAllowlist.parseOmnidev("*").allowsAll()).isTrue();
    assertThat(IpAllowlist.parseOmnidev("").allowsAll()).isTrue();
    assertThat(IpAllowlist.parseOmnidev(null).allowsAll()).isTrue();
    assertThat(IpAllowlist.parseOmnidev("10.0.0.1, *").allowsAll()).isTrue();
  }

  @Test
  void omnidevListAllowsOnlyItsAddresses() {
    IpAllowlist list = IpAllowlist.parseOmnidev("192.168.1.100,10.0.0.50");
    assertThat(list.allows(ip("192.168.1.100"))).isTrue();
    assertThat(list.allows(ip("10.0.0.50"))).isTrue();
    assertThat(list.allows(ip("10.0.0.51"))).isFalse();
    assertThat(list.allows(ip("::ffff:10.0.0.50"))).isTrue();
  }

  @Test
  void unknownClientIsAllowedOnlyWhenEveryoneIs() {
    assertThat(IpAllowlist.of("10.0.0.0/8").allows(Optional.empty())).isFalse();
    assertThat(IpAllowlist.all().allows(Optional.empty())).isTrue();
  }
}
