package dev.latchkey;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's Java quickstart, run for real. A second test checks that the README shows exactly the
 * code between the markers below, so the README cannot drift from code that compiles and works.
 */
class ReadmeQuickstartTest {
  private static final String BEGIN = "// README-QUICKSTART-BEGIN";
  private static final String END = "// README-QUICKSTART-END";

  @Test
  void quickstartAuthenticatesThroughTheWholePipeline() {
    // README-QUICKSTART-BEGIN
    // Keys your tests or a small deployment hold in memory (only digests are kept).
    InMemoryCredentialSource keys = InMemoryCredentialSource.create()
        .add("s3cr3t-ci-key", "ci-bot", "deploy");

    // One Authenticator for the whole application: sources are asked in order.
    Authenticator auth = Latchkey.builder()
        .source(keys)
        .listener(new Slf4jAuditListener())
        .build();

    // Your HTTP adapter builds this view of the incoming request.
    AuthRequest request = AuthRequest.builder()
        .header("Authorization", "Bearer s3cr3t-ci-key")
        .remoteAddress("203.0.113.9")
        .build();

    AuthResult result = auth.authenticate(request);
    if (result instanceof AuthResult.Authenticated ok) {
      System.out.println("Hello " + ok.principal().name() + " " + ok.principal().roles());
    } else if (result instanceof AuthResult.Denied denied) {
      // Send denied.status(), every header in denied.headers(), and denied.toJson() as the body.
      System.out.println(denied.status() + " " + denied.toJson());
    }
    // README-QUICKSTART-END

    assertThat(result).isInstanceOf(AuthResult.Authenticated.class);
    Principal principal = ((AuthResult.Authenticated) result).principal();
    assertThat(principal.name()).isEqualTo("ci-bot");
    assertThat(principal.roles()).containsExactly("deploy");
  }

  @Test
  void readmeShowsExactlyTheQuickstartThatIsTested() throws IOException {
    List<String> source =
        Files.readAllLines(Path.of("src/test/java/dev/latchkey/ReadmeQuickstartTest.java"));
    List<String> tested = dedent(source.subList(indexOf(source, BEGIN) + 1, indexOf(source, END)));

    List<String> readme = Files.readAllLines(Path.of("../README.md"));
    int open = indexOf(readme, "```java");
    int close = open + 1 + indexOf(readme.subList(open + 1, readme.size()), "```");
    List<String> shown = dedent(readme.subList(open + 1, close));

    assertThat(String.join("\n", shown)).isEqualTo(String.join("\n", tested));
  }

  private static int indexOf(List<String> lines, String marker) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals(marker)) {
        return i;
      }
    }
    throw new AssertionError("marker not found: " + marker);
  }

  private static List<String> dedent(List<String> lines) {
    int indent =
        lines.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    return lines.stream()
        .map(l -> l.isBlank() ? "" : l.substring(indent))
        .collect(Collectors.toList());
  }
}
