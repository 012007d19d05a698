package dev.latchkey.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Latin1Test {
  @Test
  void holdsForTextOfCharactersUpToU00ffOnAJdkWithCompactStrings() {
    assertThat(Latin1.holds("eyJhbGciOiJSUzI1NiJ9.e30.c2ln")).isTrue();
    assertThat(Latin1.holds("clé ÿ")).isTrue();
    assertThat(Latin1.holds("")).isTrue();
  }

  @Test
  void neverHoldsForTextWithAWiderCharacter() {
    assertThat(Latin1.holds("a\u0100")).isFalse();
    assertThat(Latin1.holds("abc\uD800")).isFalse();
    assertThat(Latin1.holds("\uD83D\uDD11")).isFalse();
    assertThat(Latin1.holds("ключ")).isFalse();
  }
}
