package dev.latchkey.jwt;

import static dev.latchkey.jwt.TestTokens.RSA;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.latchkey.Credential;
import dev.latchkey.CredentialCarrier;
import dev.latchkey.Verdict;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote keys over TLS on loopback, with certificates made by the JDK's keytool: the server's name is
 * checked, and a server that trickles its handshake is cut off at the fetch deadline like any other.
 */
class RemoteJwksTlsTest {
  private static final char[] PASSWORD = "test-only".toCharArray();
  @TempDir static Path dir;
  private static KeyStore loopbackCert;
  private static KeyStore otherHostCert;
  private HttpsServer server;
  private ServerSocket trickler;
  private final CountDownLatch stop = new CountDownLatch(1);

  @BeforeAll
  static void makeCertificates() throws Exception {
    loopbackCert = keytool("loopback", "SAN=ip:127.0.0.1");
    otherHostCert = keytool("other", "SAN=dns:keys.example.com");
  }

  /** A self-signed RSA certificate with the given subject alternative names, made by keytool. */
  private static KeyStore keytool(String name, String san) throws Exception {
    Path store = dir.resolve(name + ".p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048",
        "-validity", "2", "-dname", "CN=" + name, "-ext", san, "-storetype", "PKCS12", "-keystore", store.toString(),
        "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("keytool: %s", output).isZero();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, PASSWORD);
    }
    return keys;
  }

  private static SSLContext serving(KeyStore keys) throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    return context;
  }

  private static SSLContext trusting(KeyStore keys) throws Exception {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    String alias = keys.aliases().nextElement();
    trusted.setCertificateEntry(alias, keys.getCertificate(alias));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  private String serveOverTls(KeyStore cert) throws Exception {
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(serving(cert)));
    byte[] body = TestTokens.set(TestTokens.rsaJwk("k1", RSA.getPublic())).getBytes(StandardCharsets.UTF_8);
    server.createContext("/jwks.json", exchange -> {
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return "https://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
  }

  @AfterEach
  void stop() throws Exception {
    stop.countDown();
    if (server != null) {
      server.stop(0);
    }
    if (trickler != null) {
      trickler.close();
    }
  }

  private static Verdict verify(JwtKeys keys) {
    JwtSource source = JwtSource.builder().issuer(JwtIssuer.withoutIssuer().keys(keys).audiences("api").build()).build();
    String token = JwtMinter.fromPkcs8Pem(TestTokens.pkcs8Pem(RSA.getPrivate()), "k1").subject("svc").audience("api").build().token().expose();
    return source.verify(new Credential(dev.latchkey.Secret.of(token), CredentialCarrier.bearer()));
  }

  @Test
  void keysAreFetchedOverTlsFromAServerWhoseCertificateNamesIt() throws Exception {
    String url = serveOverTls(loopbackCert);

    assertThat(verify(JwtKeys.remote(URI.create(url)).sslContext(trusting(loopbackCert)).build())).isInstanceOf(Verdict.Accept.class);
  }

  @Test
  void aTrustedCertificateForAnotherHostIsRefused() throws Exception {
    String url = serveOverTls(otherHostCert);

    Verdict v = verify(JwtKeys.remote(URI.create(url)).sslContext(trusting(otherHostCert)).build());

    assertThat(v).isInstanceOf(Verdict.Unavailable.class);
    assertThat(((Verdict.Unavailable) v).detail()).endsWith("failed the TLS handshake or check (SSLHandshakeException)");
  }

  @Test
  void aHandshakeTrickledAByteAtATimeIsCutOffAtTheFetchDeadline() throws Exception {
    trickler = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    Thread serving = new Thread(() -> {
      try (Socket client = trickler.accept()) {
        OutputStream out = client.getOutputStream();
        // A TLS handshake record announcing 16 KiB, then its body one byte at a time.
        out.write(new byte[] {0x16, 0x03, 0x03, 0x40, 0x00});
        out.flush();
        while (!stop.await(100, TimeUnit.MILLISECONDS)) {
          out.write(0);
          out.flush();
        }
      } catch (Exception e) {
        // the client gave up, as it must
      }
    }, MisbehavingKeyServer.THREAD_PREFIX + "tls");
    serving.setDaemon(true);
    serving.start();
    JwtKeys keys = JwtKeys.remote(URI.create("https://127.0.0.1:" + trickler.getLocalPort() + "/jwks.json")).build();

    long start = System.nanoTime();
    Verdict v = verify(keys);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(v).isInstanceOf(Verdict.Unavailable.class);
    assertThat(((Verdict.Unavailable) v).detail()).endsWith("did not answer in full within the fetch deadline of 2 s");
    assertThat(took).isLessThan(Duration.ofSeconds(3));
  }
}
