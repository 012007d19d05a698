package dev.latchkey.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.Secret;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link HashedKeyIndex#apply}: changes applied in place, as a store following a database applies them. */
class HashedKeyIndexApplyTest {
  private final HashedKeyIndex index = HashedKeyIndex.builder("keys").build();

  private static KeyEntry entry(String id, String secret) {
    return KeyEntry.builder(id, KeyHashes.sha256(Secret.of(secret))).build();
  }

  private String found(String secret) {
    return index.lookup(Secret.of(secret)) instanceof HashedKeyIndex.Lookup.Found f ? f.entry().id() : "none";
  }

  @Test
  void removalsThenPutsApplyTogetherAndKeepTheOrderOfTheRest() {
    index.replaceAll(List.of(entry("a", "secret-a"), entry("b", "secret-b"), entry("c", "secret-c")));

    index.apply(List.of(entry("d", "secret-d"), entry("b", "secret-b2")), List.of("a"));

    assertThat(index.entries()).extracting(KeyEntry::id).containsExactly("b", "c", "d");
    assertThat(List.of(found("secret-a"), found("secret-b"), found("secret-b2"), found("secret-d")))
        .containsExactly("none", "none", "b", "d");
    assertThat(index.size()).isEqualTo(3);
  }

  @Test
  void aChangeGivingTwoKeysOneSecretIsRefusedAndChangesNothing() {
    index.replaceAll(List.of(entry("a", "secret-a"), entry("b", "secret-b")));

    assertThatThrownBy(() -> index.apply(List.of(entry("c", "secret-c"), entry("d", "secret-a")), List.of("b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the secret of 'd' is already used by 'a'");
    assertThat(index.entries()).extracting(KeyEntry::id).containsExactly("a", "b");
    assertThat(found("secret-b")).isEqualTo("b");
  }

  @Test
  void aSecretFreedByARemovalInTheSameChangeMayBeTakenByAnotherKey() {
    index.replaceAll(List.of(entry("a", "secret-a")));

    index.apply(List.of(entry("b", "secret-a")), List.of("a"));

    assertThat(found("secret-a")).isEqualTo("b");
  }

  @Test
  void thousandsOfSmallChangesPastEveryTablesRoomLoseNothing() {
    index.replaceAll(List.of(entry("seed", "secret-seed")));
    List<String> removed = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      index.apply(List.of(entry("k" + i, "secret-" + i)), i > 0 && i % 3 == 0 ? List.of("k" + (i / 3)) : List.of());
      if (i > 0 && i % 3 == 0) {
        removed.add("k" + (i / 3));
      }
    }

    assertThat(index.size()).isEqualTo(3_001 - removed.size());
    for (int i = 0; i < 3_000; i++) {
      assertThat(found("secret-" + i)).isEqualTo(removed.contains("k" + i) ? "none" : "k" + i);
    }
    assertThat(found("secret-seed")).isEqualTo("seed");
  }

  @Test
  void aSnapshotTakenBeforeAChangeIsNotChangedByIt() {
    index.replaceAll(List.of(entry("a", "secret-a"), entry("b", "secret-b")));
    List<KeyEntry> before = index.entries();

    index.apply(List.of(entry("a", "secret-a2")), List.of("b"));

    assertThat(before).extracting(KeyEntry::id).containsExactly("a", "b");
    assertThat(before.get(0).hash()).isEqualTo(KeyHashes.sha256(Secret.of("secret-a")));
  }
}
