package dev.latchkey.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.Secret;
import dev.latchkey.internal.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each format's vectors (COMPAT.md §1, §3, and ones computed with Python's hashlib) and errors. */
class KeyHashFormatsTest {

  @ParameterizedTest
  @CsvSource({
    "deadbeefdeadbeefdeadbeefdeadbeef.0123456789abcdef0123456789abcdef, 445fd4696cfc5c49e28995c4aba05de44303a112",
    "000102030405060708090a0b0c0d0e0f.101112131415161718191a1b1c1d1e1f, 67f38199f7817a0edafb00d00701c2b9be19da35"
  })
  void mooseTokenHashesToItsStoredValue(String token, String stored) {
    KeyHash hash = KeyHashes.mooseToken(Secret.of(token));
    assertThat(hash.encoded()).isEqualTo("moose-pbkdf2:" + stored);
    assertThat(KeyHashes.mooseStoredValueOf(hash)).isEqualTo(stored);
    assertThat(KeyHashes.mooseStoredValue(stored).verify(Secret.of(token))).isTrue();
    assertThat(KeyHashes.mooseStoredValue(stored.toUpperCase()).verify(Secret.of(token))).isTrue();
    assertThat(KeyHashes.parse("moose-pbkdf2:" + stored).verify(Secret.of(token))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "deadbeefdeadbeefdeadbeefdeadbeef.0123456789abcdef0123456789abcdee",
    "deadbeefdeadbeefdeadbeefdeadbeef",
    "deadbeefdeadbeefdeadbeefdeadbeef.0123456789abcdef.0123456789abcdef",
    ".0123456789abcdef0123456789abcdef",
    "deadbeefdeadbeefdeadbeefdeadbeef."
  })
  void mooseHashRefusesOtherTokens(String token) {
    assertThat(KeyHashes.mooseStoredValue("445fd4696cfc5c49e28995c4aba05de44303a112").verify(Secret.of(token))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"445fd4696cfc5c49e28995c4aba05de44303a11", "445fd4696cfc5c49e28995c4aba05de44303a112aa", "z45fd4696cfc5c49e28995c4aba05de44303a112", ""})
  void mooseStoredValueMustBe40HexAndIsNeverEchoed(String stored) {
    assertThatThrownBy(() -> KeyHashes.mooseStoredValue(stored))
        .isInstanceOf(InvalidKeyHashException.class)
        .hasMessage("a MooseStack hash value must be exactly 40 hex characters");
  }

  @Test
  void strapiHmacSha512OfAbcUnderMySalt() {
    KeyHash hash = KeyHashes.hmacSha512(Secret.of("abc"), "strapi", Peppers.of("strapi", Secret.of("my-salt")));
    assertThat(hash.encoded())
        .isEqualTo(
            "hmac-sha512:strapi:1d7e1a403380ca063a741ffca836e69aa62c968c9a203609c414ce62884968426ac629310c6637fcadc4452e8d7796b6d52e6dfa56e2f18c237233b8ced06092");
  }

  @Test
  void strapiStoredValueVerifiesItsAccessKey() {
    byte[] bytes = new byte[128];
    for (int i = 0; i < 128; i++) {
      bytes[i] = (byte) i;
    }
    String accessKey = Hex.encode(bytes);
    KeyHash stored =
        KeyHashes.strapiStoredValue(
            "9d2bbe6eed238c2911df6ff063d02f7ad010e2b1e601c56f7b09e364fd1b571ea91a1b370966a2dbacdfab7bdd1214353b0f6d90f1c94a4f69f70afc3a79de78",
            "strapi",
            Peppers.of("strapi", Secret.of("tobemodified")));
    assertThat(stored.verify(Secret.of(accessKey))).isTrue();
    assertThat(stored.verify(Secret.of(accessKey.replace('f', 'e')))).isFalse();
    assertThat(stored.isSlow()).isFalse();
  }

  @Test
  void sha256MatchesHashlibAndRoundTrips() {
    KeyHash hash = KeyHashes.sha256(Secret.of("lk_test"));
    assertThat(hash.encoded()).isEqualTo("sha256:261b46e608d87c826b7fcecf64cd163422257f85f2b38b863043ced7ee009016");
    assertThat(KeyHashes.parse(hash.encoded())).isEqualTo(hash);
    assertThat(hash.verify(Secret.of("lk_test"))).isTrue();
    assertThat(hash.verify(Secret.of("lk_tesu"))).isFalse();
    assertThat(hash.toString()).isEqualTo("KeyHash[sha256]");
  }

  @Test
  void hmacSha256UsesTheConfiguredPepperNeverTheStoredText() {
    Peppers peppers = Peppers.of("p1", Secret.of("pepper-one"));
    KeyHash hash = KeyHashes.parse("hmac-sha256:p1:c49b9d69c299f67b8649ee8d1176fd0ebe2a7f5d30dccc3e0b53aa8f514a3c93", peppers);
    assertThat(hash.verify(Secret.of("lk_test"))).isTrue();
    assertThat(KeyHashes.hmacSha256(Secret.of("lk_test"), "p1", peppers)).isEqualTo(hash);
    assertThat(KeyHashes.parse(hash.encoded(), Peppers.of("p1", Secret.of("pepper-two"))).verify(Secret.of("lk_test")))
        .isFalse();
  }

  @Test
  void keyedDigestWithAnUnconfiguredPepperIsALoadError() {
    assertThatThrownBy(() -> KeyHashes.parse("hmac-sha256:p9:" + "0".repeat(64)))
        .isInstanceOf(InvalidKeyHashException.class)
        .hasMessage("the hash names a pepper that is not configured (configured: [])");
  }

  @Test
  void unconfiguredPepperErrorNeverRepeatsTheIdWhichMayBeAPastedSalt() {
    assertThatThrownBy(() -> KeyHashes.parse("hmac-sha512:tobemodified:" + "0".repeat(128), Peppers.of("strapi", Secret.of("x"))))
        .isInstanceOf(InvalidKeyHashException.class)
        .hasMessage("the hash names a pepper that is not configured (configured: [strapi])");
  }

  @Test
  void sixtyFourByteDigestsCompareTheirSecondHalfToo() {
    Peppers peppers = Peppers.of("p", Secret.of("salt"));
    KeyHash real = KeyHashes.hmacSha512(Secret.of("key"), "p", peppers);
    String hex = real.encoded().substring("hmac-sha512:p:".length());
    String lastByteChanged = hex.substring(0, 126) + (hex.endsWith("00") ? "01" : "00");
    KeyHash sameFirstHalf = KeyHashes.parse("hmac-sha512:p:" + lastByteChanged, peppers);
    assertThat(real.verify(Secret.of("key"))).isTrue();
    assertThat(sameFirstHalf.verify(Secret.of("key"))).isFalse();
    assertThat(sameFirstHalf).isNotEqualTo(real);
  }

  @Test
  void hexDigestsAreReadInEitherCase() {
    KeyHash upper = KeyHashes.parse("sha256:261B46E608D87C826B7FCECF64CD163422257F85F2B38B863043CED7EE009016");
    assertThat(upper.verify(Secret.of("lk_test"))).isTrue();
    assertThat(upper.encoded()).isEqualTo("sha256:261b46e608d87c826b7fcecf64cd163422257f85f2b38b863043ced7ee009016");
  }

  @Test
  void passlibSaltsWithDotsAreDecoded() {
    // hashlib.pbkdf2_hmac('sha256', b'pw', bytes([0xfb] * 12), 1000, 32), salt in passlib's adapted base64.
    KeyHash hash = KeyHashes.parse("$pbkdf2-sha256$1000$./v7./v7./v7./v7$wTlbfWKo2FDnKrBm1b7foEU.mEJQOcUyZuybPcM6TfY");
    assertThat(hash.verify(Secret.of("pw"))).isTrue();
  }

  @Test
  void pbkdf2PhcFormMatchesHashlib() {
    KeyHash hash = KeyHashes.parse("$pbkdf2-sha256$i=1000,l=32$AAECAwQFBgcICQoLDA0ODw$ppsXnjrdPB4KryJ6DrOqKqhkWrhv7PbKAMF1Eml8cZ4");
    assertThat(hash.verify(Secret.of("correct horse battery staple"))).isTrue();
    assertThat(hash.verify(Secret.of("correct horse battery stapler"))).isFalse();
    assertThat(hash.isSlow()).isTrue();
    assertThat(hash.toString()).isEqualTo("KeyHash[pbkdf2-sha256, 1000 iterations]");
  }

  @Test
  void pbkdf2PasslibFormIsReadAndWrittenBackInPhcForm() {
    KeyHash hash = KeyHashes.parse("$pbkdf2-sha256$1000$AAECAwQFBgcICQoLDA0ODw$ppsXnjrdPB4KryJ6DrOqKqhkWrhv7PbKAMF1Eml8cZ4");
    assertThat(hash.verify(Secret.of("correct horse battery staple"))).isTrue();
    assertThat(hash.encoded())
        .isEqualTo("$pbkdf2-sha256$i=1000,l=32$AAECAwQFBgcICQoLDA0ODw$ppsXnjrdPB4KryJ6DrOqKqhkWrhv7PbKAMF1Eml8cZ4");
  }

  @Test
  void newPbkdf2HashesUse600000IterationsAndRandomSalts() {
    KeyHash a = KeyHashes.pbkdf2Sha256(Secret.of("hunter2"));
    KeyHash b = KeyHashes.pbkdf2Sha256(Secret.of("hunter2"));
    assertThat(a.encoded()).startsWith("$pbkdf2-sha256$i=600000,l=32$").isNotEqualTo(b.encoded());
    assertThat(KeyHashes.parse(a.encoded()).verify(Secret.of("hunter2"))).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "$pbkdf2-sha256$i=1000$AAECAwQFBgcICQoLDA0ODw | a pbkdf2-sha256 hash must read $pbkdf2-sha256$i=<iterations>[,l=<length>]$<salt>$<hash>",
        "$pbkdf2-sha256$n=1000$AAECAwQFBgcICQoLDA0ODw$ppsXnjrdPB4KryJ6DrOqKqhkWrhv7PbKAMF1Eml8cZ4 | a pbkdf2-sha256 hash has an unknown parameter (expected i= and l=)",
        "$pbkdf2-sha256$i=0$AAECAwQFBgcICQoLDA0ODw$ppsXnjrdPB4KryJ6DrOqKqhkWrhv7PbKAMF1Eml8cZ4 | a pbkdf2-sha256 hash has an invalid iterations count",
        "$pbkdf2-sha256$i=10000001$AAECAwQFBgcICQoLDA0ODw$ppsXnjrdPB4KryJ6DrOqKqhkWrhv7PbKAMF1Eml8cZ4 | a pbkdf2-sha256 hash asks for more than 10000000 iterations",
        "$pbkdf2-sha256$i=1000,l=16$AAECAwQFBgcICQoLDA0ODw$ppsXnjrdPB4KryJ6DrOqKqhkWrhv7PbKAMF1Eml8cZ4 | a pbkdf2-sha256 hash is not as long as its l= parameter says",
        "$pbkdf2-sha256$i=1000$!!!$ppsXnjrdPB4KryJ6DrOqKqhkWrhv7PbKAMF1Eml8cZ4 | a pbkdf2-sha256 hash has a salt that is not valid base64",
        "$pbkdf2-sha256$i=1000$AAECAwQFBgcICQoLDA0ODw$AAAA | a pbkdf2-sha256 hash must be 16 to 64 bytes long",
        "sha256:abc | a sha256 hash value must be exactly 64 hex characters",
        "hmac-sha256:0 | a hmac-sha256 hash must read hmac-sha256:<pepper id>:<hex>"
      })
  void malformedHashesAreExplainedWithoutEchoingThem(String encoded, String message) {
    assertThatThrownBy(() -> KeyHashes.parse(encoded)).isInstanceOf(InvalidKeyHashException.class).hasMessage(message);
  }

  @Test
  void unknownTextIsRefusedWithoutEchoAndWithTheSupportedFormats() {
    assertThatThrownBy(() -> KeyHashes.parse("my-plaintext-key"))
        .isInstanceOf(InvalidKeyHashException.class)
        .hasMessageStartingWith("not a recognised key hash (supported: sha256, hmac-sha256, hmac-sha512, pbkdf2-sha256, moose-pbkdf2")
        .hasMessageNotContaining("my-plaintext-key");
  }

  @Test
  void bareMooseValueGetsAHint() {
    assertThatThrownBy(() -> KeyHashes.parse("445fd4696cfc5c49e28995c4aba05de44303a112"))
        .hasMessageStartingWith("a bare 40-hex value looks like a MooseStack stored value; write it as moose-pbkdf2:<hex>");
  }

  @Test
  void bareStrapiValueGetsAHint() {
    assertThatThrownBy(() -> KeyHashes.parse("ab".repeat(64)))
        .hasMessageStartingWith("a bare 128-hex value looks like a Strapi token hash");
  }
}
