package dev.latchkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretTest {
  private static final String VALUE = "sk_live_s3cr3t-value";

  @Test
  void toStringShowsOnlyTheFingerprint() {
    Secret secret = Secret.of(VALUE);
    assertThat(secret.toString()).isEqualTo("Secret[" + secret.fingerprint() + "]").doesNotContain(VALUE);
  }

  @Test
  void fingerprintIsStableForEqualSecretsAndDiffersForOthers() {
    assertThat(Secret.of(VALUE).fingerprint())
        .isEqualTo(Secret.of(VALUE).fingerprint())
        .isNotEqualTo(Secret.of(VALUE + "x").fingerprint())
        .matches("fp_[0-9a-f]{16}");
  }

  @Test
  void fingerprintIsNotAPlainDigestOfTheSecret() throws Exception {
    byte[] sha256 = java.security.MessageDigest.getInstance("SHA-256").digest(VALUE.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String plainPrefix = dev.latchkey.internal.Hex.encode(sha256, 8);
    assertThat(Secret.of(VALUE).fingerprint()).isNotEqualTo("fp_" + plainPrefix);
  }

  @Test
  void equalityComparesValues() {
    assertThat(Secret.of(VALUE)).isEqualTo(Secret.of(VALUE)).hasSameHashCodeAs(Secret.of(VALUE));
    assertThat(Secret.of(VALUE)).isNotEqualTo(Secret.of(VALUE + "x")).isNotEqualTo(VALUE);
    assertThat(Secret.of(VALUE).matches(Secret.of("other"))).isFalse();
  }

  @Test
  void exposesValueAndUtf8BytesOnRequest() {
    Secret secret = Secret.of("clé");
    assertThat(secret.expose()).isEqualTo("clé");
    assertThat(secret.utf8()).containsExactly('c', 'l', 0xc3, 0xa9);
    assertThat(secret.utf8Length()).isEqualTo(4);
  }

  @Test
  void utf8ReturnsACopyTheCallerCannotUseToChangeTheSecret() {
    Secret secret = Secret.of("abc");
    secret.utf8()[0] = 'z';
    assertThat(secret.expose()).isEqualTo("abc");
    assertThat(secret.utf8()).containsExactly('a', 'b', 'c');
  }

  @Test
  void refusesEmptySecretWithoutEchoingIt() {
    assertThatThrownBy(() -> Secret.of("")).isInstanceOf(IllegalArgumentException.class).hasMessage("a secret must not be empty");
  }

  @Test
  void refusesAnUnpairedSurrogateAnywhereWithoutEchoingTheValue() {
    for (String value : java.util.List.of("\uD800", "abc\uD800", "\uDC00abc", "ab\uDC00\uD800cd", "é\uD83D")) {
      assertThatThrownBy(() -> Secret.of(value))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("a secret must not contain an unpaired surrogate");
    }
  }

  @Test
  void takesPairedSurrogatesAndLatin1AndWiderText() {
    for (String value : java.util.List.of("key-\uD83D\uDD11", "clé-ÿ", "ключ-\u0100", "a".repeat(600))) {
      assertThat(Secret.of(value).expose()).isEqualTo(value);
    }
  }

  @Test
  void credentialToStringShowsCarrierAndFingerprintOnly() {
    Credential credential = Credential.bearer(VALUE);
    assertThat(credential.toString())
        .doesNotContain(VALUE)
        .contains(credential.secret().fingerprint())
        .contains("Bearer");
  }
}
