package dev.latchkey.cli;

import static dev.latchkey.cli.CliRun.latchkey;
import static dev.latchkey.cli.CliRun.latchkeyIn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.Credential;
import dev.latchkey.Reason;
import dev.latchkey.Secret;
import dev.latchkey.Verdict;
import dev.latchkey.keystore.file.FileKeyStore;
import dev.latchkey.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code latchkey keys create|list|revoke|regenerate|delete}, on real store files. */
class KeysCommandTest {
  private static final Pattern CREATED = Pattern.compile(
      "Created key (key_[0-9a-f]{16}) 'ci-bot' \\(start (lk_[0-9A-Za-z]{4})\\), never expires\n"
          + "Secret \\(shown once; the store keeps only its hash\\):\n  (lk_[0-9A-Za-z]{49})\n");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Path store() {
    return dir.resolve("keys.json");
  }

  private String storeArg() {
    return store().toString();
  }

  /** Key id and secret of a key made with {@code keys create --json} and {@code options}. */
  private record Made(String id, String start, String secret) {}

  private Made create(String... options) throws Exception {
    List<String> args = new ArrayList<>(List.of("keys", "create", "--store", storeArg(), "--json"));
    args.addAll(List.of(options));
    CliRun run = latchkey(args.toArray(String[]::new));
    assertThat(run.status()).as(run.err()).isZero();
    Map<String, Object> json = json(run.out());
    return new Made((String) json.get("id"), (String) json.get("start"), (String) json.get("secret"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(String text) throws Exception {
    return JSON.readValue(text, LinkedHashMap.class);
  }

  /** The verdict of the store file, as a server would open it, on {@code secret}. */
  private Verdict verify(String secret, Instant at) {
    try (FileKeyStore keys = FileKeyStore.builder(store()).clock(MutableClock.at(at)).refreshInterval(Duration.ZERO).open()) {
      return keys.verify(Credential.bearer(secret));
    }
  }

  @Test
  void createPrintsTheSecretOnceWithItsIdAndStartAndStoresOnlyItsHash() throws Exception {
    CliRun run = latchkey("keys", "create", "--store", storeArg(), "--name", "ci-bot", "--role", "deploy");

    assertThat(run.status()).isZero();
    assertThat(run.err()).isEmpty();
    Matcher printed = CREATED.matcher(run.out());
    assertThat(printed.matches()).as(run.out()).isTrue();
    assertThat(printed.group(3)).startsWith(printed.group(2));
    assertThat(Files.readString(store())).contains(printed.group(1)).doesNotContain(printed.group(3));
    assertThat(verify(printed.group(3), CliRun.CLOCK.instant()))
        .isInstanceOfSatisfying(Verdict.Accept.class, accept -> {
          assertThat(accept.principal().name()).isEqualTo("ci-bot");
          assertThat(accept.principal().roles()).containsExactly("deploy");
          assertThat(accept.principal().credentialId()).contains(printed.group(1));
        });
  }

  @Test
  void createJsonPrintsEveryFieldOfTheKeyWithItsSecret() throws Exception {
    CliRun run = latchkey("keys", "create", "--store", storeArg(), "--json", "--name", "ci-bot", "--role", "deploy", "--role", "read",
        "--owner", "alice", "--lifespan", "30d", "--description", "CI pipeline", "--allowed-ip", "10.0.0.0/8");

    assertThat(run.status()).isZero();
    Map<String, Object> printed = json(run.out());
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("id", printed.get("id"));
    expected.put("name", "ci-bot");
    expected.put("start", printed.get("start"));
    expected.put("secret", printed.get("secret"));
    expected.put("description", "CI pipeline");
    expected.put("kind", "generic");
    expected.put("type", null);
    expected.put("roles", List.of("deploy", "read"));
    expected.put("owner", "alice");
    expected.put("allowedIps", List.of("10.0.0.0/8"));
    expected.put("createdAt", "2026-11-30T12:00:00Z");
    expected.put("expiresAt", "2026-12-30T12:00:00Z");
    expected.put("lastUsedAt", null);
    expected.put("revokedAt", null);
    expected.put("previousSecretValidUntil", null);
    assertThat(printed).containsExactlyEntriesOf(expected);
    assertThat((String) printed.get("secret")).matches("lk_[0-9A-Za-z]{49}").startsWith((String) printed.get("start"));
    assertThat(run.out()).endsWith("}\n");
  }

  @Test
  void aKeyCreatedWithALifespanStopsWorkingWhenItEnds() throws Exception {
    Made key = create("--name", "ci-bot", "--expires-in", "7d");

    assertThat(verify(key.secret(), CliRun.CLOCK.instant().plus(Duration.ofDays(7)).minusSeconds(1))).isInstanceOf(Verdict.Accept.class);
    assertThat(verify(key.secret(), CliRun.CLOCK.instant().plus(Duration.ofDays(7))))
        .isInstanceOfSatisfying(Verdict.Reject.class, reject -> assertThat(reject.reason()).isEqualTo(Reason.EXPIRED));
  }

  @Test
  void aContentApiTypeImpliesTheKindAndAddsItsRole() throws Exception {
    create("--name", "reader", "--type", "read-only", "--role", "docs");

    Map<String, Object> listed = listJson().get(0);
    assertThat(listed).containsEntry("kind", "content-api").containsEntry("type", "read-only").containsEntry("roles", List.of("docs", "read-only"));
  }

  @Test
  void anAdminKeyWithoutAnOwnerIsAUsageError() {
    assertThat(latchkey("keys", "create", "--store", storeArg(), "--name", "root", "--kind", "admin"))
        .isEqualTo(new CliRun(2, "", "latchkey keys create: an admin key needs an owner\n"));
    assertThat(store()).doesNotExist();
  }

  @Test
  void aTypeForAKindOtherThanContentApiIsAUsageError() {
    assertThat(latchkey("keys", "create", "--store", storeArg(), "--name", "x", "--kind", "generic", "--type", "read-only"))
        .isEqualTo(new CliRun(2, "", "latchkey keys create: --type applies to --kind content-api only\n"));
  }

  @Test
  void anUnknownKindIsAUsageErrorListingTheKinds() {
    assertThat(latchkey("keys", "create", "--store", storeArg(), "--name", "x", "--kind", "super"))
        .isEqualTo(new CliRun(2, "", "latchkey keys create: Invalid value for option '--kind': 'super' is not a kind; the kinds are generic, "
            + "content-api, admin\nTry 'latchkey keys create --help' for more information.\n"));
  }

  @Test
  void aBadLifespanIsAUsageError() {
    assertThat(latchkey("keys", "create", "--store", storeArg(), "--name", "x", "--lifespan", "2weeks"))
        .isEqualTo(new CliRun(2, "", "latchkey keys create: Invalid value for option '--lifespan': '2weeks' is not a duration such as 90s, 5m, "
            + "1h or 7d\nTry 'latchkey keys create --help' for more information.\n"));
  }

  @Test
  void aLifespanOfZeroIsAUsageError() {
    assertThat(latchkey("keys", "create", "--store", storeArg(), "--name", "x", "--lifespan", "0d"))
        .isEqualTo(new CliRun(2, "", "latchkey keys create: --lifespan must be positive\n"));
  }

  @Test
  void aMalformedAllowedAddressIsAUsageError() {
    CliRun run = latchkey("keys", "create", "--store", storeArg(), "--name", "x", "--allowed-ip", "10.0.0.0/99");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("latchkey keys create: ").doesNotContain("\tat ");
    assertThat(store()).doesNotExist();
  }

  @Test
  void everyKeysCommandNeedsTheStore() {
    for (String command : List.of("create --name x", "list", "revoke key_1", "regenerate key_1", "delete key_1")) {
      CliRun run = latchkey(("keys " + command).split(" "));

      String name = "latchkey keys " + command.split(" ")[0];
      assertThat(run).isEqualTo(new CliRun(2, "", name + ": Missing required option: '--store=FILE'\nTry '" + name + " --help' for more information.\n"));
    }
  }

  @Test
  void aStoreThatCannotBeWrittenIsAFailure() throws Exception {
    Path notADirectory = Files.writeString(dir.resolve("plain-file"), "");
    Path store = notADirectory.resolve("keys.json");

    CliRun run = latchkey("keys", "create", "--store", store.toString(), "--name", "ci-bot");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("latchkey keys create: ").contains(store.toString()).doesNotContain("\tat ").hasLineCount(1);
  }

  @Test
  void theEncryptionKeyComesFromTheNamedVariableAndKeepsACopyTheOwnerMayView() throws Exception {
    CliRun run = latchkeyIn(CliRun.World.empty().withEnvironment(Map.of("KEY_ENCRYPTION_KEY", "a-long-encryption-key-0123456789")),
        "keys", "create", "--store", storeArg(), "--json", "--name", "ci-bot", "--owner", "alice", "--encryption-key-env", "KEY_ENCRYPTION_KEY");
    Map<String, Object> printed = json(run.out());

    try (FileKeyStore keys = FileKeyStore.builder(store()).encryptionKey(Secret.of("a-long-encryption-key-0123456789"))
        .refreshInterval(Duration.ZERO).open()) {
      assertThat(keys.view((String) printed.get("id"), "alice").expose()).isEqualTo(printed.get("secret"));
    }
  }

  @Test
  void anUnsetEncryptionKeyVariableIsAUsageError() {
    assertThat(latchkey("keys", "create", "--store", storeArg(), "--name", "x", "--encryption-key-env", "KEY_ENCRYPTION_KEY"))
        .isEqualTo(new CliRun(2, "", "latchkey keys create: the environment variable KEY_ENCRYPTION_KEY (--encryption-key-env) is not set\n"));
  }

  @Test
  void anEncryptionKeyTypedAsTheVariableNameIsRefusedWithoutEchoingIt() {
    assertThat(latchkey("keys", "create", "--store", storeArg(), "--name", "x", "--encryption-key-env", "s3cr3t/key+value"))
        .isEqualTo(new CliRun(2, "", "latchkey keys create: --encryption-key-env takes the name of an environment variable, not its value (not shown)\n"));
  }

  @Test
  void listPrintsATableOfEveryKeyAndNoSecret() throws Exception {
    Made ci = create("--name", "ci-bot", "--role", "deploy", "--role", "read", "--lifespan", "90d");
    Made admin = create("--name", "root", "--kind", "admin", "--owner", "alice");

    CliRun run = latchkey("keys", "list", "--store", storeArg());

    assertThat(run).isEqualTo(new CliRun(0,
        "ID                    NAME    KIND     ROLES        OWNER  START    CREATED               EXPIRES               LAST USED  REVOKED\n"
            + ci.id() + "  ci-bot  generic  deploy,read  -      " + ci.start() + "  2026-11-30T12:00:00Z  2027-02-28T12:00:00Z  -          -\n"
            + admin.id() + "  root    admin    -            alice  " + admin.start() + "  2026-11-30T12:00:00Z  -                     -          -\n",
        ""));
  }

  private List<Map<String, Object>> listJson() throws Exception {
    CliRun run = latchkey("keys", "list", "--store", storeArg(), "--json");
    assertThat(run.status()).isZero();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> keys = JSON.readValue(run.out(), List.class);
    return keys;
  }

  @Test
  void listJsonHasEveryFieldButTheSecret() throws Exception {
    Made ci = create("--name", "ci-bot");

    List<Map<String, Object>> keys = listJson();

    assertThat(keys).hasSize(1);
    assertThat(keys.get(0).keySet()).containsExactly("id", "name", "description", "kind", "type", "roles", "owner", "start", "allowedIps",
        "createdAt", "expiresAt", "lastUsedAt", "revokedAt", "previousSecretValidUntil");
    assertThat(keys.get(0)).containsEntry("id", ci.id()).containsEntry("start", ci.start());
    assertThat(latchkey("keys", "list", "--store", storeArg(), "--json").out()).doesNotContain(ci.secret());
  }

  @Test
  void listOfAStoreThatIsNotThereIsAUsageError() {
    assertThat(latchkey("keys", "list", "--store", storeArg()))
        .isEqualTo(new CliRun(2, "", "latchkey keys list: " + store() + ": no such key store ('latchkey keys create --store " + store()
            + " …' makes one)\n"));
  }

  @Test
  void aBrokenStoreFileIsAUsageErrorNamingEveryProblemWithLineAndColumn() throws Exception {
    Files.writeString(store(), "{\"version\": 1,\n \"keys\": [\n  {\"id\": 5}\n ]}\n");

    CliRun run = latchkey("keys", "list", "--store", storeArg());

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("latchkey keys list: " + store() + " is not a usable key store:\n  " + store() + ":3:");
    assertThat(run.err().lines().skip(1)).allMatch(line -> line.matches("  " + Pattern.quote(store().toString()) + ":[0-9]+:[0-9]+: .+"));
  }

  @Test
  void revokeMarksTheKeyRevokedAndItStopsWorking() throws Exception {
    Made key = create("--name", "ci-bot");

    CliRun run = latchkey("keys", "revoke", key.id(), "--store", storeArg());

    assertThat(run).isEqualTo(new CliRun(0, "Revoked key " + key.id() + " 'ci-bot' at 2026-11-30T12:00:00Z.\n", ""));
    assertThat(listJson().get(0)).containsEntry("revokedAt", "2026-11-30T12:00:00Z");
    assertThat(verify(key.secret(), CliRun.CLOCK.instant()))
        .isInstanceOfSatisfying(Verdict.Reject.class, reject -> assertThat(reject.reason()).isEqualTo(Reason.REVOKED));
  }

  @Test
  void revokingAKeyAlreadyRevokedIsAFailureSayingWhen() throws Exception {
    Made key = create("--name", "ci-bot");
    latchkey("keys", "revoke", key.id(), "--store", storeArg());

    CliRun again = latchkey("keys", "revoke", key.id(), "--store", storeArg());

    assertThat(again).isEqualTo(new CliRun(1, "",
        "latchkey keys revoke: key " + key.id() + " is already revoked (at 2026-11-30T12:00:00Z)\n"));
  }

  @Test
  void aTypedKeySaysWhichRoleItsTypeAdded() throws Exception {
    CliRun run = latchkey("keys", "create", "--store", storeArg(), "--name", "reader", "--type", "read-only", "--role", "docs");

    assertThat(run.status()).isZero();
    assertThat(run.out().lines().toList().get(1)).isEqualTo("Its type read-only adds the role read-only; roles: docs, read-only.");
  }

  @Test
  void aSecondKeyWithTheSameNameIsRefusedUnlessAllowed() throws Exception {
    create("--name", "ci-bot");

    CliRun refused = latchkey("keys", "create", "--store", storeArg(), "--name", "ci-bot");
    CliRun allowed = latchkey("keys", "create", "--store", storeArg(), "--name", "ci-bot", "--allow-duplicate-name");

    assertThat(refused).isEqualTo(new CliRun(1, "",
        "latchkey keys create: a key named 'ci-bot' is already in the store; choose another name or pass --allow-duplicate-name\n"));
    assertThat(allowed.status()).isZero();
    assertThat(listJson()).extracting(key -> key.get("name")).containsExactly("ci-bot", "ci-bot");
  }

  @Test
  void revokeOfAnUnknownIdIsAFailureNamingIt() throws Exception {
    create("--name", "ci-bot");

    assertThat(latchkey("keys", "revoke", "key_0000000000000000", "--store", storeArg()))
        .isEqualTo(new CliRun(1, "", "latchkey keys revoke: no key has the id 'key_0000000000000000'\n"));
  }

  @Test
  void anIdLongerThanAnyIdIsRefusedWithoutEchoingIt() throws Exception {
    Made key = create("--name", "ci-bot");

    CliRun run = latchkey("keys", "revoke", key.secret(), "--store", storeArg());

    assertThat(run).isEqualTo(new CliRun(2, "",
        "latchkey keys revoke: KEY_ID is longer than a key id (not shown): give the id 'keys list' shows, never the secret\n"));
  }

  @Test
  void deleteRemovesTheKey() throws Exception {
    Made gone = create("--name", "old");
    Made kept = create("--name", "new");

    CliRun run = latchkey("keys", "delete", gone.id(), "--store", storeArg());

    assertThat(run).isEqualTo(new CliRun(0, "Deleted key " + gone.id() + ".\n", ""));
    assertThat(listJson()).extracting(k -> k.get("id")).containsExactly(kept.id());
    assertThat(verify(gone.secret(), CliRun.CLOCK.instant())).isInstanceOf(Verdict.Abstain.class);
  }

  @Test
  void deleteOfAnUnknownIdIsAFailureNamingIt() throws Exception {
    create("--name", "ci-bot");

    assertThat(latchkey("keys", "delete", "key_0000000000000000", "--store", storeArg()))
        .isEqualTo(new CliRun(1, "", "latchkey keys delete: no key has the id 'key_0000000000000000'\n"));
  }

  @Test
  void regenerateWithGracePrintsTheNewSecretOnceAndTheOldOneWorksUntilThen() throws Exception {
    Made key = create("--name", "ci-bot");

    CliRun run = latchkey("keys", "regenerate", key.id(), "--store", storeArg(), "--grace", "24h");

    Matcher printed = Pattern.compile(
        "Regenerated key " + key.id() + " 'ci-bot' \\(start (lk_[0-9A-Za-z]{4})\\), never expires\n"
            + "The old secret keeps working until 2026-12-01T12:00:00Z\\.\n"
            + "Secret \\(shown once; the store keeps only its hash\\):\n  (lk_[0-9A-Za-z]{49})\n").matcher(run.out());
    assertThat(printed.matches()).as(run.out()).isTrue();
    assertThat(run.err()).isEmpty();
    assertThat(verify(printed.group(2), CliRun.CLOCK.instant())).isInstanceOf(Verdict.Accept.class);
    assertThat(verify(key.secret(), CliRun.CLOCK.instant().plus(Duration.ofHours(24)).minusSeconds(1))).isInstanceOf(Verdict.Accept.class);
    assertThat(verify(key.secret(), CliRun.CLOCK.instant().plus(Duration.ofHours(24)))).isNotInstanceOf(Verdict.Accept.class);
  }

  @Test
  void regenerateJsonPrintsTheNewSecret() throws Exception {
    Made key = create("--name", "ci-bot");

    Map<String, Object> printed = json(latchkey("keys", "regenerate", key.id(), "--store", storeArg(), "--json").out());

    assertThat(printed).containsEntry("id", key.id()).containsEntry("previousSecretValidUntil", null);
    assertThat((String) printed.get("secret")).isNotEqualTo(key.secret()).startsWith((String) printed.get("start"));
    assertThat(verify(key.secret(), CliRun.CLOCK.instant())).isNotInstanceOf(Verdict.Accept.class);
  }

  @Test
  void regenerateOfARevokedKeyIsAFailure() throws Exception {
    Made key = create("--name", "ci-bot");
    latchkey("keys", "revoke", key.id(), "--store", storeArg());

    assertThat(latchkey("keys", "regenerate", key.id(), "--store", storeArg()))
        .isEqualTo(new CliRun(1, "", "latchkey keys regenerate: key '" + key.id() + "' is revoked and cannot be regenerated\n"));
  }

  @Test
  void aGraceLongerThanThirtyDaysIsAUsageError() throws Exception {
    Made key = create("--name", "ci-bot");

    assertThat(latchkey("keys", "regenerate", key.id(), "--store", storeArg(), "--grace", "31d"))
        .isEqualTo(new CliRun(2, "", "latchkey keys regenerate: --grace must be between 0 and 30 days\n"));
  }

  @Test
  void keysWithoutACommandIsAUsageErrorListingThem() {
    CliRun run = latchkey("keys");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("Usage: latchkey keys [-h] COMMAND").contains("create", "list", "revoke", "regenerate", "delete");
  }
}
