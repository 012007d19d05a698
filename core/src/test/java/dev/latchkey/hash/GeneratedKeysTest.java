package dev.latchkey.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.Secret;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GeneratedKeysTest {
  private final GeneratedKeys keys = GeneratedKeys.withPrefix("acme_live");

  @Test
  void keysHaveThePrefixA43CharBodyAndA6CharChecksum() {
    GeneratedKey key = keys.generate();
    assertThat(key.secret().expose()).matches("acme_live_[0-9A-Za-z]{49}");
    assertThat(key.start()).isEqualTo(key.secret().expose().substring(0, "acme_live_".length() + 4));
    assertThat(key.hash()).isEqualTo(KeyHashes.sha256(key.secret()));
  }

  @Test
  void generatedKeysPassTheirOwnCheck() {
    for (int i = 0; i < 200; i++) {
      assertThat(keys.check(keys.generate().secret())).isEqualTo(GeneratedKeys.Check.VALID);
    }
  }

  @Test
  void generatedKeysAreDistinct() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      assertThat(seen.add(keys.generate().secret().expose())).isTrue();
    }
  }

  @Test
  void anyOneCharacterChangeBreaksTheChecksum() {
    String key = keys.generate().secret().expose();
    int bodyStart = "acme_live_".length();
    for (int i = bodyStart; i < key.length(); i++) {
      char replacement = key.charAt(i) == 'a' ? 'b' : 'a';
      String typo = key.substring(0, i) + replacement + key.substring(i + 1);
      assertThat(keys.check(Secret.of(typo))).as("changed at %d", i).isEqualTo(GeneratedKeys.Check.BAD_CHECKSUM);
    }
  }

  @Test
  void checksumCoversThePrefix() {
    String body = keys.generate().secret().expose().substring("acme_live_".length());
    GeneratedKeys other = GeneratedKeys.withPrefix("acme_test");
    assertThat(other.check(Secret.of("acme_test_" + body))).isEqualTo(GeneratedKeys.Check.BAD_CHECKSUM);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "ghp_abc",
    "acme_live_short",
    "acme_live_!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
    "acme_test_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "eyJhbGciOiJIUzI1NiJ9.e30.sig"
  })
  void otherShapesAreNotThisFormat(String candidate) {
    assertThat(keys.check(Secret.of(candidate))).isEqualTo(GeneratedKeys.Check.OTHER_FORMAT);
  }

  @Test
  void scannerRegexFindsKeysInText() {
    String key = keys.generate().secret().expose();
    Pattern scanner = Pattern.compile(keys.scannerRegex());
    assertThat(keys.scannerRegex()).isEqualTo("\\bacme_live_[0-9A-Za-z]{49}\\b");
    assertThat(scanner.matcher("export ACME_KEY=\"" + key + "\"\n").find()).isTrue();
    assertThat(scanner.matcher("xacme_live_" + key.substring(10)).find()).isFalse();
  }

  @Test
  void standardPrefixIsLk() {
    assertThat(GeneratedKeys.standard().generate().secret().expose()).startsWith("lk_");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Acme", "acme-live", "a_b_c_d", "_acme", "acme_", "abcdefghijklmnopq"})
  void refusesPrefixesThatWouldMakeKeysAmbiguous(String prefix) {
    assertThatThrownBy(() -> GeneratedKeys.withPrefix(prefix)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void generatedKeyNeverPrintsItsSecret() {
    GeneratedKey key = keys.generate();
    assertThat(key.toString()).doesNotContain(key.secret().expose()).contains(key.start());
  }
}
