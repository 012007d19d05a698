package dev.latchkey.jwt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@link TokenJson} reads any bytes or refuses them with {@link TokenJson.Malformed}, never another
 * exception; and whatever it reads, a second JSON reader (Nimbus's, which is more lenient) reads to the
 * same values. Inputs are the JSON text's bytes; the corpus is in {@code TokenJsonFuzzTestInputs/}; see
 * SECURITY.md for fuzzing for real.
 */
class TokenJsonFuzzTest {
  @FuzzTest
  void anyBytesAreReadOrRefused(byte[] input) throws Exception {
    Map<String, Object> read;
    try {
      read = TokenJson.read(input); // without the last line of defence: any other exception fails
    } catch (TokenJson.Malformed refused) {
      return;
    }
    Map<String, Object> other = new LinkedHashMap<>(JSONObjectUtils.parse(new String(input, StandardCharsets.UTF_8)));
    other.values().removeIf(Objects::isNull);
    assertThat(read).isEqualTo(other);
  }
}
