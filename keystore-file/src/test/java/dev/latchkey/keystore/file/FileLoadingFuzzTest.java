package dev.latchkey.keystore.file;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.latchkey.Authenticator;
import dev.latchkey.ConfigurationException;
import dev.latchkey.Credential;
import dev.latchkey.CredentialSource;
import dev.latchkey.Verdict;
import dev.latchkey.config.ChainConfiguration;
import dev.latchkey.testing.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Every file format this module reads either loads or is refused with the documented exception, and a
 * source that loads gives every credential a verdict: the managed JSON key store, Omnidev's key file,
 * mcp-data-platform's YAML keys and the YAML chain configuration. Nothing else may escape.
 *
 * <p>An input is the file's bytes; each is written into a scratch copy of {@code config-examples/}, so
 * the files the examples name are there. Corpora are in {@code FileLoadingFuzzTestInputs/}; see
 * SECURITY.md for fuzzing for real.
 */
class FileLoadingFuzzTest {
  private static final MutableClock CLOCK = MutableClock.at(Stores.START);
  private static final Map<String, String> ENVIRONMENT =
      Map.of("API_KEY_ADMIN", "lk_fuzz_admin_key_0123456789", "CI_KEY", "lk_fuzz_ci_key_0123456789");
  private static final Credential PROBE = Credential.bearer("lk_fuzz_admin_key_0123456789");
  private static final Path DIRECTORY = scratchCopyOfExamples();

  private static Path scratchCopyOfExamples() {
    try {
      Path dir = Files.createTempDirectory("latchkey-fuzz");
      Path examples = Path.of("config-examples");
      try (var files = Files.walk(examples)) {
        for (Path source : (Iterable<Path>) files::iterator) {
          Path target = dir.resolve(examples.relativize(source).toString());
          if (Files.isDirectory(source)) {
            Files.createDirectories(target);
          } else {
            Files.copy(source, target);
          }
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path write(String name, byte[] content) {
    try {
      return Files.write(DIRECTORY.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void assertGivesVerdicts(CredentialSource source) {
    Verdict verdict = source.verify(PROBE);
    assertThat(verdict).isNotNull();
    assertThat(source.verify(Credential.bearer("lk_unknown_key"))).isNotInstanceOf(Verdict.Accept.class);
  }

  @FuzzTest
  void keyStoreFileOpensOrIsRefused(byte[] input) {
    Path file = write("fuzz-keys.json", input);
    try (FileKeyStore store = Stores.manual(file, CLOCK).open()) {
      assertGivesVerdicts(store);
      assertThat(store.list()).isNotNull();
    } catch (ConfigurationException | KeyStoreException refused) {
      assertThat(refused.getMessage()).isNotBlank();
    }
  }

  @FuzzTest
  void omnidevKeyFileOpensOrIsRefused(byte[] input) {
    Path file = write("fuzz-api-keys.json", input);
    try (OmnidevKeyFile keys = OmnidevKeyFile.builder(file).clock(CLOCK).refreshInterval(Duration.ZERO).open()) {
      assertGivesVerdicts(keys);
    } catch (ConfigurationException | KeyStoreException refused) {
      assertThat(refused.getMessage()).isNotBlank();
    }
  }

  @FuzzTest
  void yamlKeysLoadOrAreRefused(byte[] input) {
    Path file = write("fuzz-platform.yaml", input);
    YamlKeySource keys;
    try {
      keys = YamlKeySource.builder(file).environment(ENVIRONMENT).clock(CLOCK).noAutomaticReload().build();
    } catch (ConfigurationException refused) {
      assertThat(refused.getMessage()).isNotBlank();
      return;
    }
    assertGivesVerdicts(keys);
  }

  @FuzzTest
  void chainConfigurationLoadsOrIsRefused(byte[] input) {
    Path file = write("fuzz-chain.yaml", input);
    try (Authenticator chain = ChainConfiguration.load(file, ENVIRONMENT, CLOCK).build()) {
      assertThat(chain).isNotNull();
    } catch (ConfigurationException refused) {
      assertThat(refused.getMessage()).isNotBlank();
    }
  }
}
