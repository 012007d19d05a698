package dev.latchkey.jwt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Base64UrlTest {
  @Test
  void decodesWhatTheJdkEncodesForEveryLengthAndAnyBytes() {
    SplittableRandom random = new SplittableRandom(7);
    for (int length = 0; length < 300; length++) {
      byte[] data = new byte[length];
      random.nextBytes(data);
      byte[] text = ("." + Base64.getUrlEncoder().withoutPadding().encodeToString(data) + ".").getBytes(StandardCharsets.US_ASCII);
      assertThat(Base64Url.isCanonical(text, 1, text.length - 1)).isTrue();
      assertThat(Base64Url.decode(text, 1, text.length - 1)).isEqualTo(data);
    }
  }

  @Test
  void onlyTheCanonicalSpellingIsCanonical() {
    byte[] text = "QQ QR QUE QUF A".getBytes(StandardCharsets.US_ASCII);
    assertThat(Base64Url.isCanonical(text, 0, 2)).as("QQ is 'A'").isTrue();
    assertThat(Base64Url.isCanonical(text, 3, 5)).as("QR sets unused bits").isFalse();
    assertThat(Base64Url.isCanonical(text, 6, 9)).as("QUE is 'AA'").isTrue();
    assertThat(Base64Url.isCanonical(text, 10, 13)).as("QUF sets unused bits").isFalse();
    assertThat(Base64Url.isCanonical(text, 14, 15)).as("one character encodes nothing").isFalse();
  }

  @Test
  void decodesNothingButCanonicalUnpaddedBase64Url() {
    byte[] text = "QQ== QR QUF A QU+B QU/B Q\u00e9FB QUFB".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(Base64Url.decode(text, 0, 4)).as("padding").isNull();
    assertThat(Base64Url.decode(text, 5, 7)).as("unused bits set").isNull();
    assertThat(Base64Url.decode(text, 8, 11)).as("'AA' with unused bits set").isNull();
    assertThat(Base64Url.decode(text, 12, 13)).as("one character").isNull();
    assertThat(Base64Url.decode(text, 14, 18)).as("'+' is not base64url").isNull();
    assertThat(Base64Url.decode(text, 19, 23)).as("'/' is not base64url").isNull();
    assertThat(Base64Url.decode(text, 24, 28)).as("nor is a Latin-1 letter").isNull();
    assertThat(Base64Url.decode(text, 29, 33)).isEqualTo("AAA".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void decodesExactlyWhatTheJdkDecodesOfCanonicalTextAndNothingElse() {
    SplittableRandom random = new SplittableRandom(11);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int round = 0; round < 20_000; round++) {
      byte[] text = new byte[random.nextInt(12)];
      for (int i = 0; i < text.length; i++) {
        // Mostly the alphabet, sometimes any byte at all.
        text[i] = random.nextInt(8) == 0 ? (byte) random.nextInt(256) : (byte) alphabet.charAt(random.nextInt(alphabet.length()));
      }
      byte[] jdk;
      try {
        jdk = Base64.getUrlDecoder().decode(text);
        boolean canonical = text.length == 0 || (Base64Url.value(text[text.length - 1]) >= 0 && Base64Url.isCanonical(text, 0, text.length));
        jdk = canonical && new String(text, StandardCharsets.ISO_8859_1).indexOf('=') < 0 ? jdk : null;
      } catch (IllegalArgumentException e) {
        jdk = null;
      }
      assertThat(Base64Url.decode(text, 0, text.length)).as("text %s", java.util.Arrays.toString(text)).isEqualTo(jdk);
    }
  }

  @Test
  void onlyTheUrlAlphabetHasValues() {
    for (int b = 0; b < 256; b++) {
      boolean inAlphabet = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-' || b == '_';
      assertThat(Base64Url.value((byte) b) >= 0).as("byte %d", b).isEqualTo(inAlphabet);
    }
  }
}
