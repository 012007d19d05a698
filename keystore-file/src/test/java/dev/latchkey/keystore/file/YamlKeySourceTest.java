package dev.latchkey.keystore.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.latchkey.ConfigurationException;
import dev.latchkey.ConfigurationException.Problem;
import dev.latchkey.Credential;
import dev.latchkey.Principal;
import dev.latchkey.Reason;
import dev.latchkey.Verdict;
import dev.latchkey.hash.KeyHashes;
import dev.latchkey.Secret;
import dev.latchkey.spi.Reload;
import dev.latchkey.testing.CapturingLogProvider;
import dev.latchkey.testing.ManualBackground;
import dev.latchkey.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlKeySourceTest {
  private static final Path EXAMPLES = Path.of("config-examples", "mcp-data-platform");
  private static final String ADMIN = "adm-7f3c9a1e5b2d4c6f8a0b";
  private static final String ANALYST = "ana-1b2c3d4e5f6a7b8c9d0e";
  private static final String READONLY = "ro-0a9b8c7d6e5f4a3b2c1d";

  @TempDir Path dir;
  private final MutableClock clock = MutableClock.standard();

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("platform.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  /** A file in mcp-data-platform's schema with API keys enabled and one key per entry (YAML flow mappings). */
  private Path keys(String... entries) throws IOException {
    StringBuilder yaml = new StringBuilder("auth:\n  api_keys:\n    enabled: true\n    keys:\n");
    for (String entry : entries) {
      yaml.append("      - ").append(entry).append('\n');
    }
    return write(yaml.toString());
  }

  private YamlKeySource load(Path file, Map<String, String> env) {
    return YamlKeySource.builder(file).environment(env).clock(clock).checkInterval(Duration.ofSeconds(5)).build();
  }

  private static ConfigurationException refusal(Runnable load) {
    return catchThrowableOfType(ConfigurationException.class, load::run);
  }

  private static Principal accepted(Verdict verdict) {
    assertThat(verdict).isInstanceOf(Verdict.Accept.class);
    return ((Verdict.Accept) verdict).principal();
  }

  @Test
  void seedConfigurationExampleAuthenticatesEachKeyWithItsRolesAsWritten() {
    YamlKeySource source = load(EXAMPLES.resolve("configuration.yaml"),
        Map.of("API_KEY_ADMIN", ADMIN, "API_KEY_ANALYST", ANALYST, "API_KEY_READONLY", READONLY));

    assertThat(accepted(source.verify(Credential.bearer(ADMIN))))
        .extracting(Principal::name, Principal::roles, Principal::credentialId)
        .containsExactly("apikey:admin-service", java.util.Set.of("admin"), Optional.of("admin-service"));
    assertThat(accepted(source.verify(Credential.bearer(ANALYST))).roles()).containsExactly("analyst");
    assertThat(accepted(source.verify(Credential.bearer(READONLY))).name()).isEqualTo("apikey:readonly");
  }

  @Test
  void seedMultipleKeysExampleGivesEachKeyItsOwnRoles() {
    YamlKeySource source = load(EXAMPLES.resolve("multiple-keys.yaml"), Map.of(
        "API_KEY_ADMIN", ADMIN, "API_KEY_DATA_TEAM", ANALYST, "API_KEY_VIEWER", READONLY,
        "API_KEY_ETL", "etl-5e6f7a8b9c0d1e2f3a4b"));

    Principal etl = accepted(source.verify(Credential.bearer("etl-5e6f7a8b9c0d1e2f3a4b")));

    assertThat(etl.name()).isEqualTo("apikey:etl-service");
    assertThat(etl.roles()).containsExactly("service", "write");
    assertThat(source.keys()).hasSize(4);
  }

  @Test
  void seedCombinedWithOidcExampleReadsOnlyTheApiKeys() {
    YamlKeySource source = load(EXAMPLES.resolve("platform.yaml"), Map.of("API_KEY_SERVICE", ADMIN));

    assertThat(accepted(source.verify(Credential.bearer(ADMIN))))
        .extracting(Principal::name, Principal::roles)
        .containsExactly("apikey:background-service", java.util.Set.of("service"));
  }

  @Test
  void unknownKeyAbstainsSoTheNextSourceMayTakeIt() {
    YamlKeySource source = load(EXAMPLES.resolve("platform.yaml"), Map.of("API_KEY_SERVICE", ADMIN));

    assertThat(source.verify(Credential.bearer(ADMIN + "x"))).isInstanceOf(Verdict.Abstain.class);
  }

  @Test
  void principalPrefixIsConfigurable() throws IOException {
    Path file = keys("{key: " + ADMIN + ", name: ops}");

    YamlKeySource source = YamlKeySource.builder(file).namePrefix("").environment(Map.of()).build();

    assertThat(accepted(source.verify(Credential.bearer(ADMIN))).name()).isEqualTo("ops");
  }

  @Test
  void defaultAppliesWhenTheVariableIsUnsetOrEmpty() throws IOException {
    Path file = write("""
        auth:
          api_keys:
            enabled: true
            keys:
              - key: ${UNSET_KEY:-first-default-key-0123}
                name: a
              - key: ${EMPTY_KEY:-second-default-key-0123}
                name: b
        """);

    YamlKeySource source = load(file, Map.of("EMPTY_KEY", ""));

    assertThat(accepted(source.verify(Credential.bearer("first-default-key-0123"))).name()).isEqualTo("apikey:a");
    assertThat(accepted(source.verify(Credential.bearer("second-default-key-0123"))).name()).isEqualTo("apikey:b");
  }

  @Test
  void doubledDollarBeforeABraceIsALiteralReference() throws IOException {
    Path file = keys("{key: \"k$${NOT_A_VAR}\", name: literal}");

    YamlKeySource source = load(file, Map.of());

    assertThat(accepted(source.verify(Credential.bearer("k${NOT_A_VAR}"))).name()).isEqualTo("apikey:literal");
  }

  @Test
  void referencesInCommentsAreNeverExpanded() throws IOException {
    Path file = write("""
        # rotate with ${UNSET_IN_COMMENT}
        auth:
          api_keys:
            enabled: true   # ${ALSO_UNSET}
            keys:
              - key: ${API_KEY_ADMIN}   # from ${API_KEY_ADMIN_OLD}
                name: admin
        """);

    YamlKeySource source = load(file, Map.of("API_KEY_ADMIN", ADMIN));

    assertThat(source.keys()).hasSize(1);
  }

  @Test
  void refusesUnsetVariableWithoutDefaultNamingFileLineAndVariable() throws IOException {
    Path file = write("""
        auth:
          api_keys:
            enabled: true
            keys:
              - key: ${API_KEY_ADMIN}
                name: admin
        """);

    ConfigurationException e = refusal(() -> load(file, Map.of()));

    assertThat(e.problems()).containsExactly(new Problem(file.toString(), 5, 14, "auth.api_keys.keys[0].key",
        "${API_KEY_ADMIN} is not set and has no default (write ${API_KEY_ADMIN:-…} for one)"));
  }

  @Test
  void refusesAKeyThatIsEmptyAfterExpansionNamingTheVariable() throws IOException {
    Path file = keys("key: ${API_KEY_ADMIN}\n        name: admin");

    ConfigurationException e = refusal(() -> load(file, Map.of("API_KEY_ADMIN", "")));

    assertThat(e.problems()).containsExactly(new Problem(file.toString(), 5, 14, "auth.api_keys.keys[0].key",
        "is empty (from ${API_KEY_ADMIN}); an empty key is never accepted"));
  }

  @Test
  void refusesTheSameKeyUnderTwoNamesWithoutQuotingIt() throws IOException {
    Path file = write("""
        auth:
          api_keys:
            enabled: true
            keys:
              - key: ${API_KEY_ADMIN}
                name: admin
              - key: ${API_KEY_OPS}
                name: ops
        """);

    ConfigurationException e = refusal(() -> load(file, Map.of("API_KEY_ADMIN", ADMIN, "API_KEY_OPS", ADMIN)));

    assertThat(e.problems()).containsExactly(new Problem(file.toString(), 7, 14, "auth.api_keys.keys[1].key",
        "is the same key as auth.api_keys.keys[0] on line 5 (from ${API_KEY_OPS})"));
    assertThat(e.getMessage()).doesNotContain(ADMIN);
  }

  @Test
  void refusesAKeyGivenOnceInPlainTextAndOnceAsItsHash() throws IOException {
    String hash = KeyHashes.sha256(Secret.of(ADMIN)).encoded();
    Path file = keys("{key: " + ADMIN + ", name: a}", "{key_hash: '" + hash + "', name: b}");

    ConfigurationException e = refusal(() -> load(file, Map.of()));

    assertThat(e.problems()).extracting(Problem::line, Problem::key, Problem::message).containsExactly(
        org.assertj.core.groups.Tuple.tuple(6, "auth.api_keys.keys[1].key_hash", "is the same key as auth.api_keys.keys[0] on line 5"));
  }

  @Test
  void refusesANameOrRoleWithAControlCharacterAtItsLineNamingTheVariable() throws IOException {
    Path file = write("""
        auth:
          api_keys:
            enabled: true
            keys:
              - key: ${API_KEY_ADMIN}
                name: ${ADMIN_NAME}
                roles: [read, "admin\\r\\nX-Role: root"]
        """);

    ConfigurationException e = refusal(() -> load(file, Map.of("API_KEY_ADMIN", ADMIN, "ADMIN_NAME", "admin\u0000service")));

    assertThat(e.problems()).containsExactly(
        new Problem(file.toString(), 6, 15, "auth.api_keys.keys[0].name",
            "contains a control character, which no principal name may (from ${ADMIN_NAME})"),
        new Problem(file.toString(), 7, 23, "auth.api_keys.keys[0].roles[1]",
            "contains a control character, which no role may"));
  }

  @Test
  void refusesTwoKeysWithOneName() throws IOException {
    Path file = write("""
        auth:
          api_keys:
            enabled: true
            keys:
              - {key: %s, name: admin}
              - {key: %s, name: admin}
        """.formatted(ADMIN, ANALYST));

    ConfigurationException e = refusal(() -> load(file, Map.of()));

    assertThat(e.problems()).containsExactly(new Problem(file.toString(), 6, 47, "auth.api_keys.keys[1].name",
        "is the name of another key too (auth.api_keys.keys[0] on line 5)"));
  }

  @Test
  void reportsEveryProblemInTheFileAtOnce() throws IOException {
    Path file = write("""
        auth:
          api_keys:
            enabled: yes-please
            keys:
              - key: ${MISSING}
                name: a
              - name: b
              - key: "has space"
                name: c
                role: [admin]
              - key_hash: not-a-hash
                name: d
                expires_at: next tuesday
                allowed_ips: [10.0.0.0/8, somewhere]
        """);

    ConfigurationException e = refusal(() -> load(file, Map.of()));

    assertThat(e.problems()).extracting(Problem::line, Problem::key).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(3, "auth.api_keys.enabled"),
        org.assertj.core.groups.Tuple.tuple(5, "auth.api_keys.keys[0].key"),
        org.assertj.core.groups.Tuple.tuple(7, "auth.api_keys.keys[1]"),
        org.assertj.core.groups.Tuple.tuple(8, "auth.api_keys.keys[2].key"),
        org.assertj.core.groups.Tuple.tuple(10, "auth.api_keys.keys[2].role"),
        org.assertj.core.groups.Tuple.tuple(11, "auth.api_keys.keys[3].key_hash"),
        org.assertj.core.groups.Tuple.tuple(13, "auth.api_keys.keys[3].expires_at"),
        org.assertj.core.groups.Tuple.tuple(14, "auth.api_keys.keys[3].allowed_ips[1]"));
    assertThat(e.getMessage()).doesNotContain("has space", "not-a-hash", "somewhere", "next tuesday");
  }

  @Test
  void acceptsAKeyStoredAsAnySelfDescribingHash() throws IOException {
    String hash = KeyHashes.pbkdf2Sha256(Secret.of(ADMIN), 1_000).encoded();
    Path file = keys("{key_hash: '" + hash + "', name: admin, roles: [admin]}");

    YamlKeySource source = load(file, Map.of());

    assertThat(accepted(source.verify(Credential.bearer(ADMIN))).roles()).containsExactly("admin");
  }

  @Test
  void rejectsAKeyPastItsExpiryByTheInjectedClock() throws IOException {
    Instant expiry = clock.instant().plus(Duration.ofHours(1));
    Path file = keys("{key: " + ADMIN + ", name: temp, expires_at: '" + expiry + "'}");
    YamlKeySource source = YamlKeySource.builder(file).environment(Map.of()).clock(clock).noAutomaticReload().build();

    assertThat(accepted(source.verify(Credential.bearer(ADMIN))).expiresAt()).contains(expiry);
    clock.advance(Duration.ofHours(1));

    assertThat(source.verify(Credential.bearer(ADMIN)))
        .isInstanceOfSatisfying(Verdict.Reject.class, r -> assertThat(r.reason()).isEqualTo(Reason.EXPIRED));
  }

  @Test
  void rejectsADisabledKey() throws IOException {
    Path file = keys("{key: " + ADMIN + ", name: off, disabled: true}");

    YamlKeySource source = load(file, Map.of());

    assertThat(source.verify(Credential.bearer(ADMIN)))
        .isInstanceOfSatisfying(Verdict.Reject.class, r -> assertThat(r.reason()).isEqualTo(Reason.DISABLED));
  }

  @Test
  void keepsDescriptionAndAllowedIpsAsPrincipalAttributes() throws IOException {
    Path file = write("""
        auth:
          api_keys:
            enabled: true
            keys:
              - key: %s
                name: etl
                description: nightly ETL job
                allowed_ips: [10.0.0.0/8, 192.0.2.7]
        """.formatted(ADMIN));

    Principal etl = accepted(load(file, Map.of()).verify(Credential.bearer(ADMIN)));

    assertThat(etl.attributes()).isEqualTo(Map.of("description", "nightly ETL job", "allowed_ips", "10.0.0.0/8,192.0.2.7"));
  }

  @Test
  void disabledApiKeysLoadNoKeysAndDoNotNeedTheirVariables() throws IOException {
    Path file = write("auth:\n  api_keys:\n    enabled: false\n    keys:\n      - {key: '${UNSET}', name: a}\n");

    YamlKeySource source = load(file, Map.of());

    assertThat(source.keys()).isEmpty();
  }

  @Test
  void refusesAFileWithoutTheApiKeysSection() throws IOException {
    Path file = write("auth:\n  oidc:\n    enabled: true\n");

    ConfigurationException e = refusal(() -> load(file, Map.of()));

    assertThat(e.problems()).extracting(Problem::key, Problem::message).containsExactly(
        org.assertj.core.groups.Tuple.tuple("auth.api_keys", "is required"));
  }

  @Test
  void reloadPutsAChangedFileInForceAtOnce() throws IOException {
    Path file = keys("{key: " + ADMIN + ", name: old}");
    YamlKeySource source = load(file, Map.of());
    keys("{key: " + ANALYST + ", name: new}");

    assertThat(source.reload()).isEqualTo(Reload.reloaded(1));
    assertThat(source.verify(Credential.bearer(ADMIN))).isInstanceOf(Verdict.Abstain.class);
    assertThat(accepted(source.verify(Credential.bearer(ANALYST))).name()).isEqualTo("apikey:new");
  }

  @Test
  void reloadOfAnUnchangedFileChangesNothing() throws IOException {
    Path file = keys("{key: " + ADMIN + ", name: old}");
    YamlKeySource source = load(file, Map.of());

    assertThat(source.reload()).isEqualTo(Reload.unchanged());
  }

  @Test
  void aBrokenEditKeepsTheLastGoodKeysAndReportsItsProblems() throws IOException {
    Path file = keys("{key: " + ADMIN + ", name: old}");
    YamlKeySource source = load(file, Map.of());
    keys("{key: '${UNSET}', name: new}");

    Reload reload = source.reload();

    assertThat(reload).isInstanceOfSatisfying(Reload.Failed.class, failed ->
        assertThat(failed.problems()).extracting(Problem::line, Problem::key)
            .containsExactly(org.assertj.core.groups.Tuple.tuple(5, "auth.api_keys.keys[0].key")));
    assertThat(accepted(source.verify(Credential.bearer(ADMIN))).name()).isEqualTo("apikey:old");
  }

  @Test
  void aRequestNeverChecksTheFileEvenOnceTheCheckIntervalHasPassed() throws IOException {
    Path file = keys("{key: " + ADMIN + ", name: old}");
    YamlKeySource source = load(file, Map.of());
    keys("{key: " + ANALYST + ", name: new}");
    clock.advance(Duration.ofMinutes(5));

    assertThat(source.verify(Credential.bearer(ANALYST))).isInstanceOf(Verdict.Abstain.class);
    assertThat(accepted(source.verify(Credential.bearer(ADMIN))).name()).isEqualTo("apikey:old");
  }

  @Test
  void theBackgroundItIsStartedOnChecksTheFileEveryCheckInterval() throws IOException {
    Path file = keys("{key: " + ADMIN + ", name: old}");
    YamlKeySource source = load(file, Map.of());
    ManualBackground background = ManualBackground.on(clock);
    source.start(background);
    source.start(background);
    keys("{key: " + ANALYST + ", name: new}");

    assertThat(background.scheduled()).containsExactly("every PT5S: check platform.yaml");
    background.runAll();

    assertThat(accepted(source.verify(Credential.bearer(ANALYST))).name()).isEqualTo("apikey:new");
  }

  @Test
  void withoutAutomaticReloadNothingIsScheduled() throws IOException {
    YamlKeySource source = YamlKeySource.builder(keys("{key: " + ADMIN + ", name: old}"))
        .environment(Map.of()).clock(clock).noAutomaticReload().build();
    ManualBackground background = ManualBackground.on(clock);

    source.start(background);

    assertThat(background.scheduled()).isEmpty();
  }

  @Test
  void neverLogsOrPrintsAKey() throws IOException {
    CapturingLogProvider.clear();
    Path file = keys("{key: " + ADMIN + ", name: old}");
    YamlKeySource source = load(file, Map.of());
    keys("{key: " + ANALYST + ", name: old}", "{key: " + ANALYST + ", name: dup}");
    source.reload();

    assertThat(String.join("\n", CapturingLogProvider.lines()) + source + source.keys())
        .contains("could not reload")
        .doesNotContain(ADMIN, ANALYST);
  }
}
