package dev.latchkey.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The primitives under the hash formats, against Project Wycheproof's vectors
 * (copied, with their licence, to {@code src/test/resources/vectors/wycheproof}): every valid case
 * must verify and no invalid one may.
 */
class WycheproofPrimitivesTest {
  static final Path VECTORS = Path.of("src/test/resources/vectors/wycheproof");

  static List<JsonNode> tests(String file) throws IOException {
    JsonNode root = new ObjectMapper().readTree(Files.readString(VECTORS.resolve(file)));
    List<JsonNode> all = new ArrayList<>();
    for (JsonNode group : root.get("testGroups")) {
      for (JsonNode test : group.get("tests")) {
        all.add(((com.fasterxml.jackson.databind.node.ObjectNode) test.deepCopy()).put("tagSize", group.path("tagSize").asInt()));
      }
    }
    assertThat(all).as("vectors in %s", file).isNotEmpty();
    return all;
  }

  static Stream<Arguments> pbkdf2() throws IOException {
    return tests("pbkdf2_hmacsha256_test.json").stream().map(t -> Arguments.of(t.get("tcId").asInt(), t));
  }

  static Stream<Arguments> hmacSha256() throws IOException {
    return tests("hmac_sha256_test.json").stream().map(t -> Arguments.of(t.get("tcId").asInt(), t));
  }

  @ParameterizedTest(name = "tcId {0}")
  @MethodSource("pbkdf2")
  void pbkdf2HmacSha256MatchesWycheproof(int tcId, JsonNode t) {
    byte[] derived =
        Digests.pbkdf2HmacSha256(
            Hex.decode(t.get("password").asText()),
            Hex.decode(t.get("salt").asText()),
            t.get("iterationCount").asInt(),
            t.get("dkLen").asInt());
    boolean matches = Arrays.equals(derived, Hex.decode(t.get("dk").asText()));
    assertThat(matches).isEqualTo(!t.get("result").asText().equals("invalid"));
  }

  @ParameterizedTest(name = "tcId {0}")
  @MethodSource("hmacSha256")
  void hmacSha256MatchesWycheproof(int tcId, JsonNode t) {
    byte[] mac = Digests.hmac("HmacSHA256", Hex.decode(t.get("key").asText()), Hex.decode(t.get("msg").asText()));
    byte[] tag = Hex.decode(t.get("tag").asText());
    boolean matches = Arrays.equals(Arrays.copyOf(mac, t.get("tagSize").asInt() / 8), tag);
    assertThat(matches).isEqualTo(t.get("result").asText().equals("valid"));
  }
}
