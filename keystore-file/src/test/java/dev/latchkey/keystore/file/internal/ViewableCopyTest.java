package dev.latchkey.keystore.file.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.Secret;
import org.junit.jupiter.api.Test;

/** Strapi's encrypted copy. Vector: COMPAT.md §3, computed with Node's crypto. */
class ViewableCopyTest {
  private final ViewableCopy copies = new ViewableCopy(Secret.of("my-encryption-key"));

  @Test
  void reproducesStrapisEncryptionVector() {
    assertThat(copies.encrypt(Secret.of("abc"), new byte[16]))
        .isEqualTo("v1:00000000000000000000000000000000:a3f52a:4da2cc85ed139fd7d9faa89f34b1cd8f");
  }

  @Test
  void decryptsStrapisVector() {
    assertThat(copies.decrypt("v1:00000000000000000000000000000000:a3f52a:4da2cc85ed139fd7d9faa89f34b1cd8f"))
        .hasValueSatisfying(s -> assertThat(s.expose()).isEqualTo("abc"));
  }

  @Test
  void aTamperedCopyDoesNotDecrypt() {
    assertThat(copies.decrypt("v1:00000000000000000000000000000000:a3f52b:4da2cc85ed139fd7d9faa89f34b1cd8f")).isEmpty();
  }

  @Test
  void everyCopyHasItsOwnRandomIv() {
    String first = copies.encrypt(Secret.of("abc"));
    String second = copies.encrypt(Secret.of("abc"));

    assertThat(first).isNotEqualTo(second);
    assertThat(copies.decrypt(first).map(Secret::expose)).contains("abc");
  }

  @Test
  void onlyTheV1ShapeIsWellFormed() {
    assertThat(ViewableCopy.isWellFormed("v1:00000000000000000000000000000000:a3f52a:4da2cc85ed139fd7d9faa89f34b1cd8f")).isTrue();
    assertThat(ViewableCopy.isWellFormed("v2:00000000000000000000000000000000:a3f52a:4da2cc85ed139fd7d9faa89f34b1cd8f")).isFalse();
    assertThat(ViewableCopy.isWellFormed("v1:0000:a3f52a:4da2cc85ed139fd7d9faa89f34b1cd8f")).isFalse();
    assertThat(ViewableCopy.isWellFormed("v1:00000000000000000000000000000000:a3f5zz:4da2cc85ed139fd7d9faa89f34b1cd8f")).isFalse();
  }
}
