package dev.latchkey.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.latchkey.Credential;
import dev.latchkey.Secret;
import dev.latchkey.Verdict;
import dev.latchkey.testing.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link JwtSource} gives every token a verdict and never throws, and accepts nothing but the two tokens
 * it was given: an RS256 one and an HS256 one. A token is "the same" when its three parts decode to the
 * same bytes, so a change only in unused trailing base64 bits is not counted as a forgery.
 *
 * <p>Inputs of {@code anyTokenGetsAVerdict} are the token's UTF-8 text; those of
 * {@code mutatedValidTokenIsNeverAccepted} drive edits of a valid token. Corpora are in
 * {@code JwtSourceFuzzTestInputs/}; see SECURITY.md for fuzzing for real.
 */
class JwtSourceFuzzTest {
  private static final String RS_ISSUER = "https://rs.issuer.fuzz";
  private static final String HS_ISSUER = "https://hs.issuer.fuzz";
  private static final byte[] HMAC_SECRET =
      "fuzz-hs256-secret-0123456789abcdef-0123456789".getBytes(StandardCharsets.UTF_8);
  private static final MutableClock CLOCK = MutableClock.standard();
  private static final String RSA_PEM = read(Path.of("src/test/resources/keys/rsa-cert-key.pem"));

  private static final JwtSource SOURCE =
      JwtSource.builder()
          .clock(CLOCK)
          .issuer(JwtIssuer.issuer(RS_ISSUER).keys(JwtKeys.pem(RSA_PEM, java.util.Optional.of("k1"), java.util.Optional.empty()))
              .audiences("api").build())
          .issuer(JwtIssuer.issuer(HS_ISSUER)
              .keys(JwtKeys.hmacSecret(Secret.of(new String(HMAC_SECRET, StandardCharsets.UTF_8)), "HS256"))
              .audiences("api").build())
          .build();

  private static final String RS_TOKEN =
      JwtMinter.fromPkcs8Pem(RSA_PEM, "k1").issuer(RS_ISSUER).subject("alice").audience("api").clock(CLOCK).build()
          .token().expose();
  private static final String HS_TOKEN = TestTokens.hmac(TestTokens.header("HS256", null), hsClaims(), HMAC_SECRET);
  private static final List<String> VALID = List.of(RS_TOKEN, HS_TOKEN);

  private static Map<String, Object> hsClaims() {
    return TestTokens.claims(HS_ISSUER, "bob", CLOCK.instant().getEpochSecond());
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FuzzTest
  void anyTokenGetsAVerdict(byte[] input) {
    String token = new String(input, StandardCharsets.UTF_8);
    if (token.isEmpty() || Credential.problemWith(token).isPresent()) {
      return; // the extractor refuses it before any source sees it
    }
    assertOnlyValidTokensAccepted(token, SOURCE.verify(Credential.bearer(token)));
  }

  @FuzzTest
  void mutatedValidTokenIsNeverAccepted(FuzzedDataProvider data) {
    StringBuilder token = new StringBuilder(data.consumeBoolean() ? RS_TOKEN : HS_TOKEN);
    int edits = data.consumeInt(1, 4);
    for (int i = 0; i < edits && token.length() > 0; i++) {
      int at = data.consumeInt(0, token.length() - 1);
      switch (data.consumeInt(0, 2)) {
        case 0 -> token.setCharAt(at, data.consumeChar());
        case 1 -> token.deleteCharAt(at);
        default -> token.insert(at, data.consumeChar());
      }
    }
    String mutated = token.toString();
    if (mutated.isEmpty() || Credential.problemWith(mutated).isPresent()) {
      return;
    }
    assertOnlyValidTokensAccepted(mutated, SOURCE.verify(Credential.bearer(mutated)));
  }

  @Test
  void theTwoValidTokensAreAccepted() {
    assertThat(SOURCE.verify(Credential.bearer(RS_TOKEN))).isInstanceOf(Verdict.Accept.class);
    assertThat(SOURCE.verify(Credential.bearer(HS_TOKEN))).isInstanceOf(Verdict.Accept.class);
  }

  private static void assertOnlyValidTokensAccepted(String token, Verdict verdict) {
    assertThat(verdict).isNotNull();
    assertThat(verdict.toString()).isNotNull();
    if (verdict instanceof Verdict.Accept) {
      assertThat(VALID).anySatisfy(valid -> assertThat(sameParts(token, valid)).as("accepted a forged token").isTrue());
    }
  }

  private static boolean sameParts(String token, String valid) {
    String[] a = token.split("\\.", -1);
    String[] b = valid.split("\\.", -1);
    if (a.length != 3) {
      return false;
    }
    try {
      for (int i = 0; i < 3; i++) {
        if (!Arrays.equals(Base64.getUrlDecoder().decode(a[i]), Base64.getUrlDecoder().decode(b[i]))) {
          return false;
        }
      }
      return true;
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
  }
}
