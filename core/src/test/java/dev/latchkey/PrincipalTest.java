package dev.latchkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
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
  void attributesImmutableAllTheWayDownAreKeptAsGivenAndAMutableCollectionInsideOneIsCopied() {
    java.util.Map<String, Object> frozen = java.util.Map.of("aud", List.of("api"), "realm", java.util.Map.of("roles", List.of("ops")), "exp", 1L);
    Principal p = new Principal("u", java.util.Set.of(), "s", java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(), frozen);
    assertThat(p.attributes()).isSameAs(frozen);

    java.util.List<String> inner = new java.util.ArrayList<>(List.of("ops"));
    Principal q = Principal.builder("u", "s").attribute("nested", List.of(inner)).build();
    inner.add("admins");
    assertThat(q.attributes().get("nested")).isEqualTo(List.of(List.of("ops")));
  }

  @Test
  void aFrozenMapFromLatchkeysOwnReadersIsKeptAsGiven() {
    java.util.Map<String, Object> frozen = dev.latchkey.internal.frozen.FrozenMap.ofTrusted(
        new String[] {"sub", "aud"}, new Object[] {"u", List.of("api")}, 2);
    Principal p = new Principal("u", java.util.Set.of(), "s", java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(), frozen);
    assertThat(p.attributes()).isSameAs(frozen);
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

  @Test
  void refusesAControlCharacterInTheNameWithoutQuotingIt() {
    assertThatThrownBy(() -> Principal.builder("a\u0000b\nc", "s").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a principal's name contains a control character");
  }

  @Test
  void refusesAControlCharacterInARoleWithoutQuotingIt() {
    assertThatThrownBy(() -> Principal.builder("u", "s").roles("read", "admin\r\nX-Role: root").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a role contains a control character");
  }

  @Test
  void namesAndRolesMayHoldAnyPrintableTextButNoC0DelOrC1Character() {
    assertThat(Principal.problemWith("apikey:Zoë ops/read@example.com ✓")).isEmpty();
    assertThat(List.of("\u0000", "tab\there", "line\n", "del\u007f", "c1\u0085", "c1\u009f"))
        .allSatisfy(v -> assertThat(Principal.problemWith(v)).contains("contains a control character"));
  }
}
