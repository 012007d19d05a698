package dev.latchkey.keystore.file;

import static dev.latchkey.keystore.file.Stores.START;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.Health;
import dev.latchkey.Health.Status;
import dev.latchkey.testing.MutableClock;
import dev.latchkey.testing.SecretLeakCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health of each file-backed source: {@code UP} with the keys loaded, {@code DEGRADED} with the
 * failure's file and line while a broken edit keeps the last good keys, {@code UP} again once fixed;
 * never a key in any detail.
 */
class FileSourcesHealthTest {
  private static final String OMNIDEV_KEY = OmnidevKeyFileTest.KEY;
  private static final String YAML_KEY = "adm-health-7f3c9a1e5b2d4c6f";

  @TempDir Path dir;
  private final MutableClock clock = MutableClock.at(START);

  /** The health in three states: as loaded, after {@code broken} was written and checked, after the fix. */
  private record States(Health loaded, Health broken, Health fixed) {}

  private States states(Path file, Runnable check, java.util.function.Supplier<Health> health, String broken) throws Exception {
    String good = Files.readString(file);
    Health loaded = health.get();
    clock.advance(Duration.ofMinutes(1));
    Files.writeString(file, broken);
    check.run();
    Health whileBroken = health.get();
    clock.advance(Duration.ofMinutes(1));
    Files.writeString(file, good);
    check.run();
    return new States(loaded, whileBroken, health.get());
  }

  private Map<String, Object> up(Path file, int keys) {
    return Map.of("file", file.toString(), "loaded_at", clock.instant(), "keys", keys);
  }

  @Test
  void theKeyStoreIsDegradedWithFileAndLineWhileAnEditIsBrokenAndUpOnceFixed() throws Exception {
    Path file = dir.resolve("keys.json");
    FileKeyStore store = Stores.manual(file, clock).open();
    IssuedKey issued = store.create(KeyRequest.named("ci-bot").build());
    String pasted = "{\"version\": 1, \"keys\": [\n  {\"id\": \"k1\", \"name\": \"ci-bot\", \"hash\": \"" + issued.secret().expose() + "\"}\n]}";

    States states = states(file, store::reloadIfChanged, store::health, pasted);

    assertThat(states.loaded()).isEqualTo(Health.of(Status.UP, Map.of("file", file.toString(), "loaded_at", START, "keys", 1)));
    assertThat(states.broken().status()).isEqualTo(Status.DEGRADED);
    assertThat(states.broken().details()).containsExactly(
        Map.entry("file", file.toString()),
        Map.entry("loaded_at", START),
        Map.entry("last_failure", file + ":2:42: keys[0].hash: not a recognised key hash (supported: sha256, hmac-sha256, hmac-sha512, pbkdf2-sha256, moose-pbkdf2, bcrypt, argon2id)"),
        Map.entry("failed_since", START.plus(Duration.ofMinutes(1))),
        Map.entry("keys", 1));
    assertThat(states.fixed()).isEqualTo(Health.of(Status.UP, up(file, 1)));
    SecretLeakCheck.of(issued.secret().expose()).health(states.broken()).health(states.fixed()).assertNoLeak();
  }

  @Test
  void omnidevsKeyFileIsDegradedWithFileAndLineWhileAnEditIsBrokenAndUpOnceFixed() throws Exception {
    Path file = Files.writeString(dir.resolve("api-keys.json"),
        "[{\"keyHash\": \"" + OmnidevKeyFileTest.HASH + "\", \"userId\": \"user-42\", \"createdAt\": \"2025-06-01T10:00:00.000Z\"}]");
    OmnidevKeyFile source = OmnidevKeyFile.builder(file).clock(clock).refreshInterval(Duration.ZERO).open();

    States states = states(file, source::reloadIfChanged, source::health, "[\n{\"key\": \"" + OMNIDEV_KEY + "\", ");

    assertThat(states.loaded()).isEqualTo(Health.of(Status.UP, Map.of("file", file.toString(), "loaded_at", START, "keys", 1)));
    assertThat(states.broken().status()).isEqualTo(Status.DEGRADED);
    assertThat(states.broken().details())
        .containsEntry("last_failure", file + ":2:99: malformed JSON: Unexpected end-of-input within/between Object entries")
        .containsEntry("keys", 1);
    assertThat(states.fixed()).isEqualTo(Health.of(Status.UP, up(file, 1)));
    SecretLeakCheck.of(OMNIDEV_KEY).health(states.broken()).health(states.fixed()).assertNoLeak();
  }

  @Test
  void yamlKeysAreDegradedWithFileAndLineWhileAnEditIsBrokenAndUpOnceFixed() throws Exception {
    Path file = Files.writeString(dir.resolve("platform.yaml"),
        "auth:\n  api_keys:\n    enabled: true\n    keys:\n      - {key: " + YAML_KEY + ", name: admin}\n");
    YamlKeySource source = YamlKeySource.builder(file).environment(Map.of()).clock(clock).build();

    States states = states(file, source::reload, source::health,
        "auth:\n  api_keys:\n    enabled: true\n    keys:\n      - {key: " + YAML_KEY + ", name: admin}\n      - {key: '${UNSET}', name: other}\n");

    assertThat(states.loaded()).isEqualTo(Health.of(Status.UP, Map.of("file", file.toString(), "loaded_at", START, "keys", 1)));
    assertThat(states.broken().status()).isEqualTo(Status.DEGRADED);
    assertThat(states.broken().details())
        .containsEntry("last_failure", file + ":6:15: auth.api_keys.keys[1].key: ${UNSET} is not set and has no default (write ${UNSET:-…} for one)")
        .containsEntry("keys", 1);
    assertThat(states.fixed()).isEqualTo(Health.of(Status.UP, up(file, 1)));
    SecretLeakCheck.of(YAML_KEY).health(states.broken()).health(states.fixed()).assertNoLeak();
  }
}
