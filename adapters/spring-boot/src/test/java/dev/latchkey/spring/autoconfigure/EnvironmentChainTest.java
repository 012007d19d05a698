package dev.latchkey.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.AuthResult;
import dev.latchkey.Authenticator;
import dev.latchkey.ConfigurationException;
import dev.latchkey.Reason;
import dev.latchkey.testing.TestRequests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The chain comes from Spring's environment with everything Spring offers its own settings: files and
 * profiles, placeholders, environment variables with relaxed names, and problems that name the property.
 * Each test starts a small non-web application on {@code chain-spec.yml}.
 */
class EnvironmentChainTest {
  private static final String CI_KEY = "spec-ci-key-0123456789abcdefghij";

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration(LatchkeyAutoConfiguration.class)
  static class SpecApplication {}

  private static ConfigurableApplicationContext start(StandardEnvironment environment, String... args) {
    SpringApplicationBuilder builder = new SpringApplicationBuilder(SpecApplication.class)
        .web(WebApplicationType.NONE).properties("spring.config.name=chain-spec", "spring.main.banner-mode=off");
    if (environment != null) {
      builder.environment(environment);
    }
    return builder.run(args);
  }

  private static ConfigurableApplicationContext start(String... args) {
    return start(null, args);
  }

  @Test
  void aKeyWhoseValueIsAPlaceholderAuthenticatesWithTheNameAndRolesOfApplicationYaml() {
    try (ConfigurableApplicationContext context = start("--spec.ci-key=" + CI_KEY)) {
      AuthResult result = context.getBean(Authenticator.class).authenticate(TestRequests.apiKey(CI_KEY));

      assertThat(result).isInstanceOfSatisfying(AuthResult.Authenticated.class, ok -> {
        assertThat(ok.principal().name()).isEqualTo("ci-bot");
        assertThat(ok.principal().roles()).containsExactlyInAnyOrder("deploy", "read");
      });
    }
  }

  @Test
  void aProfileFileOverridesApplicationYaml() {
    try (ConfigurableApplicationContext context = start("--spec.ci-key=" + CI_KEY, "--spring.profiles.active=staging")) {
      AuthResult result = context.getBean(Authenticator.class).authenticate(TestRequests.apiKey("not-" + CI_KEY));

      assertThat(result).isInstanceOfSatisfying(AuthResult.Denied.class, denied ->
          assertThat(denied.headers()).containsEntry("WWW-Authenticate",
              "Bearer realm=\"from-staging-profile\", error=\"invalid_token\""));
    }
  }

  @Test
  void environmentVariablesOverrideApplicationYamlWithRelaxedNames() {
    StandardEnvironment environment = new StandardEnvironment();
    Map<String, Object> variables = new HashMap<>(System.getenv());
    variables.put("LATCHKEY_POLICIES_RATELIMITS_LIMIT_PERMITS", "1");
    variables.put("LATCHKEY_POLICIES_RATELIMITS_LIMIT_PERIOD", "1h");
    environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
        new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
    try (ConfigurableApplicationContext context = start(environment, "--spec.ci-key=" + CI_KEY)) {
      Authenticator auth = context.getBean(Authenticator.class);

      assertThat(auth.authenticate(TestRequests.apiKey(CI_KEY))).isInstanceOf(AuthResult.Authenticated.class);
      assertThat(auth.authenticate(TestRequests.apiKey(CI_KEY))).isInstanceOfSatisfying(AuthResult.Denied.class, denied -> {
        assertThat(denied.reason()).isEqualTo(Reason.RATE_LIMITED);
        assertThat(denied.headers()).containsKey("Retry-After");
      });
    }
  }

  @Test
  void aPlaceholderThatCannotBeResolvedFailsStartupNamingThePropertyAndThePlaceholderButNoValue() {
    assertThatThrownBy(() -> start().close())
        .rootCause().isInstanceOf(ConfigurationException.class)
        .hasMessage("class path resource [chain-spec.yml]:8:16: latchkey.sources[0].keys[0].key:"
            + " has a placeholder that cannot be resolved (${spec.ci-key})");
  }

  @Test
  void anUnknownSourceTypeFailsStartupWithTheFileLineAndPropertyAndTheFailureAnalysisListsIt() {
    Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> start("--spring.profiles.active=broken").close());

    assertThat(failure).rootCause().isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("class path resource [chain-spec-broken.yml]:7:13: latchkey.sources[1].type: is not a known source type");
    FailureAnalysis analysis = new LatchkeyConfigurationFailureAnalyzer().analyze(failure);
    assertThat(analysis.getDescription()).startsWith("Latchkey's configuration has a problem:\n"
        + "    class path resource [chain-spec-broken.yml]:7:13: latchkey.sources[1].type: is not a known source type");
    assertThat(analysis.getAction()).contains("latchkey.config-file");
  }

  @Test
  void aChainFileNamedByConfigFileIsReadInstead(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("chain.yml"), """
        sources:
          - type: in-memory
            keys: [{key: %s, name: from-file}]
        """.formatted(CI_KEY));
    try (ConfigurableApplicationContext context = start("--spring.config.name=none", "--latchkey.config-file=" + file)) {
      AuthResult result = context.getBean(Authenticator.class).authenticate(TestRequests.apiKey(CI_KEY));

      assertThat(result).isInstanceOfSatisfying(AuthResult.Authenticated.class,
          ok -> assertThat(ok.principal().name()).isEqualTo("from-file"));
    }
  }

  @Test
  void aChainFileAndChainSettingsTogetherFailStartup(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("chain.yml"), "sources: [{type: closing-probe}]\n");

    assertThatThrownBy(() -> start("--spec.ci-key=" + CI_KEY, "--latchkey.config-file=" + file).close())
        .rootCause().isInstanceOf(ConfigurationException.class)
        .hasMessage("class path resource [chain-spec.yml]:3:10: latchkey.realm:"
            + " is set although latchkey.config-file names the chain's file; declare the chain in one place");
  }

  @Test
  void closingTheContextClosesTheAuthenticator() {
    int before = ClosingProbe.CLOSED.get();
    ConfigurableApplicationContext context = start("--spec.ci-key=" + CI_KEY);
    assertThat(ClosingProbe.CLOSED.get()).isEqualTo(before);

    context.close();

    assertThat(ClosingProbe.CLOSED.get()).isEqualTo(before + 1);
  }
}
