package dev.latchkey.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.Secret;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyEntryTest {
  private static final KeyHash HASH = KeyHashes.sha256(Secret.of("entry-secret"));

  /** A source's per-key state kept in the entry itself. */
  private static final class Carried extends KeyEntry {
    final String note;

    Carried(String id, String note) {
      super(KeyEntry.builder(id, HASH).name("carried").roles("reader").owner("alice"));
      this.note = note;
    }
  }

  private static KeyEntry entry(String name) {
    return KeyEntry.builder("key-1", HASH).name(name).roles("reader", "writer").owner("alice")
        .expiresAt(Instant.parse("2030-01-01T00:00:00Z")).attributes(Map.of("team", "blue")).payload(List.of("typed")).build();
  }

  @Test
  void entriesWithEqualPartsAreEqualAndHashAlike() {
    assertThat(entry("svc")).isEqualTo(entry("svc")).hasSameHashCodeAs(entry("svc"));
    assertThat(entry("svc")).isNotEqualTo(entry("other"));
  }

  @Test
  void accessorsGiveBackWhatTheEntryWasMadeWith() {
    KeyEntry e = entry("svc");

    assertThat(e.id()).isEqualTo("key-1");
    assertThat(e.name()).isEqualTo("svc");
    assertThat(e.roles()).containsExactly("reader", "writer");
    assertThat(e.hash()).isSameAs(HASH);
    assertThat(e.owner()).contains("alice");
    assertThat(e.expiresAt()).contains(Instant.parse("2030-01-01T00:00:00Z"));
    assertThat(e.state()).isEqualTo(KeyState.ACTIVE);
    assertThat(e.attributes()).isEqualTo(Map.of("team", "blue"));
    assertThat(e.payload()).contains(List.of("typed"));
    assertThat(e.toBuilder().build()).isEqualTo(e);
  }

  @Test
  void absentOwnerExpiryAndPayloadAreEmpty() {
    KeyEntry e = new KeyEntry("key-2", "svc", Set.of(), HASH, Optional.empty(), Optional.empty(), KeyState.ACTIVE, Map.of());

    assertThat(e.owner()).isEmpty();
    assertThat(e.expiresAt()).isEmpty();
    assertThat(e.payload()).isEmpty();
    assertThat(e.isExpiredAt(Instant.MAX)).isFalse();
  }

  @Test
  void aSubclassIsItsOwnPayloadAndEqualOnlyToItself() {
    Carried one = new Carried("key-3", "first");
    Carried same = new Carried("key-3", "first");

    assertThat(one.payload()).containsSame(one);
    assertThat(one.owner()).contains("alice");
    assertThat(one.roles()).containsExactly("reader");
    assertThat(one).isEqualTo(one).isNotEqualTo(same);
    assertThat(one.toString()).contains("payload=itself");
  }

  @Test
  void aSubclassIsCheckedAsAnyEntryIs() {
    assertThatThrownBy(() -> new Carried(" ", "blank id")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theTextShowsTheHashFormatOnly() {
    assertThat(entry("svc").toString()).contains("KeyHash[sha256]").doesNotContain(HASH.encoded().substring(7));
  }
}
