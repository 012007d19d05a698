package dev.latchkey.jwt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.RSAKey;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Test;

class RocaCheckTest {
  @Test
  void detectsWycheproofsRocaKey() throws Exception {
    JsonNode root = new ObjectMapper().readTree(Files.readString(Path.of("src/test/resources/vectors/wycheproof/json_web_key_test.json")));
    BigInteger modulus = null;
    for (JsonNode group : root.get("testGroups")) {
      if (group.get("comment").asText().equals("jws_rsa_roca_key")) {
        JsonNode priv = group.get("private");
        JsonNode key = priv.has("keys") ? priv.get("keys").get(0) : priv;
        modulus = RSAKey.parse(key.toString()).getModulus().decodeToBigInteger();
      }
    }
    assertThat(modulus).isNotNull();
    assertThat(RocaCheck.isVulnerable(modulus)).isTrue();
  }

  @Test
  void passesOrdinaryKeys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    for (int i = 0; i < 3; i++) {
      assertThat(RocaCheck.isVulnerable(((RSAPublicKey) g.generateKeyPair().getPublic()).getModulus())).isFalse();
    }
  }
}
