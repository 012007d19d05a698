package dev.latchkey.keystore.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.AuthResult;
import dev.latchkey.Authenticator;
import dev.latchkey.Latchkey;
import dev.latchkey.Slf4jAuditListener;
import dev.latchkey.config.ChainConfiguration;
import dev.latchkey.testing.TestRequests;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's YAML snippets in Java, run for real. {@code dev.latchkey.ReadmeQuickstartTest} in core
 * checks that the README's Java blocks are exactly the regions between the markers here and there.
 */
class ReadmeYamlTest {
  @Test
  void chainSnippetBuildsTheAuthenticatorTheFileDeclares() {
    Path file = Path.of("config-examples", "hashed.yaml");
    String ciKey = "ci-2b4d6f8a0c2e4a6c8e0b";
    // README-BEGIN
    Authenticator auth = Latchkey.fromYaml(file);        // ${VAR} from the process environment

    // Your own variables, clock and listeners (ChainConfiguration is in dev.latchkey.config):
    Authenticator audited = ChainConfiguration.load(file, Map.of("CI_KEY", ciKey), Clock.systemUTC())
        .listener(new Slf4jAuditListener())
        .build();
    // README-END

    assertThat(auth.authenticate(TestRequests.bearer("demo-key-7Hq2mX9vR4tL8wK3")))
        .isInstanceOfSatisfying(AuthResult.Authenticated.class, ok -> assertThat(ok.principal().name()).isEqualTo("demo"));
    assertThat(audited.authenticate(TestRequests.bearer("demo-key-7Hq2mX9vR4tL8wK3")))
        .isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void yamlKeySourceSnippetAuthenticatesAnMcpDataPlatformKey() {
    Path platformYaml = Path.of("config-examples", "mcp-data-platform", "platform.yaml");
    Map<String, String> environment = Map.of("API_KEY_SERVICE", "svc-4a6c8e0b2d4f6a8c0e2b");
    // README-BEGIN
    YamlKeySource keys = YamlKeySource.builder(platformYaml)      // package dev.latchkey.keystore.file
        .environment(environment)                                 // System.getenv() by default
        .build();
    Authenticator auth = Latchkey.builder().source(keys).build();
    // README-END

    assertThat(auth.authenticate(TestRequests.bearer("svc-4a6c8e0b2d4f6a8c0e2b")))
        .isInstanceOfSatisfying(AuthResult.Authenticated.class,
            ok -> assertThat(ok.principal().name()).isEqualTo("apikey:background-service"));
  }

  @Test
  void sourceTypesSnippetLoadsEveryTypeItShows(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    java.util.List<String> readme = java.nio.file.Files.readAllLines(Path.of("..", "README.md"));
    int heading = readme.indexOf("### Source types");
    int start = readme.subList(heading, readme.size()).indexOf("```yaml") + heading + 1;
    int end = readme.subList(start, readme.size()).indexOf("```") + start;
    Path config = java.nio.file.Files.write(dir.resolve("latchkey.yaml"), readme.subList(start, end));
    java.nio.file.Files.createDirectory(dir.resolve("workspaces"));
    java.nio.file.Files.copy(Path.of("config-examples", "mcp-data-platform", "platform.yaml"), dir.resolve("platform.yaml"));
    java.nio.file.Files.copy(Path.of("config-examples", "keys", "omnidev-api-keys.json"), dir.resolve("workspaces/api-keys.json"));
    java.nio.file.Files.copy(Path.of("config-examples", "keys", "jwks.json"), dir.resolve("caller-jwks.json"));
    Map<String, String> environment = Map.of("CI_KEY", "ci-2b4d6f8a0c2e4a6c8e0b", "API_KEY_ADMIN", "adm-4a6c8e0b2d4f6a8c0e2b",
        "API_KEY_SERVICE", "svc-4a6c8e0b2d4f6a8c0e2b");

    try (Authenticator auth = ChainConfiguration.load(config, environment, Clock.systemUTC()).build()) {
      assertThat(auth.authenticate(TestRequests.bearer("ci-2b4d6f8a0c2e4a6c8e0b")))
          .isInstanceOfSatisfying(AuthResult.Authenticated.class, ok -> assertThat(ok.principal().name()).isEqualTo("ci-bot"));
    }
  }
}
