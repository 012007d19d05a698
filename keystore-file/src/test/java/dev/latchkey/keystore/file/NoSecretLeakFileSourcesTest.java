package dev.latchkey.keystore.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.latchkey.AuthEvent;
import dev.latchkey.AuthResult;
import dev.latchkey.Authenticator;
import dev.latchkey.ConfigurationException;
import dev.latchkey.Latchkey;
import dev.latchkey.Reason;
import dev.latchkey.Secret;
import dev.latchkey.Slf4jAuditListener;
import dev.latchkey.config.ChainConfiguration;
import dev.latchkey.hash.KeyHashes;
import dev.latchkey.testing.CapturingLogProvider;
import dev.latchkey.testing.MutableClock;
import dev.latchkey.testing.SecretLeakCheck;
import dev.latchkey.testing.TestRequests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives every outcome of the file-backed sources (the managed key store, Omnidev's key file, YAML keys
 * and the YAML chain) with known secrets and checks that none of them shows in results, traces,
 * events, store events, exceptions, log lines or the {@code toString} of any value handed out.
 */
class NoSecretLeakFileSourcesTest {
  private static final String ENCRYPTION_KEY = "file-leak-encryption-key-7c1d";
  private static final String PLAINTEXT = "lk_file_leak_plaintext_5e4f3a2b1c";
  private static final String OMNIDEV_LEGACY = "omnidev_legacy_plaintext_9a8b7c6d";

  @TempDir Path dir;
  private final MutableClock clock = MutableClock.at(Stores.START);
  private final List<AuthEvent> events = new CopyOnWriteArrayList<>();
  private final List<KeyStoreEvent> storeEvents = new CopyOnWriteArrayList<>();
  private final Map<String, OwnerDirectory.OwnerStatus> owners =
      new java.util.concurrent.ConcurrentHashMap<>(Map.of("alice", OwnerDirectory.OwnerStatus.ACTIVE));

  @BeforeEach
  void clearLogs() {
    CapturingLogProvider.clear();
  }

  private Authenticator chain(dev.latchkey.CredentialSource source) {
    return Latchkey.builder().clock(clock).source(source).listener(events::add).listener(new Slf4jAuditListener()).build();
  }

  private SecretLeakCheck seen(SecretLeakCheck check) {
    storeEvents.forEach(e -> check.text("store event", e));
    return check.events(events).logs();
  }

  @Test
  void everyKeyStoreOutcomeLeaksNoKeyAndNoEncryptionKey() {
    try (FileKeyStore store = Stores.manual(dir.resolve("keys.json"), clock)
        .encryptionKey(Secret.of(ENCRYPTION_KEY))
        .ownerDirectory(owner -> Optional.ofNullable(owners.get(owner)))
        .listener(storeEvents::add)
        .open()) {
      Authenticator auth = chain(store);
      IssuedKey owned = store.create(KeyRequest.named("ci-bot").roles("deploy").owner("alice").lifespan(Lifespan.DAYS_7).build());
      IssuedKey plain = store.create(KeyRequest.named("etl").build());
      String ownedSecret = owned.secret().expose();
      String plainSecret = plain.secret().expose();
      SecretLeakCheck check = SecretLeakCheck.of(ownedSecret, plainSecret, ENCRYPTION_KEY);

      check.result(auth.authenticate(TestRequests.bearer(ownedSecret)));
      check.values(owned, plain, owned.key(), store.list(), store, store.view(owned.key().id(), "alice"));
      check.exception(catchThrowable(() -> store.view(owned.key().id(), "mallory")));
      IssuedKey rolled = store.regenerate(plain.key().id(), Duration.ofHours(1));
      check.values(rolled, rolled.key());
      check.result(auth.authenticate(TestRequests.bearer(plainSecret)));
      clock.advance(Duration.ofHours(2));
      check.result(auth.authenticate(TestRequests.bearer(plainSecret)));
      owners.put("alice", OwnerDirectory.OwnerStatus.BLOCKED);
      check.result(auth.authenticate(TestRequests.bearer(ownedSecret)));
      owners.remove("alice");
      check.result(auth.authenticate(TestRequests.bearer(ownedSecret)));
      clock.advance(Duration.ofDays(8));
      check.result(auth.authenticate(TestRequests.apiKey(ownedSecret)));
      check.values(store.revoke(rolled.key().id()));
      check.result(auth.authenticate(TestRequests.bearer(rolled.secret().expose())));
      store.flushUsage();

      seen(check).assertNoLeak();
      assertThat(events).extracting(AuthEvent::reason).contains(Optional.of(Reason.EXPIRED), Optional.of(Reason.REVOKED));
    }
  }

  @Test
  void aPlaintextKeyPastedIntoTheStoreFileIsReportedWithoutIt() throws Exception {
    Path file = dir.resolve("keys.json");
    Files.writeString(file, "{\"version\": 1, \"keys\": [{\"id\": \"k1\", \"name\": \"a\", \"hash\": \"" + PLAINTEXT + "\"}]}");

    Throwable refused = catchThrowable(() -> Stores.manual(file, clock).open());

    assertThat(refused).isInstanceOf(ConfigurationException.class);
    seen(SecretLeakCheck.of(PLAINTEXT).exception(refused)).assertNoLeak();
  }

  @Test
  void aBrokenEditOfARunningStoreIsReportedWithoutTheKeyItHolds() throws Exception {
    Path file = dir.resolve("keys.json");
    try (FileKeyStore store = Stores.manual(file, clock).listener(storeEvents::add).open()) {
      store.create(KeyRequest.named("a").build());
      Files.writeString(file, "{\"version\": 1, \"keys\": [{\"id\": \"k1\", \"hash\": \"" + PLAINTEXT + "\"}]}");
      clock.advance(Duration.ofSeconds(10));
      store.reloadIfChanged();
    }
    assertThat(storeEvents).anySatisfy(e -> assertThat(e).isInstanceOf(KeyStoreEvent.ReloadFailed.class));
    assertThat(CapturingLogProvider.lines()).isNotEmpty();
    seen(SecretLeakCheck.of(PLAINTEXT)).assertNoLeak();
  }

  @Test
  void syntaxErrorsNextToAKeyAreReportedWithoutIt() throws Exception {
    Path omnidev = Files.writeString(dir.resolve("api-keys.json"), "[{\"key\": " + PLAINTEXT + ", \"userId\": \"u1\"}]");
    Path store = Files.writeString(dir.resolve("keys.json"), "{\"version\": 1, \"keys\": [{\"id\": \"k1\", \"hash\": \"" + PLAINTEXT + "}");
    Path yaml = Files.writeString(dir.resolve("platform.yaml"),
        "auth:\n  api_keys:\n    enabled: true\n    keys:\n      - key: \"" + PLAINTEXT + "\n        name: [a\n");
    Path chain = Files.writeString(dir.resolve("latchkey.yaml"),
        "sources:\n  - type: in-memory\n    keys:\n      - {key: " + PLAINTEXT + ": x: y, name: ci}\n\t- bad\n");

    SecretLeakCheck.of(PLAINTEXT)
        .exception(catchThrowable(() -> OmnidevKeyFile.builder(omnidev).clock(clock).refreshInterval(Duration.ZERO).open()))
        .exception(catchThrowable(() -> Stores.manual(store, clock).open()))
        .exception(catchThrowable(() -> YamlKeySource.builder(yaml).environment(Map.of()).build()))
        .exception(catchThrowable(() -> ChainConfiguration.load(chain, Map.of(), clock)))
        .logs()
        .assertNoLeak();
  }

  @Test
  void omnidevKeyFileOutcomesLeakNoKey() throws Exception {
    Path file = dir.resolve("api-keys.json");
    Files.writeString(file, "[{\"key\": \"" + OMNIDEV_LEGACY + "\", \"userId\": \"u1\", \"createdAt\": \"2026-01-01T00:00:00Z\"},"
        + " {\"keyHash\": \"$2b$10$abcdefghijklmnopqrstuuvC5nRdN5nkKyDnD2WXbh8rhUSo/8AyK\", \"userId\": \"u2\"}]");
    String bcryptKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0-Pw";
    try (OmnidevKeyFile keys = OmnidevKeyFile.builder(file).clock(clock).refreshInterval(Duration.ZERO).listener(storeEvents::add).open()) {
      Authenticator auth = chain(keys);
      SecretLeakCheck check = SecretLeakCheck.of(OMNIDEV_LEGACY, bcryptKey);
      check.result(auth.authenticate(TestRequests.apiKey(OMNIDEV_LEGACY)));
      check.result(auth.authenticate(TestRequests.apiKey(bcryptKey)));
      check.result(auth.authenticate(TestRequests.apiKey(bcryptKey + "x")));
      check.values(keys);
      assertThat(events).extracting(AuthEvent::outcome).contains(AuthEvent.Outcome.AUTHENTICATED);
      seen(check).assertNoLeak();
    }
  }

  @Test
  void yamlKeysAndTheirMistakesLeakNoKey() throws Exception {
    Path file = dir.resolve("platform.yaml");
    Files.writeString(file, String.join("\n",
        "auth:",
        "  api_keys:",
        "    enabled: true",
        "    keys:",
        "      - key: ${API_KEY_ADMIN}",
        "        name: admin",
        "        roles: [admin]",
        "        allowed_ips: [10.0.0.0/8]",
        "      - key_hash: \"" + KeyHashes.sha256(Secret.of(PLAINTEXT + "2")).encoded() + "\"",
        "        name: etl",
        "        expires_at: 2026-01-01",
        ""));
    YamlKeySource keys = YamlKeySource.builder(file).environment(Map.of("API_KEY_ADMIN", PLAINTEXT)).clock(clock).build();
    Authenticator auth = chain(keys);
    SecretLeakCheck check = SecretLeakCheck.of(PLAINTEXT, PLAINTEXT + "2");
    check.result(auth.authenticate(TestRequests.bearer(PLAINTEXT)));
    check.result(auth.authenticate(TestRequests.bearer(PLAINTEXT + "2")));
    check.values(keys);

    Path duplicate = dir.resolve("duplicate.yaml");
    Files.writeString(duplicate, "auth:\n  api_keys:\n    enabled: true\n    keys:\n"
        + "      - {key: \"" + PLAINTEXT + "\", name: a}\n      - {key: \"" + PLAINTEXT + "\", name: b, roles: \"" + PLAINTEXT + "\"}\n");
    check.exception(catchThrowable(() -> YamlKeySource.builder(duplicate).environment(Map.of()).build()));
    seen(check).assertNoLeak();
  }

  @Test
  void aChainFileWithMistakesAroundItsKeysIsReportedWithoutThem() throws Exception {
    Path file = dir.resolve("latchkey.yaml");
    Files.writeString(file, String.join("\n",
        "realm: \"" + PLAINTEXT + "\u0001\"",
        "sources:",
        "  - type: in-memory",
        "    keys:",
        "      - {key: \"" + PLAINTEXT + "\", name: ci, roles: [deploy], " + PLAINTEXT + ": 1}",
        "      - {key: \"${CI_KEY}\", name: ci}",
        "  - type: jwt",
        "    issuers: [{issuer: https://i.example, hmac_secret: \"" + PLAINTEXT + "\", algorithms: [RS256], audiences: [api]}]",
        "  - type: " + PLAINTEXT,
        "policies:",
        "  trusted_proxies: [\"" + PLAINTEXT + "\"]",
        ""));

    Throwable refused = catchThrowable(() -> ChainConfiguration.load(file, Map.of("CI_KEY", PLAINTEXT), clock));

    assertThat(refused).isInstanceOf(ConfigurationException.class);
    seen(SecretLeakCheck.of(PLAINTEXT).exception(refused)).assertNoLeak();
  }

  @Test
  void aChainLoadedFromYamlLeaksNoKeyWhenItDecides() throws Exception {
    Path file = dir.resolve("latchkey.yaml");
    Files.writeString(file, "sources:\n  - type: in-memory\n    keys:\n      - {key: \"${CI_KEY}\", name: ci, roles: [deploy]}\n");
    Authenticator auth = ChainConfiguration.load(file, Map.of("CI_KEY", PLAINTEXT), clock)
        .listener(events::add).listener(new Slf4jAuditListener()).build();
    AuthResult accepted = auth.authenticate(TestRequests.bearer(PLAINTEXT));
    AuthResult denied = auth.authenticate(TestRequests.bearer(PLAINTEXT + "-wrong"));

    assertThat(accepted).isInstanceOf(AuthResult.Authenticated.class);
    seen(SecretLeakCheck.of(PLAINTEXT, PLAINTEXT + "-wrong").result(accepted).result(denied).values(auth)).assertNoLeak();
  }
}
