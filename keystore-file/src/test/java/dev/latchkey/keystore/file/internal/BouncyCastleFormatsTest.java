package dev.latchkey.keystore.file.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.Credential;
import dev.latchkey.Secret;
import dev.latchkey.Verdict;
import dev.latchkey.hash.HashedKeyIndex;
import dev.latchkey.hash.InvalidKeyHashException;
import dev.latchkey.hash.KeyEntry;
import dev.latchkey.hash.KeyHash;
import dev.latchkey.hash.KeyHashes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * bcrypt and Argon2id, found by core's {@link KeyHashes} through the service loader. Vectors: COMPAT.md
 * §2 (Omnidev, bcrypt) and Argon2id hashes computed independently with the hash-wasm library.
 */
class BouncyCastleFormatsTest {
  private static final String OMNIDEV_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0-Pw";
  private static final String OMNIDEV_HASH = "$2b$10$abcdefghijklmnopqrstuuvC5nRdN5nkKyDnD2WXbh8rhUSo/8AyK";

  @Test
  void omnidevKeyVerifiesAgainstItsBcryptHash() {
    KeyHash hash = KeyHashes.parse(OMNIDEV_HASH);
    assertThat(hash.format()).isEqualTo("bcrypt");
    assertThat(hash.isSlow()).isTrue();
    assertThat(hash.verify(Secret.of(OMNIDEV_KEY))).isTrue();
    assertThat(hash.toString()).isEqualTo("KeyHash[bcrypt, cost 10]");
  }

  @Test
  void bcryptReadsOnlyTheFirst72BytesExactlyAsOmnidevDoes() {
    KeyHash hash = KeyHashes.parse(OMNIDEV_HASH);
    assertThat(hash.verify(Secret.of(OMNIDEV_KEY.substring(0, 72)))).isTrue();
    assertThat(hash.verify(Secret.of(OMNIDEV_KEY.substring(0, 72) + "anything-else"))).isTrue();
    assertThat(hash.verify(Secret.of(OMNIDEV_KEY.substring(0, 71)))).isFalse();
    assertThat(hash.verify(Secret.of("B" + OMNIDEV_KEY.substring(1)))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"$2a$", "$2y$"})
  void otherBcryptVersionPrefixesVerifyTheSame(String prefix) {
    assertThat(KeyHashes.parse(prefix + OMNIDEV_HASH.substring(4)).verify(Secret.of(OMNIDEV_KEY))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"$2b$10$short", "$2b$99$abcdefghijklmnopqrstuuvC5nRdN5nkKyDnD2WXbh8rhUSo/8AyK", "$2b$10$abcdefghijklmnopqrstuuvC5nRdN5nkKyDnD2WXbh8rhUSo/8Ay!"})
  void malformedBcryptIsALoadErrorThatNeverEchoesTheText(String encoded) {
    assertThatThrownBy(() -> KeyHashes.parse(encoded))
        .isInstanceOf(InvalidKeyHashException.class)
        .hasMessageNotContaining(encoded.substring(7));
  }

  @Test
  void bcryptCostsThatWouldMakeEveryVerificationADenialOfServiceAreRefused() {
    assertThatThrownBy(() -> KeyHashes.parse("$2b$17$" + OMNIDEV_HASH.substring(7)))
        .isInstanceOf(InvalidKeyHashException.class)
        .hasMessage("a bcrypt cost must be between 04 and 16 (each step doubles the work of every verification)");
  }

  @Test
  void latchkeyNeverMakesBcryptHashes() {
    assertThatThrownBy(() -> KeyHashes.create("bcrypt", Secret.of("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the bcrypt format only reads imported hashes");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "correct horse battery staple | $argon2id$v=19$m=64,t=2,p=1$AAECAwQFBgcICQoLDA0ODw$LfR+3mNY7Repl21PztuJehADbUMqSs7xfSY7/Ji9IKw",
    "lk_argon | $argon2id$v=19$m=256,t=3,p=2$AAECAwQFBgcICQoLDA0ODw$T25zB+dHwL06tAK3HBhOPJdLrEkkA7SNLtW1ZSrohGk"
  })
  void argon2idMatchesAnIndependentImplementation(String secret, String encoded) {
    KeyHash hash = KeyHashes.parse(encoded);
    assertThat(hash.verify(Secret.of(secret))).isTrue();
    assertThat(hash.verify(Secret.of(secret + "x"))).isFalse();
    assertThat(hash.encoded()).isEqualTo(encoded);
  }

  @Test
  void newArgon2idHashesUseOwaspParametersAndVerify() {
    KeyHash hash = KeyHashes.create("argon2id", Secret.of("hunter2"));
    assertThat(hash.encoded()).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(KeyHashes.parse(hash.encoded()).verify(Secret.of("hunter2"))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "$argon2id$v=16$m=64,t=2,p=1$AAECAwQFBgcICQoLDA0ODw$LfR+3mNY7Repl21PztuJehADbUMqSs7xfSY7/Ji9IKw",
    "$argon2id$v=19$m=99999999,t=2,p=1$AAECAwQFBgcICQoLDA0ODw$LfR+3mNY7Repl21PztuJehADbUMqSs7xfSY7/Ji9IKw",
    "$argon2id$v=19$m=64,t=2$AAECAwQFBgcICQoLDA0ODw$LfR+3mNY7Repl21PztuJehADbUMqSs7xfSY7/Ji9IKw",
    "$argon2id$v=19$m=64,t=2,p=1$AAECAw$LfR+3mNY7Repl21PztuJehADbUMqSs7xfSY7/Ji9IKw",
    "$argon2id$v=99999999999999999999$m=64,t=2,p=1$AAECAwQFBgcICQoLDA0ODw$LfR+3mNY7Repl21PztuJehADbUMqSs7xfSY7/Ji9IKw",
    "$argon2id$v=19$m=2097152,t=2,p=1$AAECAwQFBgcICQoLDA0ODw$LfR+3mNY7Repl21PztuJehADbUMqSs7xfSY7/Ji9IKw",
    "$argon2id$v=19$m=64,t=11,p=1$AAECAwQFBgcICQoLDA0ODw$LfR+3mNY7Repl21PztuJehADbUMqSs7xfSY7/Ji9IKw"
  })
  void malformedArgon2idIsALoadError(String encoded) {
    assertThatThrownBy(() -> KeyHashes.parse(encoded)).isInstanceOf(InvalidKeyHashException.class);
  }

  @Test
  void formatsListIncludesThePluggedInOnes() {
    assertThat(KeyHashes.formats()).contains("bcrypt", "argon2id");
  }

  @Test
  void indexFindsAnOmnidevKeyAmongBcryptEntries() {
    HashedKeyIndex index = HashedKeyIndex.builder("omnidev").build();
    String otherUsersHash =
        org.bouncycastle.crypto.generators.OpenBSDBCrypt.generate(
            "2b", "another-users-key".getBytes(java.nio.charset.StandardCharsets.UTF_8), new byte[16], 4);
    index.put(KeyEntry.builder("user-1", KeyHashes.parse(otherUsersHash)).build());
    index.put(KeyEntry.builder("user-2", KeyHashes.parse(OMNIDEV_HASH)).roles("client").build());

    Verdict verdict = index.verify(Credential.bearer(OMNIDEV_KEY));

    assertThat(verdict).isInstanceOf(Verdict.Accept.class);
    assertThat(((Verdict.Accept) verdict).principal().credentialId()).contains("user-2");
  }
}
