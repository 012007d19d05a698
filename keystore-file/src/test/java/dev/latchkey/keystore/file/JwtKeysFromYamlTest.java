package dev.latchkey.keystore.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.latchkey.AuthResult;
import dev.latchkey.Authenticator;
import dev.latchkey.ConfigurationException;
import dev.latchkey.Reason;
import dev.latchkey.config.ChainConfiguration;
import dev.latchkey.testing.MutableClock;
import dev.latchkey.testing.TestRequests;
import java.math.BigInteger;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
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

/** JWT keys in the YAML chain configuration: a {@code jwks_file} reloaded in the background, and the {@code remote} settings. */
class JwtKeysFromYamlTest {
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

  /** A JWK set on loopback at /jwks.json, and a redirect to it at /moved; HTTP/1.1 by hand, one request per connection. */
  private static ServerSocket keyServer(String jwks) throws Exception {
    ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    Thread serving = new Thread(() -> {
      while (!server.isClosed()) {
        try (Socket client = server.accept()) {
          BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
          String requestLine = in.readLine();
          while (!in.readLine().isEmpty()) {
            // the headers are not needed
          }
          byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
          String head = requestLine.startsWith("GET /moved ")
              ? "HTTP/1.1 302 Found\r\nLocation: /jwks.json\r\nContent-Length: 0\r\n\r\n"
              : "HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n";
          OutputStream out = client.getOutputStream();
          out.write(head.getBytes(StandardCharsets.US_ASCII));
          if (head.startsWith("HTTP/1.1 200")) {
            out.write(body);
          }
          out.flush();
        } catch (Exception e) {
          // closed
        }
      }
    }, "test-key-server");
    serving.setDaemon(true);
    serving.start();
    return server;
  }

  private Path remoteConfig(String url, String remote) throws Exception {
    Path config = dir.resolve("remote.yaml");
    Files.writeString(config, """
        sources:
          - type: jwt
            issuers:
              - issuer: https://auth.example.com
                jwks_url: %s
                audiences: [api]
                remote: %s
        """.formatted(url, remote));
    return config;
  }

  @Test
  void remoteKeysFollowASameOriginRedirectOnlyWhenTheYamlAllowsIt() throws Exception {
    KeyPair pair = rsa();
    ServerSocket server = keyServer(jwks("k1", pair));
    String moved = "http://127.0.0.1:" + server.getLocalPort() + "/moved";
    try (Authenticator allowing = ChainConfiguration.load(remoteConfig(moved, "{fetch_deadline: 1s, redirects: same_origin}"), Map.of(), clock)
            .scheduler(scheduler).build();
        Authenticator refusing = ChainConfiguration.load(remoteConfig(moved, "{fetch_deadline: 1s}"), Map.of(), clock)
            .scheduler(scheduler).build()) {
      String token = token("k1", pair);

      assertThat(allowing.authenticate(TestRequests.bearer(token))).isInstanceOf(AuthResult.Authenticated.class);
      assertThat(((AuthResult.Denied) refusing.authenticate(TestRequests.bearer(token))).status()).isEqualTo(503);
    } finally {
      server.close();
    }
  }

  @Test
  void jwksUriHostsIsRefusedWithAJwksUrlAndALongFetchDeadlineIsRefused() throws Exception {
    Path config = remoteConfig("https://auth.example.com/jwks.json", "{fetch_deadline: 2m, jwks_uri_hosts: [keys.example.com]}");

    ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> ChainConfiguration.load(config, Map.of(), clock));

    assertThat(e.problems()).extracting(p -> p.key().replaceAll(".*\\.remote\\.", "remote."), p -> p.message())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("remote.fetch_deadline", "must be at most a minute"),
            org.assertj.core.groups.Tuple.tuple("remote.jwks_uri_hosts", "applies to discovery only"));
  }
}
