package dev.latchkey.jwt;

import dev.latchkey.testing.ManualBackground;
import static dev.latchkey.jwt.TestTokens.RSA;
import static dev.latchkey.jwt.TestTokens.RSA_OTHER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.Credential;
import dev.latchkey.CredentialCarrier;
import dev.latchkey.Reason;
import dev.latchkey.Verdict;
import dev.latchkey.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifiedTokenCacheTest {
  private final MutableClock clock = MutableClock.standard();
  @TempDir Path dir;

  private JwtSource cached(JwtKeys keys) {
    return JwtSource.builder().clock(clock).verifiedTokenCache(100, Duration.ofMinutes(10))
        .issuer(JwtIssuer.withoutIssuer().keys(keys).audiences("api").build()).build();
  }

  private Credential token(java.security.KeyPair pair, String kid) {
    return new Credential(
        JwtMinter.fromPkcs8Pem(TestTokens.pkcs8Pem(pair.getPrivate()), kid).subject("svc").audience("api").clock(clock).build().token(),
        CredentialCarrier.bearer());
  }

  @Test
  void aRepeatedTokenIsAnsweredFromTheCache() {
    JwtSource source = cached(JwtKeys.jwkSet(TestTokens.set(TestTokens.rsaJwk("k1", RSA.getPublic()))));
    Credential token = token(RSA, "k1");
    Verdict.Accept first = (Verdict.Accept) source.verify(token);
    Verdict.Accept second = (Verdict.Accept) source.verify(token);
    assertThat(second.principal()).isSameAs(first.principal());
  }

  @Test
  void expiryIsEnforcedOnEveryHit() {
    JwtSource source = cached(JwtKeys.jwkSet(TestTokens.set(TestTokens.rsaJwk("k1", RSA.getPublic()))));
    Credential token = token(RSA, "k1");
    assertThat(source.verify(token)).isInstanceOf(Verdict.Accept.class);
    clock.advance(Duration.ofMinutes(6)); // 5-minute token plus 60 s leeway
    assertThat(((Verdict.Reject) source.verify(token)).reason()).isEqualTo(Reason.EXPIRED);
  }

  @Test
  void aRemovedKeyEndsTheCachedTokensAtOnce() throws Exception {
    Path file = dir.resolve("jwks.json");
    Files.writeString(file, TestTokens.set(TestTokens.rsaJwk("k1", RSA.getPublic())));
    ManualBackground background = ManualBackground.on(clock);
    JwtSource source = cached(JwtKeys.jwkSetFile(file, clock));
    source.start(background);
    Credential token = token(RSA, "k1");
    assertThat(source.verify(token)).isInstanceOf(Verdict.Accept.class);

    Files.writeString(file, TestTokens.set(TestTokens.rsaJwk("k2", RSA_OTHER.getPublic())));
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 10_000));
    background.runAll();

    assertThat(((Verdict.Reject) source.verify(token)).reason()).isEqualTo(Reason.UNKNOWN_KEY);
  }

  @Test
  void rejectedTokensAreNeverRemembered() {
    JwtSource source = cached(JwtKeys.jwkSet(TestTokens.set(TestTokens.rsaJwk("k1", RSA.getPublic()))));
    Credential forged = token(RSA_OTHER, "k1");
    assertThat(((Verdict.Reject) source.verify(forged)).reason()).isEqualTo(Reason.BAD_SIGNATURE);
    assertThat(((Verdict.Reject) source.verify(forged)).reason()).isEqualTo(Reason.BAD_SIGNATURE);
  }

  /**
   * A clock that, once armed, runs the background's file checks at its second reading: within a
   * verification, after the signature was checked with the key then in force and before the token is
   * remembered.
   */
  private static final class ReloadingClock extends java.time.Clock {
    private final java.time.Instant now = java.time.Instant.parse("2026-01-01T00:00:00Z");
    private ManualBackground background;
    private int readsUntilReload = -1;

    void reloadAtSecondReading(ManualBackground background) {
      this.background = background;
      this.readsUntilReload = 2;
    }

    @Override
    public java.time.Instant instant() {
      if (readsUntilReload > 0 && --readsUntilReload == 0) {
        background.runAll();
      }
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public java.time.Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void aTokenIsCachedAgainstTheKeyThatVerifiedItNotOneChosenLater() throws Exception {
    ReloadingClock reloading = new ReloadingClock();
    ManualBackground background = ManualBackground.on(reloading);
    Path file = dir.resolve("jwks.json");
    Files.writeString(file, TestTokens.set(TestTokens.rsaJwk("k1", RSA.getPublic())));
    JwtSource source = JwtSource.builder().clock(reloading).verifiedTokenCache(100, Duration.ofMinutes(10))
        .issuer(JwtIssuer.withoutIssuer().keys(JwtKeys.jwkSetFile(file, reloading)).audiences("api").build()).build();
    source.start(background);
    Credential oldKeyToken = new Credential(
        JwtMinter.fromPkcs8Pem(TestTokens.pkcs8Pem(RSA.getPrivate()), "k1").subject("svc").audience("api").clock(reloading).lifetime(Duration.ofHours(1)).build().token(),
        CredentialCarrier.bearer());
    // The key is replaced under the same kid; the reload lands in the middle of the next verification.
    Files.writeString(file, TestTokens.set(TestTokens.rsaJwk("k1", RSA_OTHER.getPublic())));
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 10_000));
    reloading.reloadAtSecondReading(background);

    assertThat(source.verify(oldKeyToken)).isInstanceOf(Verdict.Accept.class);

    for (int i = 0; i < 3; i++) {
      assertThat(((Verdict.Reject) source.verify(oldKeyToken)).reason()).isEqualTo(Reason.BAD_SIGNATURE);
    }
  }
}
