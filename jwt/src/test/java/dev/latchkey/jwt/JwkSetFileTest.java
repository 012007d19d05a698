package dev.latchkey.jwt;

import static dev.latchkey.jwt.TestTokens.RSA;
import static dev.latchkey.jwt.TestTokens.RSA_OTHER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.AuthResult;
import dev.latchkey.Authenticator;
import dev.latchkey.Credential;
import dev.latchkey.CredentialCarrier;
import dev.latchkey.Latchkey;
import dev.latchkey.Reason;
import dev.latchkey.Verdict;
import dev.latchkey.spi.Reload;
import dev.latchkey.testing.CapturingLogProvider;
import dev.latchkey.testing.MutableClock;
import dev.latchkey.testing.TestRequests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JWK set file is checked on the authenticator's background, never on a request thread; a change
 * that cannot be used keeps the last good keys and is reported as a failed reload (finding 10).
 */
class JwkSetFileTest {
  private final MutableClock clock = MutableClock.standard();
  private final BlockingQueue<Reload> outcomes = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> listenerThreads = new LinkedBlockingQueue<>();
  @TempDir Path dir;
  private Path file;
  private Authenticator auth;

  @BeforeEach
  void writeFile() throws Exception {
    file = dir.resolve("jwks.json");
    Files.writeString(file, TestTokens.set(TestTokens.rsaJwk("old", RSA.getPublic())));
  }

  @AfterEach
  void close() {
    if (auth != null) {
      auth.close();
    }
  }

  private JwtSource source() {
    JwtKeys keys = JwtKeys.jwkSetFile(file, clock, outcome -> {
      listenerThreads.add(Thread.currentThread().getName());
      outcomes.add(outcome);
    });
    return JwtSource.builder().clock(clock).issuer(JwtIssuer.withoutIssuer().keys(keys).audiences("api").build()).build();
  }

  private String token(java.security.KeyPair pair, String kid) {
    return JwtMinter.fromPkcs8Pem(TestTokens.pkcs8Pem(pair.getPrivate()), kid).subject(kid).audience("api").clock(clock).build().token().expose();
  }

  /** Rewrites the file with a modification time ahead, so the change shows whatever the file system's time resolution. */
  private void rewrite(String content, int secondsAhead) throws Exception {
    Files.writeString(file, content);
    Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + secondsAhead * 1000L));
  }

  private <T extends Reload> T await(Class<T> kind) throws InterruptedException {
    Reload outcome = outcomes.poll(10, TimeUnit.SECONDS);
    assertThat(outcome).as("a reload outcome within 10 s").isInstanceOf(kind);
    return kind.cast(outcome);
  }

  private static int status(AuthResult result) {
    return result instanceof AuthResult.Denied denied ? denied.status() : 200;
  }

  @Test
  void aRequestNeverReadsTheFileEvenAfterItChanged() throws Exception {
    JwtSource source = source();
    rewrite(TestTokens.set(TestTokens.rsaJwk("new", RSA_OTHER.getPublic())), 10);
    clock.advance(Duration.ofSeconds(5));

    Verdict newKey = source.verify(new Credential(dev.latchkey.Secret.of(token(RSA_OTHER, "new")), CredentialCarrier.bearer()));
    Verdict oldKey = source.verify(new Credential(dev.latchkey.Secret.of(token(RSA, "old")), CredentialCarrier.bearer()));

    assertThat(((Verdict.Reject) newKey).reason()).isEqualTo(Reason.UNKNOWN_KEY);
    assertThat(oldKey).isInstanceOf(Verdict.Accept.class);
    assertThat(outcomes).isEmpty();
  }

  @Test
  void theAuthenticatorsBackgroundReloadsAChangedFile() throws Exception {
    auth = Latchkey.builder().clock(clock).source(source()).build();
    rewrite(TestTokens.set(TestTokens.rsaJwk("new", RSA_OTHER.getPublic())), 10);

    assertThat(await(Reload.Reloaded.class).items()).isEqualTo(1);
    assertThat(listenerThreads.poll()).startsWith("latchkey-background-");
    assertThat(status(auth.authenticate(TestRequests.bearer(token(RSA_OTHER, "new"))))).isEqualTo(200);
    assertThat(((AuthResult.Denied) auth.authenticate(TestRequests.bearer(token(RSA, "old")))).reason()).isEqualTo(Reason.UNKNOWN_KEY);
  }

  @Test
  void aBrokenEditKeepsTheLastGoodKeysAndIsReportedOnceAsAFailedReload() throws Exception {
    auth = Latchkey.builder().clock(clock).source(source()).build();
    CapturingLogProvider.clear();
    rewrite("{ \"keys\": [ not json", 10);

    Reload.Failed failed = await(Reload.Failed.class);

    assertThat(failed.problems()).singleElement().satisfies(p -> {
      assertThat(p.file()).isEqualTo(file.toString());
      assertThat(p.message()).isEqualTo("not a JWK set (ParseException)");
    });
    assertThat(status(auth.authenticate(TestRequests.bearer(token(RSA, "old"))))).isEqualTo(200);
    List<String> warnings = CapturingLogProvider.lines().stream()
        .filter(l -> l.startsWith("WARN") && l.contains(file.toString())).toList();
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0)).contains("could not reload " + file + "; keeping the signing keys in force");
  }

  @Test
  void aDeletedFileKeepsTheLastGoodKeys() throws Exception {
    auth = Latchkey.builder().clock(clock).source(source()).build();
    Files.delete(file);

    assertThat(await(Reload.Failed.class).problems()).singleElement()
        .satisfies(p -> assertThat(p.message()).isEqualTo("does not exist"));
    assertThat(status(auth.authenticate(TestRequests.bearer(token(RSA, "old"))))).isEqualTo(200);
  }
}
