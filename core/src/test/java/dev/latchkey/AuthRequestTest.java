package dev.latchkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AuthRequestTest {
  @Test
  void headersAreMatchedCaseInsensitivelyAndKeepAllValuesInOrder() {
    AuthRequest r = AuthRequest.builder().header("X-Forwarded-For", "a").header("x-forwarded-for", "b").build();
    assertThat(r.headers("X-FORWARDED-FOR")).containsExactly("a", "b");
    assertThat(r.header("x-Forwarded-for")).contains("a");
    assertThat(r.headers("absent")).isEmpty();
    assertThat(r.header("absent")).isEmpty();
  }

  @Test
  void rawQueryIsDecodedIntoParameters() {
    AuthRequest r = AuthRequest.builder().rawQuery("a=1&b=two%20words&b=x+y&flag&bad=%zz&=v").build();
    assertThat(r.queryParameters("a")).containsExactly("1");
    assertThat(r.queryParameters("b")).containsExactly("two words", "x y");
    assertThat(r.queryParameters("flag")).containsExactly("");
    assertThat(r.queryParameters("bad")).isEmpty();
  }

  @Test
  void defaultsToGetSlashWithoutRemoteAddress() {
    AuthRequest r = AuthRequest.builder().build();
    assertThat(r.method()).isEqualTo("GET");
    assertThat(r.path()).isEqualTo("/");
    assertThat(r.remoteAddress()).isEmpty();
  }

  @Test
  void remoteAddressAcceptsIpv4AndIpv6Literals() throws Exception {
    assertThat(AuthRequest.builder().remoteAddress("203.0.113.7").build().remoteAddress())
        .contains(InetAddress.getByAddress(new byte[] {(byte) 203, 0, 113, 7}));
    assertThat(AuthRequest.builder().remoteAddress("[2001:db8::1]").build().remoteAddress().orElseThrow().getHostAddress())
        .isEqualTo("2001:db8:0:0:0:0:0:1");
  }

  @Test
  void remoteAddressRefusesHostNamesRatherThanResolvingThem() {
    assertThatThrownBy(() -> AuthRequest.builder().remoteAddress("localhost"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not an IP address literal: 'localhost'");
  }

  @Test
  void builtRequestIsUnaffectedByLaterBuilderChanges() {
    AuthRequest.Builder b = AuthRequest.builder().header("h", "1");
    AuthRequest r = b.build();
    b.header("h", "2");
    assertThat(r.headers("h")).containsExactly("1");
  }
}
