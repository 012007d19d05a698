package dev.latchkey;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import dev.latchkey.hash.GeneratedKey;
import dev.latchkey.hash.GeneratedKeys;
import dev.latchkey.hash.HashedKeyIndex;
import dev.latchkey.hash.KeyEntry;
import dev.latchkey.policy.FailedAttemptThrottle;
import dev.latchkey.policy.IpAllowlist;
import dev.latchkey.policy.RateLimitPolicy;
import dev.latchkey.policy.TrustedProxies;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's Java snippets, run for real. The last test checks that the README's Java blocks are
 * exactly the regions between the markers in this file and in every other module's
 * {@code Readme*Test.java}, so the README cannot drift from code that compiles and works.
 */
class ReadmeQuickstartTest {
  private static final String BEGIN = "// README-BEGIN";
  private static final String END = "// README-END";

  @Test
  void quickstartAuthenticatesThroughTheWholePipeline() {
    // README-BEGIN
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
    // README-END

    assertThat(result).isInstanceOf(AuthResult.Authenticated.class);
    Principal principal = ((AuthResult.Authenticated) result).principal();
    assertThat(principal.name()).isEqualTo("ci-bot");
    assertThat(principal.roles()).containsExactly("deploy");
  }

  @Test
  void policySnippetGuardsTheChain() {
    InMemoryCredentialSource keys = InMemoryCredentialSource.create().add("s3cr3t-ci-key", "ci-bot", "deploy");
    // README-BEGIN
    Authenticator guarded = Latchkey.builder()     // policy types are in dev.latchkey.policy
        .source(keys)
        .trustedProxies(TrustedProxies.of("10.0.0.0/8"))          // believe X-Forwarded-For from these only
        .allowlist(IpAllowlist.parseCommaSeparated("203.0.113.0/24,2001:db8::/32")) // else 403
        .rateLimits(RateLimitPolicy.perPrincipalPerHour(100))     // 100 requests an hour per principal, else 429
        .failedAttemptThrottle(FailedAttemptThrottle.standard())  // 429 after repeated failures, before hashing
        .build();
    // README-END

    AuthRequest viaProxy =
        AuthRequest.builder().remoteAddress("10.0.0.2").header("X-Forwarded-For", "203.0.113.5").header("X-API-Key", "s3cr3t-ci-key").build();
    AuthRequest outsider =
        AuthRequest.builder().remoteAddress("198.51.100.1").header("X-API-Key", "s3cr3t-ci-key").build();
    assertThat(guarded.authenticate(viaProxy)).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(((AuthResult.Denied) guarded.authenticate(outsider)).status()).isEqualTo(403);
  }

  @Test
  void generatedKeySnippetMakesAnIndexableEntry() {
    // README-BEGIN
    GeneratedKeys format = GeneratedKeys.withPrefix("acme");   // package dev.latchkey.hash
    GeneratedKey key = format.generate();      // key.secret(): show once; key.start(): "acme_3fZ0"
    KeyEntry entry = KeyEntry.builder("key-1", key.hash()).name("ci-bot").roles("deploy").build();
    // README-END

    HashedKeyIndex index = HashedKeyIndex.builder("keys").generatedKeys(format).build();
    index.put(entry);
    assertThat(index.verify(new Credential(key.secret(), CredentialCarrier.bearer())))
        .isInstanceOfSatisfying(Verdict.Accept.class, a -> assertThat(a.principal().name()).isEqualTo("ci-bot"));
    assertThat(key.start()).startsWith("acme_").hasSize("acme_".length() + 4);
  }

  @Test
  void readmeShowsExactlyTheSnippetsThatAreTested() throws IOException {
    List<String> readme = Files.readAllLines(Path.of("../README.md"));
    List<String> snippets = new java.util.ArrayList<>();
    for (Path test : readmeTests()) {
      snippets.addAll(blocks(Files.readAllLines(test), BEGIN, END));
    }
    // `java spring` blocks need Spring on the class path: DocumentationSnippetsTest leaves them to the Spring
    // Boot starter's ReadmeSpringBootTest, which compiles and runs them; here they count like the others.
    List<String> shown = new java.util.ArrayList<>(blocks(readme, "```java", "```"));
    shown.addAll(blocks(readme, "```java spring", "```"));
    assertThat(shown).containsExactlyInAnyOrderElementsOf(snippets);
    assertThat(snippets).hasSizeGreaterThanOrEqualTo(3);
  }

  /**
   * Every module's {@code Readme*Test.java} (modules nested in folders such as {@code adapters/}
   * included): each holds the README snippets about its module.
   */
  private static List<Path> readmeTests() throws IOException {
    List<Path> tests = new java.util.ArrayList<>();
    try (java.util.stream.Stream<Path> poms = Files.find(Path.of(".."), 3, (p, a) -> p.getFileName().toString().equals("pom.xml"))) {
      for (Path testSources : poms.map(pom -> pom.resolveSibling("src/test/java")).filter(Files::isDirectory).sorted().toList()) {
        try (java.util.stream.Stream<Path> files = Files.walk(testSources)) {
          files.filter(p -> p.getFileName().toString().matches("Readme\\w*Test\\.java")).forEach(tests::add);
        }
      }
    }
    return tests;
  }

  /** Each region between an opening and a closing marker line, de-indented and joined. */
  private static List<String> blocks(List<String> lines, String open, String close) {
    List<String> blocks = new java.util.ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals(open)) {
        int end = i + 1 + indexOf(lines.subList(i + 1, lines.size()), close);
        blocks.add(String.join("\n", dedent(lines.subList(i + 1, end))));
        i = end;
      }
    }
    return blocks;
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
