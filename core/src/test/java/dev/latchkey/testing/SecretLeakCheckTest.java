package dev.latchkey.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SecretLeakCheckTest {
  private static final String SECRET = "leak-check-probe-0a1b2c";

  @Test
  void passesWhenNothingShowsTheSecret() {
    SecretLeakCheck.of(SECRET).text("log", "fingerprint fp_0123 only").values(42, "unrelated").assertNoLeak();
  }

  @Test
  void findsEachEncodedFormWithoutRepeatingTheSecret() {
    byte[] bytes = SECRET.getBytes(StandardCharsets.UTF_8);
    SecretLeakCheck check = SecretLeakCheck.of(SECRET)
        .text("plain", "key=" + SECRET)
        .text("hex", HexFormat.of().formatHex(bytes).toUpperCase(java.util.Locale.ROOT))
        .text("base64", "Basic " + Base64.getEncoder().encodeToString(bytes))
        .text("base64url", Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));

    assertThatThrownBy(check::assertNoLeak)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("4 leak(s)")
        .hasMessageContaining("plain shows a secret (plain): key=[LEAKED]")
        .hasMessageContaining("(HEX)")
        .hasMessageContaining("(base64)")
        .hasMessageContaining("(base64 unpadded or base64url)")
        .message().doesNotContain(SECRET);
  }

  @Test
  void findsTheSecretInAnExceptionsCauseChain() {
    Exception thrown = new IllegalStateException("lookup failed", new IOException("token " + SECRET));

    assertThatThrownBy(() -> SecretLeakCheck.of(SECRET).exception(thrown).assertNoLeak())
        .hasMessageContaining("exception java.lang.IllegalStateException shows a secret (plain)");
  }

  @Test
  void readsCapturedLogLines() {
    CapturingLogProvider.clear();
    org.slf4j.LoggerFactory.getLogger("leak-check").warn("presented {}", SECRET);

    assertThatThrownBy(() -> SecretLeakCheck.of(SECRET).logs().assertNoLeak()).hasMessageContaining("log shows a secret");
    CapturingLogProvider.clear();
  }

  @Test
  void refusesAnEmptySecret() {
    assertThatThrownBy(() -> SecretLeakCheck.of("")).isInstanceOf(IllegalArgumentException.class);
    assertThat(SecretLeakCheck.encodedForms("ab")).containsEntry("hex", "6162").containsEntry("base64", "YWI=");
  }
}
