package dev.latchkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PrincipalTest {
  @Test
  void principalAttributesAreDeeplyImmutable() {
    java.util.List<String> groups = new java.util.ArrayList<>(java.util.List.of("ops"));
    Principal p = Principal.builder("u", "s").attribute("groups", groups).build();
    groups.add("admins");
    assertThat(p.attributes().get("groups")).isEqualTo(java.util.List.of("ops"));
    assertThatThrownBy(() -> ((java.util.List<?>) p.attributes().get("groups")).clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void rolesKeepTheirOrderAndDropDuplicates() {
    Principal p = Principal.builder("u", "s").roles("write", "read", "write").build();
    assertThat(p.roles()).containsExactly("write", "read");
    assertThat(p.hasRole("read")).isTrue();
    assertThat(p.hasRole("admin")).isFalse();
  }

  @Test
  void refusesBlankNames() {
    assertThatThrownBy(() -> Principal.builder(" ", "s").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a principal's name must not be blank");
  }
}
