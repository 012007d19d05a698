package dev.latchkey.hash;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.latchkey.Secret;
import java.nio.charset.StandardCharsets;

/**
 * Any stored-hash text either parses or is refused with {@link InvalidKeyHashException} whose message
 * never quotes the text; a parsed fast hash verifies a secret without throwing.
 *
 * <p>An input is UTF-8 text: the first line is the stored hash, the rest the secret to verify. The hash
 * is parsed as given and once more with {@link #CANARY} (valid hex and base64) appended, where digest
 * material goes; the message for the second must not hold the canary. (The input itself cannot be the
 * oracle: a short input such as {@code hmac-sha256:} is rightly part of the message's template.) The
 * corpus is in {@code KeyHashParsingFuzzTestInputs/}; see SECURITY.md for fuzzing for real.
 */
class KeyHashParsingFuzzTest {
  private static final Peppers PEPPERS = Peppers.of(java.util.Map.of("p1", Secret.of("fuzz-pepper-0123456789abcdef")));

  private static final String CANARY = "c0ffee0ddba11ad5";

  @FuzzTest
  void hashTextParsesOrIsRefusedCleanly(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    int newline = text.indexOf('\n');
    String encoded = newline < 0 ? text : text.substring(0, newline);
    String secret = newline < 0 ? "" : text.substring(newline + 1);

    try {
      KeyHashes.parse(encoded + CANARY, PEPPERS);
    } catch (InvalidKeyHashException refused) {
      assertThat(refused.getMessage()).doesNotContain(CANARY);
    }
    KeyHash hash;
    try {
      hash = KeyHashes.parse(encoded, PEPPERS);
    } catch (InvalidKeyHashException refused) {
      return;
    }
    assertThat(hash.toString()).isNotNull();
    if (!hash.isSlow() && !secret.isEmpty()) {
      hash.verify(Secret.of(secret));
    }
  }
}
