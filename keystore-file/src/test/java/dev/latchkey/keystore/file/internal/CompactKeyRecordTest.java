package dev.latchkey.keystore.file.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.hash.KeyHashes;
import dev.latchkey.keystore.file.ContentApiType;
import dev.latchkey.keystore.file.KeyKind;
import dev.latchkey.keystore.file.StoredKey;
import dev.latchkey.keystore.file.spi.KeyRecord;
import dev.latchkey.Secret;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The compact form of a key gives back exactly what it was given, and shares what keys repeat. */
class CompactKeyRecordTest {
  private static StoredKey key(String id, Optional<String> start, Optional<Instant> created, Optional<Instant> lastUsed, Optional<Instant> revoked) {
    return new StoredKey(id, "name-" + id, Optional.of("a description"), KeyKind.CONTENT_API, Optional.of(ContentApiType.READ_ONLY),
        Set.of("reader"), Optional.of("owner-1"), start, "sha256", false, List.of("10.0.0.0/8"), created,
        Optional.of(Instant.parse("2030-01-01T00:00:00Z")), lastUsed, revoked, Optional.empty());
  }

  private static KeyRecord record(StoredKey key) {
    return new KeyRecord(key, KeyHashes.sha256(Secret.of("secret-of-" + key.id())), Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
  }

  @Test
  void nanosecondTimesFarOffYearsAndHintsOfEveryLengthComeBackExactly() {
    List<StoredKey> keys = List.of(
        key("key_1", Optional.of("lk_ZwLz"), Optional.of(Instant.parse("2026-12-06T11:09:45.467608802Z")), Optional.empty(), Optional.empty()),
        key("key_2", Optional.of("sk_live_a1b2"), Optional.of(Instant.parse("1500-01-01T00:00:00Z")),
            Optional.of(Instant.parse("+20000-01-01T00:00:00Z")), Optional.of(Instant.parse("2026-01-01T00:00:00.000000001Z"))),
        key("key_3", Optional.of("é_1"), Optional.of(Instant.EPOCH.minusNanos(1)), Optional.of(Instant.MIN), Optional.empty()),
        key("key_4", Optional.empty(), Optional.empty(), Optional.of(Instant.MAX), Optional.empty()),
        key("key_5", Optional.of("abcdefgh"), Optional.of(Instant.ofEpochSecond(0, Long.MIN_VALUE + 1)), Optional.empty(), Optional.empty()));

    assertThat(keys.stream().map(k -> record(k).key()).toList()).isEqualTo(keys);
  }

  @Test
  void positionsOfEveryWidthAndBothTextsComeBackExactly() {
    for (long position : List.of(0L, 1L, (long) Integer.MAX_VALUE, (long) Integer.MIN_VALUE, Integer.MAX_VALUE + 1L, Long.MAX_VALUE, -5L)) {
      KeyRecord r = KeyRecord.of("key_p", "name", "described", KeyKind.GENERIC, Optional.empty(), List.of("reader"), null, "lk_abc",
          KeyHashes.sha256(Secret.of("p-" + position)), null, null, "v1:copy", null, List.of(), Instant.EPOCH, null, null, null,
          Map.of(), position);

      assertThat(r.position()).as("position %d", position).isEqualTo(position);
      assertThat(r.key().description()).contains("described");
      assertThat(r.key().viewable()).isTrue();
      assertThat(r.encrypted()).contains("v1:copy");
      assertThat(r.with(r.key().withLastUsedAt(Instant.EPOCH)).position()).isEqualTo(position);
    }
  }

  @Test
  void aKeyWithoutTextsHasNone() {
    KeyRecord r = KeyRecord.of("key_q", "name", null, KeyKind.GENERIC, Optional.empty(), List.of(), null, null,
        KeyHashes.sha256(Secret.of("q")), null, null, null, null, List.of(), null, null, null, null, Map.of(), 7);

    assertThat(r.key().description()).isEmpty();
    assertThat(r.key().viewable()).isFalse();
    assertThat(r.encrypted()).isEmpty();
  }

  @Test
  void keysThatRepeatRolesOwnersAndKindsShareOneCopyOfEach() {
    KeyRecord a = record(key("key_a", Optional.of("lk_a"), Optional.empty(), Optional.empty(), Optional.empty()));
    KeyRecord b = record(key("key_b", Optional.of("lk_b"), Optional.empty(), Optional.empty(), Optional.empty()));

    assertThat(a.entry().roles()).isSameAs(b.entry().roles());
    assertThat(a.entry().owner().orElseThrow()).isSameAs(b.entry().owner().orElseThrow());
    assertThat(a.entry().attributes()).isSameAs(b.entry().attributes());
    assertThat(a.key().roles()).isSameAs(b.key().roles());
    assertThat(a.entry()).isSameAs(a);
    assertThat(a.entry().payload()).containsSame(a);
  }

  @Test
  void timesInTheShapeTheStoreWritesAreReadAsTheFullParserReadsThem() {
    for (String text : List.of("2026-12-06T11:09:45.467608802Z", "2026-12-06T11:09:45Z", "2026-02-28T23:59:59.1Z", "0001-01-01T00:00:00Z")) {
      assertThat(JsonReader.plainUtc(text)).as(text).isEqualTo(OffsetDateTime.parse(text).toInstant());
    }
    for (String text : List.of("2026-02-30T00:00:00Z", "2026-12-06T24:00:00Z", "2026-12-06T11:09:45.Z", "2026-12-06T11:09:45+01:00",
        "2026-12-06 11:09:45Z", "+12026-12-06T11:09:45Z", "2026-12-06T11:09:45.1234567890Z")) {
      assertThat(JsonReader.plainUtc(text)).as(text).isNull();
    }
  }
}
