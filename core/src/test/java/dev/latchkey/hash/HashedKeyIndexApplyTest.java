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
  void manyBatchesPastSeveralCompactionsKeepEveryLiveKeyVerifiableInOrderAndNoRemovedOne() {
    java.util.LinkedHashMap<String, String> model = new java.util.LinkedHashMap<>();
    List<KeyEntry> initial = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      initial.add(entry("k" + i, "secret-" + i));
      model.put("k" + i, "secret-" + i);
    }
    index.replaceAll(initial);
    List<String> removed = new ArrayList<>();
    int next = 200;
    // 60 batches of 20 new keys, 5 new secrets for kept ids and 20 removals: six times the live
    // entries go in, so the tables run out of room and are compacted again and again.
    for (int batch = 0; batch < 60; batch++) {
      List<KeyEntry> puts = new ArrayList<>();
      List<String> removals = new ArrayList<>(new ArrayList<>(model.keySet()).subList(0, 20));
      removals.forEach(model::remove);
      removed.addAll(removals);
      for (int i = 0; i < 20; i++, next++) {
        puts.add(entry("k" + next, "secret-" + next));
        model.put("k" + next, "secret-" + next);
      }
      List<String> kept = new ArrayList<>(model.keySet());
      for (int i = 0; i < 5; i++) {
        String id = kept.get((batch * 7 + i * 31) % 150);
        String secret = "secret-" + id + "-v" + batch;
        puts.add(entry(id, secret));
        model.put(id, secret);
      }
      index.apply(puts, removals);
    }

    assertThat(index.entries()).extracting(KeyEntry::id).containsExactlyElementsOf(model.keySet());
    model.forEach((id, secret) -> assertThat(found(secret)).as(id).isEqualTo(id));
    for (String id : removed) {
      assertThat(index.get(id)).as(id).isEmpty();
      assertThat(found("secret-" + id.substring(1))).as(id).isEqualTo("none");
    }
    assertThat(index.size()).isEqualTo(200);
  }

  @Test
  void aChangeThatNeedsACompactionAndGivesTwoKeysOneSecretIsRefusedAndChangesNothing() {
    index.replaceAll(List.of(entry("a", "secret-a"), entry("b", "secret-b")));
    // Tables sized for two entries: this change cannot fit among the tombstones and must compact first.
    List<KeyEntry> puts = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      puts.add(entry("n" + i, "secret-n" + i));
    }
    puts.add(entry("dup", "secret-b"));

    assertThatThrownBy(() -> index.apply(puts, List.of("a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the secret of 'dup' is already used by 'b'");
    assertThat(index.entries()).extracting(KeyEntry::id).containsExactly("a", "b");
    assertThat(List.of(found("secret-a"), found("secret-b"), found("secret-n0"))).containsExactly("a", "b", "none");
  }

  @Test
  void compactionsKeepSlowKeysVerifiableBesideTheFastOnes() {
    KeyEntry pbkdf2 = KeyEntry.builder("slow", KeyHashes.pbkdf2Sha256(Secret.of("secret-slow"), 1_000)).build();
    String moose = "deadbeefdeadbeefdeadbeefdeadbeef.0123456789abcdef0123456789abcdef";
    KeyEntry mooseEntry = KeyEntry.builder("moose", KeyHashes.mooseToken(Secret.of(moose))).build();
    index.replaceAll(List.of(entry("a", "secret-a"), pbkdf2, entry("b", "secret-b"), mooseEntry));

    for (int i = 0; i < 40; i++) {
      index.apply(List.of(entry("k" + i, "secret-k" + i)), List.of(i == 0 ? "a" : "k" + (i - 1)));
    }

    assertThat(index.entries()).extracting(KeyEntry::id).containsExactly("slow", "b", "moose", "k39");
    assertThat(List.of(found("secret-slow"), found(moose), found("secret-b"), found("secret-k39"), found("secret-k38")))
        .containsExactly("slow", "moose", "b", "k39", "none");
  }

  @Test
  void aCompactionKeepsThePrincipalAKeyAlreadyProved() {
    index.replaceAll(List.of(entry("a", "secret-a"), entry("b", "secret-b")));
    HashedKeyIndex.Lookup before = index.lookup(Secret.of("secret-a"));

    for (int i = 0; i < 20; i++) {
      index.apply(List.of(entry("k" + i, "secret-k" + i)), i == 0 ? List.of("b") : List.of("k" + (i - 1)));
    }

    HashedKeyIndex.Lookup after = index.lookup(Secret.of("secret-a"));
    assertThat(((HashedKeyIndex.Lookup.Found) after).principal())
        .isSameAs(((HashedKeyIndex.Lookup.Found) before).principal());
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
