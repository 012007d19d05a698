package dev.latchkey.jwt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JOSE cookbook (RFC 7520 §4.1–4.4: RS256, PS384, ES512, HS256) and RFC 8037's Ed25519 example,
 * through our signature checks; copied to src/test/resources/vectors/rfc7520.
 */
class Rfc7520VectorsTest {
  private static JsonNode vector(String name) throws Exception {
    return new ObjectMapper().readTree(Files.readString(Path.of("src/test/resources/vectors/rfc7520/jws/" + name + ".json")));
  }

  private static Key keyOf(JsonNode vector) throws Exception {
    JWK jwk = JWK.parse(vector.get("input").get("key").toString());
    String alg = vector.get("input").get("alg").asText();
    if (jwk instanceof OctetSequenceKey oct) {
      return new SecretKeySpec(oct.toByteArray(), JwsAlgorithm.named(alg).jcaName());
    }
    if (jwk instanceof OctetKeyPair okp) {
      return KeyMaterial.ed25519PublicKey(okp.getX().decode());
    }
    return jwk.getKeyType().getValue().equals("RSA") ? jwk.toRSAKey().toRSAPublicKey() : jwk.toECKey().toECPublicKey();
  }

  @ParameterizedTest
  @ValueSource(strings = {"4_1.rsa_v15_signature", "4_2.rsa-pss_signature", "4_3.ecdsa_signature", "4_4.hmac-sha2_integrity_protection", "rfc8037_ed25519"})
  void cookbookSignaturesVerifyAndTamperingIsCaught(String name) throws Exception {
    JsonNode vector = vector(name);
    String compact = vector.get("output").get("compact").asText();
    SignatureCheck check = SignatureCheck.of(vector.get("input").get("alg").asText(), keyOf(vector));
    int lastDot = compact.lastIndexOf('.');
    byte[] signingInput = compact.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
    byte[] signature = Base64.getUrlDecoder().decode(compact.substring(lastDot + 1));

    assertThat(check.verify(signingInput, signature)).isTrue();

    byte[] tampered = signingInput.clone();
    tampered[tampered.length - 1] ^= 1;
    assertThat(check.verify(tampered, signature)).isFalse();
    byte[] badSignature = signature.clone();
    badSignature[0] ^= 1;
    assertThat(check.verify(signingInput, badSignature)).isFalse();
    assertThat(check.verify(signingInput, new byte[0])).isFalse();
  }
}
