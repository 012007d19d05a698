package dev.latchkey.cli;

import static dev.latchkey.cli.CliRun.latchkey;
import static dev.latchkey.cli.CliRun.latchkeyIn;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code latchkey check}: one request through the chain a configuration file declares. */
class CheckCommandTest {
  private static final String KEY = "ci-key-0123456789abcdef0123456789";
  private static final String FINGERPRINT = "fp_[0-9A-Za-z_-]+";
  private static final CliRun.World WORLD = CliRun.World.empty().withEnvironment(Map.of("CI_KEY", KEY));

  @TempDir Path dir;
  private Path config;

  @BeforeEach
  void writeConfiguration() throws Exception {
    config = Files.writeString(dir.resolve("latchkey.yaml"), """
        realm: checks
        sources:
          - type: in-memory
            id: ci
            keys:
              - {key: "${CI_KEY}", name: ci-bot, roles: [deploy, read]}
        policies:
          ip_allowlist: [203.0.113.0/24]
        """);
  }

  private CliRun check(String... more) {
    String[] args = new String[3 + more.length];
    args[0] = "check";
    args[1] = "--config";
    args[2] = config.toString();
    System.arraycopy(more, 0, args, 3, more.length);
    return latchkeyIn(WORLD, args);
  }

  @Test
  void anAuthenticatedRequestPrintsThePrincipalAndTheTraceAndExits0() {
    CliRun run = check("--header", "Authorization: Bearer " + KEY, "--remote-addr", "203.0.113.9");

    assertThat(run.status()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).matches(
        "authenticated as ci-bot\n  roles: deploy, read\n  source: ci\n  credential id: ci-bot\n"
            + "trace:\n  credential: found in Authorization: Bearer \\(" + FINGERPRINT + "\\)\n  source ci: ACCEPT ci-bot \\[deploy, read]\n");
  }

  @Test
  void aDeniedRequestPrintsStatusReasonMessageHeadersAndTraceAndExits1() {
    CliRun run = check("--header", "X-API-Key: wrong-key-0123456789", "--remote-addr", "203.0.113.9");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).matches(
        "denied: 401 invalid_credential\n  message: Invalid API key\n"
            + "  header: WWW-Authenticate: Bearer realm=\"checks\", error=\"invalid_token\"\n"
            + "trace:\n  credential: found in header X-API-Key \\(" + FINGERPRINT + "\\)\n  source ci: ABSTAIN no such key\n");
  }

  @Test
  void aRequestWithoutACredentialIsDeniedAsMissing() {
    CliRun run = check("--remote-addr", "203.0.113.9");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out()).startsWith("denied: 401 missing_credential\n  message: API key is required.");
  }

  @Test
  void anAddressOutsideTheAllowlistIsDenied403() {
    CliRun run = check("--header", "Authorization: Bearer " + KEY, "--remote-addr", "198.51.100.7");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out()).startsWith("denied: 403 ip_not_allowed\n  message: Access denied from this IP address\n");
  }

  @Test
  void theCredentialIsNeverPrinted() {
    assertThat(check("--header", "Authorization: Bearer " + KEY, "--remote-addr", "203.0.113.9").out()).doesNotContain(KEY);
    assertThat(check("--header", "Authorization: Bearer " + KEY + "x", "--remote-addr", "203.0.113.9").out()).doesNotContain(KEY);
  }

  @Test
  void aHeaderWithoutAColonIsAUsageErrorThatDoesNotEchoIt() {
    assertThat(check("--header", "Bearer " + KEY))
        .isEqualTo(new CliRun(2, "", "latchkey check: --header must look like 'Name: value' (the value given is not shown)\n"));
  }

  @Test
  void aRemoteAddressThatIsNotAnIpIsAUsageError() {
    assertThat(check("--remote-addr", "localhost"))
        .isEqualTo(new CliRun(2, "", "latchkey check: --remote-addr must be an IPv4 or IPv6 address such as 203.0.113.9 or 2001:db8::1\n"));
  }

  @Test
  void aConfigurationFileThatIsNotThereIsAUsageError() {
    Path missing = dir.resolve("nope.yaml");

    assertThat(latchkey("check", "--config", missing.toString()))
        .isEqualTo(new CliRun(2, "", "latchkey check: " + missing + ": no such configuration file\n"));
  }

  @Test
  void anInvalidConfigurationIsAUsageErrorNamingEveryProblemWithLineAndColumn() {
    CliRun run = latchkey("check", "--config", config.toString(), "--header", "X-API-Key: x");

    assertThat(run).isEqualTo(new CliRun(2, "", "latchkey check: " + config + " is not a valid configuration:\n  "
        + config + ":6:15: sources[0].keys[0].key: ${CI_KEY} is not set and has no default (write ${CI_KEY:-…} for one)\n"));
  }

  @Test
  void theConfigurationIsRequired() {
    assertThat(latchkey("check"))
        .isEqualTo(new CliRun(2, "", "latchkey check: Missing required option: '--config=FILE'\nTry 'latchkey check --help' for more information.\n"));
  }

  @Test
  void aKeyInTheQueryStringOfThePathIsRead() throws Exception {
    Files.writeString(config, """
        sources:
          - type: in-memory
            id: ci
            keys:
              - {key: "${CI_KEY}", name: ci-bot}
        carriers: [{query: api_key}]
        """);

    CliRun run = check("--path", "/reports?api_key=" + KEY + "&page=2");

    assertThat(run.status()).isZero();
    assertThat(run.out()).startsWith("authenticated as ci-bot\n").doesNotContain(KEY);
  }

  @Test
  void aKeyInTheQueryOptionIsRead() throws Exception {
    Files.writeString(config, """
        sources:
          - type: in-memory
            id: ci
            keys:
              - {key: "${CI_KEY}", name: ci-bot}
        carriers: [{query: api_key}]
        """);

    CliRun run = check("--path", "/reports?page=2", "--query", "api_key=" + KEY);

    assertThat(run.status()).isZero();
    assertThat(run.out()).startsWith("authenticated as ci-bot\n").doesNotContain(KEY);
  }
}
