package dev.latchkey.jwt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Project Wycheproof signature vectors through our signature checks, keys read from each group's PEM
 * through our PEM reader: every {@code valid} case verifies, no {@code invalid} one does
 * ({@code acceptable} cases may go either way).
 */
class WycheproofSignaturesTest {
  private static final Path VECTORS = Path.of("src/test/resources/vectors/wycheproof");

  static Stream<Arguments> cases() throws Exception {
    List<Arguments> all = new ArrayList<>();
    add(all, "rsa_signature_2048_sha256_test.json", "RS256");
    add(all, "rsa_pss_2048_sha256_mgf1_32_test.json", "PS256");
    add(all, "ecdsa_secp256r1_sha256_p1363_test.json", "ES256");
    add(all, "ecdsa_secp384r1_sha384_p1363_test.json", "ES384");
    add(all, "ed25519_test.json", "EdDSA");
    return all.stream();
  }

  private static void add(List<Arguments> all, String file, String alg) throws Exception {
    JsonNode root = new ObjectMapper().readTree(Files.readString(VECTORS.resolve(file)));
    for (JsonNode group : root.get("testGroups")) {
      SignatureCheck check = SignatureCheck.of(alg, KeyMaterial.publicKeyFromPem(group.get("publicKeyPem").asText()));
      for (JsonNode test : group.get("tests")) {
        all.add(Arguments.of(alg + " tcId " + test.get("tcId").asInt(), check, test));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verifiesExactlyTheValidSignatures(String name, SignatureCheck check, JsonNode test) {
    boolean verified = check.verify(HexFormat.of().parseHex(test.get("msg").asText()), HexFormat.of().parseHex(test.get("sig").asText()));
    String result = test.get("result").asText();
    if (result.equals("valid")) {
      assertThat(verified).as("valid case must verify").isTrue();
    } else if (result.equals("invalid")) {
      assertThat(verified).as("invalid case must not verify").isFalse();
    }
  }
}
