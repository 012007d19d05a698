package dev.latchkey.keystore.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.AuthResult;
import dev.latchkey.Authenticator;
import dev.latchkey.Reason;
import dev.latchkey.config.ChainConfiguration;
import dev.latchkey.testing.MutableClock;
import dev.latchkey.testing.TestRequests;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jwks_file} in the YAML chain configuration: the file is reloaded on the authenticator's background. */
class JwkSetFileFromYamlTest {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private final MutableClock clock = MutableClock.standard();
  private final Semaphore tasksRun = new Semaphore(0);
  /** The host's scheduler, counting every background task that ran. */
  private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1) {
    @Override
    protected void afterExecute(Runnable task, Throwable failure) {
      tasksRun.release();
    }
  };
  @TempDir Path dir;

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private static KeyPair rsa() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  private static String unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    return B64.encodeToString(bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes);
  }

  private static String jwks(String kid, KeyPair pair) {
    RSAPublicKey key = (RSAPublicKey) pair.getPublic();
    return "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"" + kid + "\",\"alg\":\"RS256\",\"use\":\"sig\",\"n\":\""
        + unsigned(key.getModulus()) + "\",\"e\":\"" + unsigned(key.getPublicExponent()) + "\"}]}";
  }

  private String token(String kid, KeyPair pair) throws Exception {
    String header = "{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}";
    String claims = "{\"iss\":\"https://auth.example.com\",\"sub\":\"" + kid + "\",\"aud\":\"api\",\"exp\":"
        + clock.instant().plus(Duration.ofMinutes(5)).getEpochSecond() + "}";
    String input = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    Signature signature = Signature.getInstance("SHA256withRSA");
    signature.initSign(pair.getPrivate());
    signature.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + B64.encodeToString(signature.sign());
  }

  @Test
  void aJwksFileNamedInYamlIsReloadedInTheBackgroundWhenItChanges() throws Exception {
    KeyPair first = rsa();
    KeyPair second = rsa();
    Path keys = dir.resolve("jwks.json");
    Files.writeString(keys, jwks("first", first));
    Path config = dir.resolve("latchkey.yaml");
    Files.writeString(config, """
        sources:
          - type: jwt
            issuers:
              - issuer: https://auth.example.com
                jwks_file: jwks.json
                audiences: [api]
        """);
    Authenticator auth = ChainConfiguration.load(config, Map.of(), clock).scheduler(scheduler).build();
    assertThat(auth.authenticate(TestRequests.bearer(token("first", first)))).isInstanceOf(AuthResult.Authenticated.class);

    Files.writeString(keys, jwks("second", second));
    Files.setLastModifiedTime(keys, FileTime.fromMillis(System.currentTimeMillis() + 10_000));
    // Two checks that end after the change: the second began after it.
    tasksRun.drainPermits();
    assertThat(tasksRun.tryAcquire(2, 10, TimeUnit.SECONDS)).as("two background checks ran").isTrue();

    assertThat(auth.authenticate(TestRequests.bearer(token("second", second)))).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(((AuthResult.Denied) auth.authenticate(TestRequests.bearer(token("first", first)))).reason()).isEqualTo(Reason.UNKNOWN_KEY);
    auth.close();
  }
}
