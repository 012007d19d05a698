package dev.latchkey.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {
  @ParameterizedTest
  @CsvSource({
    "0.0.0.0, 0.0.0.0",
    "255.255.255.255, 255.255.255.255",
    "192.0.2.1, 192.0.2.1",
    "::1, 0:0:0:0:0:0:0:1",
    "[::1], 0:0:0:0:0:0:0:1",
    "2001:DB8::A, 2001:db8:0:0:0:0:0:a",
    "::ffff:192.0.2.1, 192.0.2.1",
    "::1%eth9, 0:0:0:0:0:0:0:1",
    "fe80::1%1, fe80:0:0:0:0:0:0:1"
  })
  void parsesAddressLiterals(String text, String expected) {
    assertThat(IpLiteral.parse(text)).hasValueSatisfying(a -> assertThat(a.getHostAddress()).isEqualTo(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "localhost", "example.com", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.-4", "1..2.3", "::g", "١.٢.٣.٤", "[.:]", ".:", "%x:y", ":", "1.2.3.4."})
  void refusesAnythingElseWithoutResolvingIt(String text) {
    assertThat(IpLiteral.parse(text)).isEmpty();
  }
}
