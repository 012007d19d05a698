package dev.latchkey.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Project Wycheproof's JSON Web Signature and JSON Web Key suites through our JWK layer
 * ({@link JwtKeys#jwkSet}) and JWS layer ({@link JwtSource#verifyJws}). No invalid case verifies.
 * Every valid case verifies, except those below, which Latchkey refuses on purpose and must keep
 * refusing. A key set our configuration refuses verifies nothing.
 */
class WycheproofJoseTest {
  private static final Path VECTORS = Path.of("src/test/resources/vectors/wycheproof");

  /** JWS test ids Wycheproof calls valid that Latchkey refuses deliberately, with the reason. */
  static final Map<Integer, String> DELIBERATELY_REFUSED = Map.ofEntries(
      Map.entry(259, "empty payload: a JWT needs three non-empty parts"),
      Map.entry(264, "empty payload: a JWT needs three non-empty parts"),
      Map.entry(268, "empty payload: a JWT needs three non-empty parts"),
      Map.entry(272, "empty payload: a JWT needs three non-empty parts"),
      Map.entry(320, "empty payload: a JWT needs three non-empty parts"),
      Map.entry(325, "empty payload: a JWT needs three non-empty parts"),
      Map.entry(346, "the key declares PS256 and the token PS384: each key is bound to one algorithm (RFC 8725)"),
      Map.entry(350, "the key declares PS256 and the token PS384: each key is bound to one algorithm (RFC 8725)"),
      Map.entry(347, "the key declares the unknown algorithm ES521, so it is not a signing key"),
      Map.entry(351, "the key declares the unknown algorithm ES521, so it is not a signing key"),
      Map.entry(349, "malformed key_ops ('sign, verify' as one value): the key set is refused"),
      Map.entry(372, "a character outside base64url in the header is refused, never skipped"),
      Map.entry(373, "a character outside base64url in the payload is refused, never skipped"));

  /**
   * JWS test ids Wycheproof calls invalid whose token is canonical, correctly signed compact JWS: the
   * padding the case is named for is not in the token string, so no verifier can see anything to refuse.
   */
  static final Map<Integer, String> CANONICAL_AND_CORRECTLY_SIGNED = Map.of(
      367, "invalidBase64Padding: the token carries no padding; identical to a correctly signed JWS",
      370, "invalidBase64PaddingInPayload: the token carries no padding; identical to a correctly signed JWS");

  static Stream<Arguments> cases() throws Exception {
    List<Arguments> all = new ArrayList<>();
    for (String file : List.of("json_web_signature_test.json", "json_web_key_test.json")) {
      JsonNode root = new ObjectMapper().readTree(Files.readString(VECTORS.resolve(file)));
      for (JsonNode group : root.get("testGroups")) {
        JsonNode priv = group.get("private");
        String set = priv.has("keys") ? priv.toString() : "{\"keys\":[" + priv + "]}";
        for (JsonNode test : group.get("tests")) {
          boolean jws = file.startsWith("json_web_signature");
          all.add(Arguments.of(file.replace("_test.json", "") + " tcId " + test.get("tcId").asInt() + " " + test.get("comment").asText(), jws, set, test));
        }
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verifiesExactlyTheValidCases(String name, boolean jwsSuite, String jwkSet, JsonNode test) {
    Optional<JwtKeys> keys;
    try {
      keys = Optional.of(JwtKeys.jwkSet(jwkSet));
    } catch (IllegalArgumentException refused) {
      keys = Optional.empty();
    }
    JsonNode jws = test.get("jws");
    boolean verified = keys.isPresent() && jws.isTextual() && JwtSource.verifyJws(jws.asText(), keys.get()).isEmpty();
    String result = test.get("result").asText();
    String deliberate = jwsSuite ? DELIBERATELY_REFUSED.get(test.get("tcId").asInt()) : null;
    String canonical = jwsSuite ? CANONICAL_AND_CORRECTLY_SIGNED.get(test.get("tcId").asInt()) : null;
    if (canonical != null) {
      assertThat(verified).as(canonical).isTrue();
    } else if (deliberate != null) {
      assertThat(verified).as("refused on purpose: " + deliberate).isFalse();
    } else if (result.equals("valid")) {
      assertThat(verified).as("valid case must verify: " + name).isTrue();
    } else if (result.equals("invalid")) {
      assertThat(verified).as("invalid case must not verify: " + name).isFalse();
    }
  }
}
