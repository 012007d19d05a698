package dev.latchkey.keystore.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.AuthResult;
import dev.latchkey.ConfigurationException;
import dev.latchkey.Authenticator;
import dev.latchkey.CarrierConflictPolicy;
import dev.latchkey.Credential;
import dev.latchkey.Health;
import dev.latchkey.CredentialCarrier;
import dev.latchkey.Latchkey;
import dev.latchkey.Principal;
import dev.latchkey.Reason;
import dev.latchkey.Secret;
import dev.latchkey.Verdict;
import dev.latchkey.hash.KeyHashes;
import dev.latchkey.spi.Reload;
import dev.latchkey.testing.CapturingLogProvider;
import dev.latchkey.testing.ManualBackground;
import dev.latchkey.testing.MutableClock;
import dev.latchkey.testing.SecretLeakCheck;
import dev.latchkey.testing.TestRequests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvKeySourceTest {
  private static final String MOOSE_TOKEN = "deadbeefdeadbeefdeadbeefdeadbeef.0123456789abcdef0123456789abcdef";
  private static final String MOOSE_STORED = "445fd4696cfc5c49e28995c4aba05de44303a112";
  private static final String MOOSE_TOKEN_2 = "000102030405060708090a0b0c0d0e0f.101112131415161718191a1b1c1d1e1f";
  private static final String MOOSE_STORED_2 = "67f38199f7817a0edafb00d00701c2b9be19da35";
  private static final String ADMIN_KEY = "omnidev-admin-key-0123456789abcdef";

  @TempDir Path dir;

  private static EnvKeySource source(Map<String, String> environment, EnvLayout... layouts) {
    EnvKeySource.Builder b = EnvKeySource.builder().environment(environment).noDotenvFiles();
    for (EnvLayout layout : layouts) {
      b.layout(layout);
    }
    return b.build();
  }

  private static Principal accepted(Verdict verdict) {
    assertThat(verdict).isInstanceOf(Verdict.Accept.class);
    return ((Verdict.Accept) verdict).principal();
  }

  private static EnvConfigurationException failure(Map<String, String> environment, EnvLayout layout) {
    try {
      source(environment, layout);
    } catch (EnvConfigurationException e) {
      return e;
    }
    throw new AssertionError("expected the configuration to be refused");
  }

  @Test
  void mooseVectorsAuthenticateThroughTheMooseLayout() {
    EnvKeySource moose =
        source(Map.of("MOOSE_AUTHENTICATION__ADMIN_API_KEY", MOOSE_STORED, "MOOSE_INGEST_API_KEY", MOOSE_STORED_2.toUpperCase()),
            EnvLayout.mooseStack());

    Principal admin = accepted(moose.verify(Credential.bearer(MOOSE_TOKEN)));
    Principal ingest = accepted(moose.verify(Credential.bearer(MOOSE_TOKEN_2)));

    assertThat(admin.name()).isEqualTo("admin");
    assertThat(admin.roles()).containsExactly("admin");
    assertThat(admin.credentialId()).contains("MOOSE_AUTHENTICATION__ADMIN_API_KEY");
    assertThat(ingest.name()).isEqualTo("ingest");
    assertThat(ingest.roles()).containsExactly("ingest");
    assertThat(moose.verify(Credential.bearer(MOOSE_TOKEN.replace('d', 'e')))).isInstanceOf(Verdict.Abstain.class);
  }

  @Test
  void malformedMooseValueFailsAtLoadNamingTheVariableNotTheValue() {
    EnvConfigurationException e = failure(Map.of("MOOSE_CONSUMPTION_API_KEY", "not-hex-s3cret"), EnvLayout.mooseStack());
    assertThat(e.getMessage())
        .isEqualTo("environment: MOOSE_CONSUMPTION_API_KEY: a MooseStack hash value must be exactly 40 hex characters")
        .doesNotContain("s3cret");
  }

  @Test
  void omnidevLayoutWorksEndToEndThroughAnAuthenticator() {
    EnvKeySource env =
        source(Map.of("ADMIN_API_KEY", ADMIN_KEY, "VALID_API_KEYS", "client-key-1,,client-key-2 , ,client-key-3"), EnvLayout.omnidev());
    Authenticator auth =
        Latchkey.builder()
            .source(env)
            .carriers(CredentialCarrier.apiKeyHeader(), CredentialCarrier.bearer())
            .carrierConflictPolicy(CarrierConflictPolicy.FIRST_IN_ORDER)
            .build();

    assertThat(principalOf(auth.authenticate(TestRequests.apiKey(ADMIN_KEY))).name()).isEqualTo("admin");
    assertThat(principalOf(auth.authenticate(TestRequests.bearer("client-key-1"))).name()).isEqualTo("client-0");
    assertThat(principalOf(auth.authenticate(TestRequests.apiKey("client-key-2"))).name()).isEqualTo("client-2");
    assertThat(principalOf(auth.authenticate(TestRequests.apiKey("client-key-3"))).roles()).containsExactly("client");
    AuthResult.Denied wrong = (AuthResult.Denied) auth.authenticate(TestRequests.apiKey("client-key-4"));
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.toJson()).isEqualTo("{\"error\":\"Invalid API key\"}");
    assertThat(env.keys()).extracting(k -> k.id())
        .containsExactly("ADMIN_API_KEY", "VALID_API_KEYS[0]", "VALID_API_KEYS[2]", "VALID_API_KEYS[4]");
  }

  private static Principal principalOf(AuthResult result) {
    assertThat(result).isInstanceOf(AuthResult.Authenticated.class);
    return ((AuthResult.Authenticated) result).principal();
  }

  @Test
  void shortAdminKeyIsAcceptedWithAWarningThatNeverShowsIt() {
    CapturingLogProvider.clear();
    EnvKeySource env = source(Map.of("ADMIN_API_KEY", "short-s3cret"), EnvLayout.omnidev());
    assertThat(accepted(env.verify(Credential.bearer("short-s3cret"))).name()).isEqualTo("admin");
    assertThat(CapturingLogProvider.lines())
        .anySatisfy(l -> assertThat(l).startsWith("WARN").contains("ADMIN_API_KEY (environment) is shorter than 32 characters"))
        .noneSatisfy(l -> assertThat(l).contains("short-s3cret"));
  }

  @Test
  void emptyVariablesCountAsUnsetAndWhitespaceOnlyOnesAreErrors() {
    assertThat(source(Map.of("ADMIN_API_KEY", ""), EnvLayout.omnidev()).keys()).isEmpty();
    assertThat(failure(Map.of("ADMIN_API_KEY", "   "), EnvLayout.omnidev()).getMessage())
        .isEqualTo("environment: ADMIN_API_KEY: is only whitespace");
  }

  @Test
  void keysThatCouldNeverArriveAreLoadErrors() {
    assertThat(failure(Map.of("VALID_API_KEYS", "ok-key,bad key s3cret"), EnvLayout.omnidev()).getMessage())
        .isEqualTo("environment: VALID_API_KEYS: entry 1 holds a key that contains whitespace, so no request could present it")
        .doesNotContain("s3cret");
  }

  @Test
  void genericLayoutReadsPlaintextKeysHashesAndRoles() {
    EnvKeySource env =
        source(
            Map.of(
                "LATCHKEY_KEY_CI_BOT", "ci-s3cret",
                "LATCHKEY_KEY_CI_BOT_ROLES", "deploy, read,,",
                "LATCHKEY_KEY_LEGACY", KeyHashes.pbkdf2Sha256(Secret.of("legacy-pw"), 1000).encoded(),
                "LATCHKEY_KEY_MOOSE", "moose-pbkdf2:" + MOOSE_STORED,
                "OTHER", "ignored"),
            EnvLayout.generic());

    Principal ci = accepted(env.verify(Credential.bearer("ci-s3cret")));
    assertThat(ci.name()).isEqualTo("ci-bot");
    assertThat(ci.roles()).containsExactly("deploy", "read");
    assertThat(accepted(env.verify(Credential.bearer("legacy-pw"))).name()).isEqualTo("legacy");
    assertThat(accepted(env.verify(Credential.bearer(MOOSE_TOKEN))).name()).isEqualTo("moose");
  }

  @Test
  void genericPrefixIsConfigurable() {
    EnvKeySource env = source(Map.of("ACME_KEY_OPS", "ops-key", "LATCHKEY_KEY_X", "other"), EnvLayout.generic("ACME_KEY_"));
    assertThat(env.keys()).extracting(k -> k.id()).containsExactly("ACME_KEY_OPS");
  }

  @Test
  void invalidHashInTheGenericLayoutIsALoadErrorWithoutTheValue() {
    assertThat(failure(Map.of("LATCHKEY_KEY_X", "sha256:abc"), EnvLayout.generic()).getMessage())
        .isEqualTo("environment: LATCHKEY_KEY_X: is not a valid key hash: a sha256 hash value must be exactly 64 hex characters");
  }

  @Test
  void rolesForAKeyThatIsNotSetAreAnError() {
    assertThat(failure(Map.of("LATCHKEY_KEY_GHOST_ROLES", "admin"), EnvLayout.generic()).getMessage())
        .isEqualTo("environment: LATCHKEY_KEY_GHOST_ROLES: gives roles for LATCHKEY_KEY_GHOST, which is not set");
  }

  @Test
  void aRoleWithAControlCharacterIsALoadErrorWithFileAndLine() throws IOException {
    Files.writeString(dir.resolve(".env"), "LATCHKEY_KEY_OPS=ops-s3cret\nLATCHKEY_KEY_OPS_ROLES=\"read,admin\\nX-Role: root\"\n");
    assertThatThrownBy(() -> EnvKeySource.builder().environment(Map.of()).dotenvDirectory(dir).layout(EnvLayout.generic()).build())
        .isInstanceOf(EnvConfigurationException.class)
        .hasMessage(dir.resolve(".env") + ":2: LATCHKEY_KEY_OPS_ROLES: lists a role that contains a control character, which no role may");
  }

  @Test
  void aKeyNameWithAControlCharacterIsALoadError() {
    assertThat(failure(Map.of("LATCHKEY_KEY_OPS\u0007", "ops-s3cret"), EnvLayout.generic()).getMessage())
        .isEqualTo("environment: LATCHKEY_KEY_OPS\u0007: names a key that contains a control character, which no principal name may");
  }

  @Test
  void theSameKeyInTwoVariablesIsAnErrorNamingBoth() {
    EnvKeySource.Builder b =
        EnvKeySource.builder()
            .environment(Map.of("ADMIN_API_KEY", ADMIN_KEY, "LATCHKEY_KEY_OPS", ADMIN_KEY))
            .noDotenvFiles()
            .layout(EnvLayout.omnidev())
            .layout(EnvLayout.generic());
    assertThatThrownBy(b::build)
        .isInstanceOf(EnvConfigurationException.class)
        .hasMessage("environment: the secret of 'LATCHKEY_KEY_OPS' is already used by 'ADMIN_API_KEY'");
  }

  @Test
  void layoutsCombineAndEveryProblemIsReportedAtOnce() {
    EnvKeySource.Builder b =
        EnvKeySource.builder()
            .environment(Map.of("ADMIN_API_KEY", " ", "MOOSE_INGEST_API_KEY", "xyz", "LATCHKEY_KEY_A", "sha256:0"))
            .noDotenvFiles()
            .layout(EnvLayout.omnidev())
            .layout(EnvLayout.mooseStack())
            .layout(EnvLayout.generic());
    assertThatThrownBy(b::build)
        .isInstanceOfSatisfying(EnvConfigurationException.class, e -> assertThat(e.problems()).extracting(p -> p.variable())
            .containsExactly("ADMIN_API_KEY", "MOOSE_INGEST_API_KEY", "LATCHKEY_KEY_A"));
  }

  @Test
  void dotenvLocalOverridesDotenvAndTheEnvironmentOverridesBoth() throws IOException {
    Files.writeString(dir.resolve(".env"), "LATCHKEY_KEY_A=from-env-file\nLATCHKEY_KEY_B=b-from-env-file\nLATCHKEY_KEY_C=c-from-env-file\n");
    Files.writeString(dir.resolve(".env.local"), "LATCHKEY_KEY_B=b-from-local\nLATCHKEY_KEY_C=c-from-local\n");
    EnvKeySource env =
        EnvKeySource.builder()
            .environment(Map.of("LATCHKEY_KEY_C", "c-from-environment"))
            .dotenvDirectory(dir)
            .layout(EnvLayout.generic())
            .build();

    assertThat(accepted(env.verify(Credential.bearer("from-env-file"))).name()).isEqualTo("a");
    assertThat(accepted(env.verify(Credential.bearer("b-from-local"))).name()).isEqualTo("b");
    assertThat(accepted(env.verify(Credential.bearer("c-from-environment"))).name()).isEqualTo("c");
    assertThat(env.verify(Credential.bearer("b-from-env-file"))).isInstanceOf(Verdict.Abstain.class);
    assertThat(env.verify(Credential.bearer("c-from-local"))).isInstanceOf(Verdict.Abstain.class);
  }

  @Test
  void filesCanBeMadeToOverrideTheEnvironment() throws IOException {
    Files.writeString(dir.resolve(".env.local"), "LATCHKEY_KEY_C=c-from-local\n");
    EnvKeySource env =
        EnvKeySource.builder()
            .environment(Map.of("LATCHKEY_KEY_C", "c-from-environment"))
            .dotenvDirectory(dir)
            .filesOverrideEnvironment()
            .layout(EnvLayout.generic())
            .build();
    assertThat(accepted(env.verify(Credential.bearer("c-from-local"))).name()).isEqualTo("c");
  }

  @Test
  void fileReferencesSeeEarlierFilesAndTheEnvironment() throws IOException {
    Files.writeString(dir.resolve(".env"), "PART=abc\n");
    Files.writeString(dir.resolve(".env.local"), "LATCHKEY_KEY_A=${PART}-${SUFFIX}\n");
    EnvKeySource env =
        EnvKeySource.builder().environment(Map.of("SUFFIX", "xyz")).dotenvDirectory(dir).layout(EnvLayout.generic()).build();
    assertThat(accepted(env.verify(Credential.bearer("abc-xyz"))).name()).isEqualTo("a");
  }

  @Test
  void aBadValueInAFileIsReportedWithFileAndLine() throws IOException {
    Files.writeString(dir.resolve(".env"), "# keys\nMOOSE_INGEST_API_KEY=s3cret-not-hex\n");
    assertThatThrownBy(() -> EnvKeySource.builder().environment(Map.of()).dotenvDirectory(dir).layout(EnvLayout.mooseStack()).build())
        .isInstanceOf(EnvConfigurationException.class)
        .hasMessage(dir.resolve(".env") + ":2: MOOSE_INGEST_API_KEY: a MooseStack hash value must be exactly 40 hex characters");
  }

  @Test
  void refreshPicksUpChangedFiles() throws IOException {
    Files.writeString(dir.resolve(".env"), "LATCHKEY_KEY_A=first-key\n");
    EnvKeySource env = EnvKeySource.builder().environment(Map.of()).dotenvDirectory(dir).layout(EnvLayout.generic()).build();
    Files.writeString(dir.resolve(".env"), "LATCHKEY_KEY_A=second-key\n");

    assertThat(env.refresh()).isEqualTo(Reload.reloaded(1));

    assertThat(env.refresh()).isEqualTo(Reload.unchanged());
    assertThat(env.verify(Credential.bearer("first-key"))).isInstanceOf(Verdict.Abstain.class);
    assertThat(accepted(env.verify(Credential.bearer("second-key"))).name()).isEqualTo("a");
  }

  @Test
  void failedRefreshKeepsTheKeysLoadedBefore() throws IOException {
    Files.writeString(dir.resolve(".env"), "LATCHKEY_KEY_A=first-key\n");
    EnvKeySource env = EnvKeySource.builder().environment(Map.of()).dotenvDirectory(dir).layout(EnvLayout.generic()).build();
    Files.writeString(dir.resolve(".env"), "LATCHKEY_KEY_A=\"unterminated\n");

    assertThat(env.refresh()).isEqualTo(Reload.failed(List.of(
        new ConfigurationException.Problem(dir.resolve(".env").toString(), 1, 0, "LATCHKEY_KEY_A", "unterminated double quote (opened on line 1)"))));

    assertThat(accepted(env.verify(Credential.bearer("first-key"))).name()).isEqualTo("a");
  }

  @Test
  void aBrokenDotenvFileMakesTheSourceDegradedWithFileAndLineAndTheFixMakesItUp() throws IOException {
    MutableClock clock = MutableClock.at(java.time.Instant.parse("2026-01-01T00:00:00Z"));
    Path dotenv = dir.resolve(".env");
    Files.writeString(dotenv, "LATCHKEY_KEY_A=first-health-key\n");
    EnvKeySource env = EnvKeySource.builder().environment(Map.of()).dotenvDirectory(dir).layout(EnvLayout.generic()).clock(clock).build();
    Health.Status up = env.health().status();

    clock.advance(java.time.Duration.ofMinutes(1));
    Files.writeString(dotenv, "LATCHKEY_KEY_A=first-health-key\nLATCHKEY_KEY_B=\"second-health-key\n");
    env.refresh();
    Health broken = env.health();
    Files.writeString(dotenv, "LATCHKEY_KEY_A=first-health-key\nLATCHKEY_KEY_B=second-health-key\n");
    env.refresh();

    assertThat(up).isEqualTo(Health.Status.UP);
    assertThat(broken.status()).isEqualTo(Health.Status.DEGRADED);
    assertThat(broken.details()).containsExactly(Map.entry("keys", 1));
    assertThat(broken.components().get(dotenv.toString()).details())
        .containsEntry("last_failure", dotenv + ":2: LATCHKEY_KEY_B: unterminated double quote (opened on line 2)")
        .containsEntry("failed_since", clock.instant());
    assertThat(broken.components().get(dir.resolve(".env.local").toString()))
        .isEqualTo(Health.of(Health.Status.UP, Map.of("file", dir.resolve(".env.local").toString())));
    assertThat(env.health().status()).isEqualTo(Health.Status.UP);
    assertThat(env.health().details()).containsExactly(Map.entry("keys", 2));
    SecretLeakCheck.of("first-health-key", "second-health-key").health(broken).health(env.health()).assertNoLeak();
  }

  @Test
  void aRequestNeverReadsTheDotenvFiles() throws IOException {
    Files.writeString(dir.resolve(".env"), "LATCHKEY_KEY_A=first-key\n");
    EnvKeySource env = EnvKeySource.builder().environment(Map.of()).dotenvDirectory(dir).layout(EnvLayout.generic()).build();
    Files.writeString(dir.resolve(".env"), "LATCHKEY_KEY_A=second-key\n");

    assertThat(env.verify(Credential.bearer("second-key"))).isInstanceOf(Verdict.Abstain.class);
    assertThat(accepted(env.verify(Credential.bearer("first-key"))).name()).isEqualTo("a");
  }

  @Test
  void aStartedSourceChecksEachDotenvFileOnTheBackgroundItIsGiven() throws IOException {
    Files.writeString(dir.resolve(".env"), "LATCHKEY_KEY_A=first-key\n");
    EnvKeySource env = EnvKeySource.builder().environment(Map.of()).dotenvDirectory(dir).layout(EnvLayout.generic()).build();
    ManualBackground background = ManualBackground.on(MutableClock.standard());
    env.start(background);
    env.start(background);
    Files.writeString(dir.resolve(".env.local"), "LATCHKEY_KEY_B=local-key\n");

    assertThat(background.scheduled()).containsExactly("every PT5S: check .env", "every PT5S: check .env.local");
    background.runAll();

    assertThat(accepted(env.verify(Credential.bearer("local-key"))).name()).isEqualTo("b");
    assertThat(accepted(env.verify(Credential.bearer("first-key"))).name()).isEqualTo("a");
  }

  @Test
  void inAnAuthenticatorTheDotenvFilesAreCheckedOnItsScheduler() throws IOException {
    Files.writeString(dir.resolve(".env"), "LATCHKEY_KEY_A=first-key\n");
    ScheduledThreadPoolExecutor host = new ScheduledThreadPoolExecutor(1);
    try {
      Authenticator auth = Latchkey.builder()
          .source(EnvKeySource.builder().environment(Map.of()).dotenvDirectory(dir).layout(EnvLayout.generic()).build())
          .scheduler(host)
          .build();

      assertThat(host.getQueue()).hasSize(2);

      auth.close();
      assertThat(host.getQueue()).allSatisfy(task -> assertThat(((Future<?>) task).isCancelled()).isTrue());
    } finally {
      host.shutdownNow();
    }
  }

  @Test
  void withoutDotenvFilesOrAutomaticReloadNothingIsScheduled() throws IOException {
    ManualBackground background = ManualBackground.on(MutableClock.standard());
    source(Map.of("ADMIN_API_KEY", ADMIN_KEY), EnvLayout.omnidev()).start(background);
    EnvKeySource.builder().environment(Map.of()).dotenvDirectory(dir).noAutomaticReload().layout(EnvLayout.generic()).build()
        .start(background);

    assertThat(background.scheduled()).isEmpty();
  }

  @Test
  void theEnvironmentIsReadOnceWhenTheSourceIsBuilt() {
    Map<String, String> environment = new HashMap<>(Map.of("LATCHKEY_KEY_A", "first-key"));
    EnvKeySource env = EnvKeySource.builder().environment(environment).noDotenvFiles().layout(EnvLayout.generic()).build();
    environment.put("LATCHKEY_KEY_A", "second-key");

    assertThat(env.refresh()).isEqualTo(Reload.unchanged());
    assertThat(accepted(env.verify(Credential.bearer("first-key"))).name()).isEqualTo("a");
  }

  @Test
  void aDotenvFileThatAppearsLaterIsPickedUp() throws IOException {
    EnvKeySource env = EnvKeySource.builder().environment(Map.of()).dotenvDirectory(dir).layout(EnvLayout.generic()).build();
    Files.writeString(dir.resolve(".env.local"), "LATCHKEY_KEY_B=local-key\n");

    assertThat(env.refresh()).isEqualTo(Reload.reloaded(1));
    assertThat(accepted(env.verify(Credential.bearer("local-key"))).name()).isEqualTo("b");
  }

  @Test
  void aDeletedDotenvFileKeepsItsKeysAndBlocksOtherChangesUntilItIsBack() throws IOException {
    Files.writeString(dir.resolve(".env"), "LATCHKEY_KEY_A=first-key\n");
    EnvKeySource env = EnvKeySource.builder().environment(Map.of()).dotenvDirectory(dir).layout(EnvLayout.generic()).build();
    Files.delete(dir.resolve(".env"));
    Files.writeString(dir.resolve(".env.local"), "LATCHKEY_KEY_B=local-key\n");

    Reload refreshed = env.refresh();

    assertThat(refreshed).isInstanceOfSatisfying(Reload.Failed.class, failed -> assertThat(failed.problems())
        .extracting(ConfigurationException.Problem::file, ConfigurationException.Problem::message)
        .containsOnly(org.assertj.core.groups.Tuple.tuple(dir.resolve(".env").toString(), "does not exist"),
            org.assertj.core.groups.Tuple.tuple(dir.resolve(".env").toString(),
                "does not exist; the keys loaded before stay in force until it is back")));
    assertThat(accepted(env.verify(Credential.bearer("first-key"))).name()).isEqualTo("a");
    assertThat(env.verify(Credential.bearer("local-key"))).isInstanceOf(Verdict.Abstain.class);

    Files.writeString(dir.resolve(".env"), "LATCHKEY_KEY_A=first-key\n");
    assertThat(env.refresh()).isInstanceOf(Reload.Reloaded.class);
    assertThat(accepted(env.verify(Credential.bearer("local-key"))).name()).isEqualTo("b");
  }

  @Test
  void missingDotenvFilesAreSkipped() {
    EnvKeySource env = EnvKeySource.builder().environment(Map.of("LATCHKEY_KEY_A", "k")).dotenvDirectory(dir).layout(EnvLayout.generic()).build();
    assertThat(env.keys()).hasSize(1);
  }

  @Test
  void needsAtLeastOneLayout() {
    assertThatThrownBy(() -> EnvKeySource.builder().environment(Map.of()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("add at least one layout, such as EnvLayout.omnidev()");
  }

  @Test
  void descriptionsNeverShowValues() {
    EnvKeySource env = source(Map.of("ADMIN_API_KEY", ADMIN_KEY), EnvLayout.omnidev());
    assertThat(env.toString()).doesNotContain(ADMIN_KEY);
    assertThat(new EnvVariable("ADMIN_API_KEY", ADMIN_KEY, "environment", 0).toString()).doesNotContain(ADMIN_KEY);
    assertThat(EnvVariables.of(Map.of("ADMIN_API_KEY", ADMIN_KEY)).toString()).doesNotContain(ADMIN_KEY);
    assertThat(env.keys().toString()).doesNotContain(ADMIN_KEY);
  }

  @Test
  void deniedMooseTokenStaysA401() {
    Authenticator auth =
        Latchkey.builder()
            .source(source(Map.of("MOOSE_AUTHENTICATION__ADMIN_API_KEY", MOOSE_STORED), EnvLayout.mooseStack()))
            .message(Reason.INVALID_CREDENTIAL, "Unauthorized: Invalid or missing token")
            .build();
    AuthResult.Denied d = (AuthResult.Denied) auth.authenticate(TestRequests.bearer(MOOSE_TOKEN_2));
    assertThat(d.toJson()).isEqualTo("{\"error\":\"Unauthorized: Invalid or missing token\"}");
  }
}
