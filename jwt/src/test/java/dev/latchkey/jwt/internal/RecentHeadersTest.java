package dev.latchkey.jwt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecentHeadersTest {
  private static byte[] token(String header) {
    return (header + ".payload.signature").getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void findsWhatWasRememberedForTheSameHeaderBytesOnly() {
    RecentHeaders<String> recent = new RecentHeaders<>();
    recent.remember(token("eyJhbGciOiJSUzI1NiJ9"), 20, "rs256");
    assertThat(recent.find(token("eyJhbGciOiJSUzI1NiJ9"), 20)).isEqualTo("rs256");
    assertThat(recent.find(token("eyJhbGciOiJSUzI1NiJ8"), 20)).as("one byte differs").isNull();
    assertThat(recent.find(token("eyJhbGciOiJSUzI1NiJ9eyJ9"), 24)).as("a longer header that starts alike").isNull();
    assertThat(recent.find(token("eyJhbGciOiJSUzI1Ni"), 18)).as("a shorter one").isNull();
  }

  @Test
  void keepsTheFourLatestHeadersAndForgetsTheOldest() {
    RecentHeaders<String> recent = new RecentHeaders<>();
    for (int i = 0; i < 5; i++) {
      recent.remember(token("header" + i), 7, "h" + i);
    }
    assertThat(recent.find(token("header0"), 7)).isNull();
    for (int i = 1; i < 5; i++) {
      assertThat(recent.find(token("header" + i), 7)).isEqualTo("h" + i);
    }
  }
}
