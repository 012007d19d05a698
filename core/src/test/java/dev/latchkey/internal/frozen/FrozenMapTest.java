package dev.latchkey.internal.frozen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrozenMapTest {
  private static Map<String, Object> sample() {
    return FrozenMap.ofTrusted(new String[] {"iss", "sub", "aud", null}, new Object[] {"i", "s", List.of("a"), null}, 3);
  }

  @Test
  void isEqualToAndHashesLikeAnyMapOfTheSameMembers() {
    Map<String, Object> jdk = Map.of("iss", "i", "sub", "s", "aud", List.of("a"));
    assertThat(sample()).isEqualTo(jdk).hasSameHashCodeAs(jdk);
    assertThat(jdk).isEqualTo(sample());
    assertThat(sample()).isNotEqualTo(Map.of("iss", "i"));
  }

  @Test
  void findsKeysByValueNotOnlyByReferenceAndOnlyItsOwnMembers() {
    Map<String, Object> map = sample();
    String sub = new String("sub".toCharArray());
    assertThat(map.get(sub)).isEqualTo("s");
    assertThat(map.containsKey(sub)).isTrue();
    assertThat(map.get("exp")).isNull();
    assertThat(map.get(null)).isNull();
    assertThat(map.get(1)).isNull();
    assertThat(map.containsKey(null)).isFalse();
    assertThat(map).hasSize(3);
  }

  @Test
  void iteratesInTheOrderGivenAndShowsItselfAsAMap() {
    List<String> keys = new ArrayList<>();
    sample().forEach((k, v) -> keys.add(k));
    assertThat(keys).containsExactly("iss", "sub", "aud");
    assertThat(sample()).hasToString("{iss=i, sub=s, aud=[a]}");
  }

  @Test
  void cannotBeChangedThroughAnyView() {
    Map<String, Object> map = sample();
    assertThatThrownBy(() -> map.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> map.remove("iss")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(map::clear).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> map.entrySet().iterator().next().setValue("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> map.keySet().remove("iss")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> map.values().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThat(map).hasSize(3);
  }

  @Test
  void refusesASizeBeyondItsArraysOrItsLimit() {
    String[] keys = new String[FrozenMap.MAX_SIZE + 1];
    Object[] values = new Object[FrozenMap.MAX_SIZE + 1];
    assertThatThrownBy(() -> FrozenMap.ofTrusted(keys, values, FrozenMap.MAX_SIZE + 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FrozenMap.ofTrusted(new String[1], new Object[1], 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FrozenMap.ofTrusted(new String[1], new Object[1], -1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(FrozenMap.ofTrusted(new String[0], new Object[0], 0)).isEmpty();
  }
}
