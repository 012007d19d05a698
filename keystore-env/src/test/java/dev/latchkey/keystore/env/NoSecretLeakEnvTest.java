package dev.latchkey.keystore.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.latchkey.AuthEvent;
import dev.latchkey.Authenticator;
import dev.latchkey.Latchkey;
import dev.latchkey.Slf4jAuditListener;
import dev.latchkey.testing.CapturingLogProvider;
import dev.latchkey.testing.SecretLeakCheck;
import dev.latchkey.testing.TestRequests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives every layout of {@link EnvKeySource}, dotenv parsing and {@link ClientToken} with known keys and
 * checks that none of them shows in results, traces, events, exceptions, log lines or the
 * {@code toString} of any value handed out.
 */
class NoSecretLeakEnvTest {
  private static final String ADMIN = "omnidev_admin_leak_probe_4d3c2b1a";
  private static final String CLIENT = "omnidev_client_leak_probe_8e7f6a5b";
  private static final String MOOSE_TOKEN = "deadbeefdeadbeefdeadbeefdeadbeef.0123456789abcdef0123456789abcdef";
  private static final String GENERIC = "lk_generic_leak_probe_1f2e3d4c5b";

  @TempDir Path dir;
  private final List<AuthEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void clearLogs() {
    CapturingLogProvider.clear();
  }

  private static Map<String, String> environment() {
    return Map.of(
        "ADMIN_API_KEY", ADMIN,
        "VALID_API_KEYS", "other-client-key-000," + CLIENT,
        "MOOSE_AUTHENTICATION__ADMIN_API_KEY", "445fd4696cfc5c49e28995c4aba05de44303a112",
        "LATCHKEY_KEY_CI_BOT", GENERIC,
        "LATCHKEY_KEY_CI_BOT_ROLES", "deploy");
  }

  @Test
  void everyLayoutsOutcomeLeaksNoKey() {
    EnvKeySource source = EnvKeySource.builder().environment(environment()).noDotenvFiles()
        .layout(EnvLayout.omnidev()).layout(EnvLayout.mooseStack()).layout(EnvLayout.generic()).build();
    Authenticator auth = Latchkey.builder().source(source).listener(events::add).listener(new Slf4jAuditListener()).build();
    SecretLeakCheck check = SecretLeakCheck.of(ADMIN, CLIENT, MOOSE_TOKEN, GENERIC, MOOSE_TOKEN.substring(0, 32));

    for (String key : List.of(ADMIN, CLIENT, MOOSE_TOKEN, GENERIC)) {
      check.result(auth.authenticate(TestRequests.bearer(key)));
      check.result(auth.authenticate(TestRequests.apiKey(key + "0")));
    }
    check.result(auth.authenticate(TestRequests.bearer(MOOSE_TOKEN.replace('d', 'e'))));
    check.values(source, EnvVariables.of(environment()), EnvVariables.of(environment()).get("ADMIN_API_KEY").orElseThrow());

    assertThat(events).filteredOn(e -> e.outcome() == AuthEvent.Outcome.AUTHENTICATED).hasSize(4);
    check.events(events).logs().assertNoLeak();
  }

  @Test
  void malformedVariablesAreReportedWithoutTheirValues() {
    Map<String, String> broken = Map.of(
        "MOOSE_AUTHENTICATION__ADMIN_API_KEY", GENERIC,
        "LATCHKEY_KEY_CI_BOT", GENERIC + "\u0001",
        "LATCHKEY_KEY_ETL", "sha256:" + GENERIC,
        "VALID_API_KEYS", CLIENT + ",," + CLIENT);

    Throwable refused = catchThrowable(() -> EnvKeySource.builder().environment(broken).noDotenvFiles()
        .layout(EnvLayout.omnidev()).layout(EnvLayout.mooseStack()).layout(EnvLayout.generic()).build());

    assertThat(refused).isInstanceOf(EnvConfigurationException.class);
    SecretLeakCheck.of(GENERIC, CLIENT).exception(refused).values(((EnvConfigurationException) refused).problems().toArray())
        .logs().assertNoLeak();
  }

  @Test
  void dotenvMistakesAreReportedWithoutTheirValues() throws Exception {
    String text = "ADMIN_API_KEY=\"" + ADMIN + "\n" + GENERIC + " = x\nVALID_API_KEYS=${" + CLIENT + "\n";
    Throwable refused = catchThrowable(() -> Dotenv.parse(text, ".env", name -> Optional.empty()));

    assertThat(refused).isInstanceOf(EnvConfigurationException.class);
    SecretLeakCheck.of(ADMIN, GENERIC, CLIENT).exception(refused).logs().assertNoLeak();
  }

  @Test
  void clientTokenResolutionLeaksNoToken() throws Exception {
    Path envLocal = Files.writeString(dir.resolve(".env.local"), "MOOSE_ADMIN_TOKEN=" + MOOSE_TOKEN + "\n");
    ClientToken lookup = ClientToken.fromVariable("MOOSE_ADMIN_TOKEN").withEnvironment(Map.of()).withEnvLocal(envLocal);
    ClientToken.Resolution resolution = lookup.resolve().orElseThrow();

    assertThat(resolution.token().expose()).isEqualTo(MOOSE_TOKEN);
    SecretLeakCheck.of(MOOSE_TOKEN).values(lookup, resolution, resolution.token(), resolution.warnings()).logs().assertNoLeak();
  }
}
