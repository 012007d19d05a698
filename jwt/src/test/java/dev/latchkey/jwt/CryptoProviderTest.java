package dev.latchkey.jwt;

import static dev.latchkey.jwt.TestTokens.EC256;
import static dev.latchkey.jwt.TestTokens.ED25519;
import static dev.latchkey.jwt.TestTokens.RSA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.Credential;
import dev.latchkey.CredentialCarrier;
import dev.latchkey.Reason;
import dev.latchkey.Secret;
import dev.latchkey.Verdict;
import dev.latchkey.testing.MutableClock;
import java.security.KeyPair;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every provider choice verifies the same tokens alike: the good one accepted, a tampered one refused. */
class CryptoProviderTest {
  private static final String ISS = "https://issuer.example";
  private final MutableClock clock = MutableClock.standard();

  private Verdict verify(CryptoProvider provider, KeyPair pair, String alg, String token) {
    JwtKeys keys = JwtKeys.pem(TestTokens.publicPem(pair.getPublic()), Optional.of("k"), Optional.of(alg));
    JwtSource source = JwtSource.builder().clock(clock).cryptoProvider(provider)
        .issuer(JwtIssuer.issuer(ISS).keys(keys).audiences("api").build()).build();
    return source.verify(new Credential(Secret.of(token), CredentialCarrier.bearer()));
  }

  private String token(KeyPair pair, String alg, String jca) {
    return TestTokens.signed(TestTokens.header(alg, "k"), TestTokens.claims(ISS, "svc", clock.instant().getEpochSecond()), pair.getPrivate(), jca);
  }

  private static String tampered(String token) {
    int dot = token.lastIndexOf('.');
    char c = token.charAt(dot + 5);
    return token.substring(0, dot + 5) + (c == 'A' ? 'B' : 'A') + token.substring(dot + 6);
  }

  private void acceptsTheTokenAndRefusesItTampered(CryptoProvider provider) {
    String[][] cases = {{"RS256", "SHA256withRSA"}, {"ES256", "SHA256withECDSAinP1363Format"}, {"EdDSA", "Ed25519"}};
    KeyPair[] pairs = {RSA, EC256, ED25519};
    for (int i = 0; i < cases.length; i++) {
      String token = token(pairs[i], cases[i][0], cases[i][1]);
      assertThat(verify(provider, pairs[i], cases[i][0], token)).as(cases[i][0]).isInstanceOf(Verdict.Accept.class);
      assertThat(verify(provider, pairs[i], cases[i][0], tampered(token))).as(cases[i][0] + " tampered")
          .isInstanceOfSatisfying(Verdict.Reject.class, r -> assertThat(r.reason()).isEqualTo(Reason.BAD_SIGNATURE));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"auto", "jdk", "bouncycastle", "SunRsaSign", "SunEC", "BOUNCYCASTLE", " Jdk "})
  void everyChoiceAcceptsTheSameTokensAndRefusesThemTampered(String setting) {
    acceptsTheTokenAndRefusesItTampered(CryptoProvider.parse(setting));
  }

  @Test
  void theKeywordsReadInAnyCaseAndAProviderByItsExactName() {
    assertThat(CryptoProvider.parse("Auto")).isEqualTo(CryptoProvider.auto());
    assertThat(CryptoProvider.parse("JDK")).isEqualTo(CryptoProvider.jdk());
    assertThat(CryptoProvider.parse("BouncyCastle")).isEqualTo(CryptoProvider.bouncyCastle());
    assertThat(CryptoProvider.parse("SunEC")).isEqualTo(CryptoProvider.named("SunEC"));
    assertThat(CryptoProvider.named("SunEC").name()).isEqualTo("SunEC");
  }

  @Test
  void aProviderThatIsNotInstalledIsRefusedWithTheChoicesThatWork() {
    assertThatThrownBy(() -> CryptoProvider.parse("NoSuchProvider"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no security provider named 'NoSuchProvider' is installed; use auto, jdk, bouncycastle or the name of an installed provider");
  }

  @Test
  void amazonCorrettoNotInstalledIsRefusedWithHowToInstallIt() {
    assertThatThrownBy(() -> CryptoProvider.named(CryptoProvider.ACCP))
        .hasMessageContaining("AmazonCorrettoCryptoProvider.install()");
  }
}
