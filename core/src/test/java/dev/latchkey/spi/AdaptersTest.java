package dev.latchkey.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdaptersTest {

  @Test
  void readsIpv4AndIpv6LiteralsAsContainersReportThem() throws Exception {
    assertThat(Adapters.ipLiteral("203.0.113.9")).contains(InetAddress.getByAddress(new byte[] {(byte) 203, 0, 113, 9}));
    assertThat(Adapters.ipLiteral("::1")).contains(InetAddress.getByName("0:0:0:0:0:0:0:1"));
    assertThat(Adapters.ipLiteral("[2001:db8::1]")).contains(InetAddress.getByName("2001:db8:0:0:0:0:0:1"));
  }

  @Test
  void anythingButALiteralIsNoAddressAndIsNeverLookedUp() {
    assertThat(List.of("localhost", "example.com", "", "1.2.3", "[::1", ":"))
        .allSatisfy(text -> assertThat(Adapters.ipLiteral(text)).isEmpty());
    assertThat(Adapters.ipLiteral(null)).isEmpty();
  }

  @Test
  void queryParametersAreDecodedFromTheRawQueryOnly() {
    assertThat(Adapters.queryParameters("api_key=a%2Bb&api_key=c+d&x=1", "api_key")).containsExactly("a+b", "c d");
    assertThat(Adapters.queryParameters(null, "api_key")).isEmpty();
  }

  @Test
  void principalIsFoundOnlyWhenTheAttributeHoldsOne() {
    dev.latchkey.Principal alice = dev.latchkey.Principal.builder("alice", "test").build();

    assertThat(Adapters.principal(alice)).contains(alice);
    assertThat(Adapters.principal("alice")).isEqualTo(Optional.empty());
    assertThat(Adapters.principal(null)).isEmpty();
  }
}
