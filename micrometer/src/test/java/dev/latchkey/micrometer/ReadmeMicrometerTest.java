package dev.latchkey.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.AuthResult;
import dev.latchkey.Authenticator;
import dev.latchkey.InMemoryCredentialSource;
import dev.latchkey.Latchkey;
import dev.latchkey.jwt.JwtIssuer;
import dev.latchkey.jwt.JwtKeys;
import dev.latchkey.jwt.JwtSource;
import dev.latchkey.testing.TestRequests;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Micrometer snippet, run for real (core's README test checks it is the README's text). */
class ReadmeMicrometerTest {
  private static final String KEY = "lk_readme_micrometer_key_0123456789";

  @TempDir Path data;

  private static String b64(BigInteger n) {
    byte[] bytes = n.toByteArray();
    int skip = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOfRange(bytes, skip, bytes.length));
  }

  @Test
  void micrometerSnippetTimesDecisionsCountsReloadFailuresAndShowsHealth() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    RSAPublicKey key = (RSAPublicKey) rsa.generateKeyPair().getPublic();
    Files.writeString(data.resolve("jwks.json"), "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k1\",\"alg\":\"RS256\",\"use\":\"sig\",\"n\":\""
        + b64(key.getModulus()) + "\",\"e\":\"" + b64(key.getPublicExponent()) + "\"}]}");
    InMemoryCredentialSource keys = InMemoryCredentialSource.create().add(KEY, "readme-user", "reader");
    // README-BEGIN
    MeterRegistry meters = new SimpleMeterRegistry();              // the host's registry
    ObservationRegistry observations = ObservationRegistry.create();
    observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));

    LatchkeyMetrics metrics = LatchkeyMetrics.on(meters);
    JwtKeys signing = JwtKeys.jwkSetFile(data.resolve("jwks.json"), Clock.systemUTC(), metrics.reloads("jwt"));
    Authenticator auth = Latchkey.builder()
        .source(keys)
        .source(JwtSource.builder().issuer(JwtIssuer.issuer("https://login.example.com").keys(signing).audiences("api").build()).build())
        .listener(MicrometerAuthListener.observing(observations))   // or .timing(meters) for metrics only
        .build();
    new HealthMetrics(auth).bindTo(meters);
    // README-END
    try (auth) {
      AuthResult result = auth.authenticate(TestRequests.bearer(KEY));

      assertThat(result).isInstanceOf(AuthResult.Authenticated.class);
      assertThat(meters.get("latchkey.authentications").tags("outcome", "authenticated", "source", "in-memory").timer().count()).isEqualTo(1);
      assertThat(meters.get("latchkey.reload.failures").tag("source", "jwt").counter().count()).isZero();
      assertThat(meters.get("latchkey.health").tag("component", "jwt").gauge().value()).isZero();
      assertThat(meters.get("latchkey.health").tag("component", "latchkey").gauge().value()).isZero();
    }
  }
}
