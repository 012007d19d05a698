package dev.latchkey.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of README.md and docs/*.md compiles against the real modules, so the
 * documentation cannot drift from the API. A block of statements is compiled as the body of a method;
 * a block that declares a type is compiled as a file. Both get {@link #IMPORTS}, and a statement block
 * sees the variables the documentation assumes ({@link #ASSUMED}) as fields its own declarations shadow.
 * Blocks fenced {@code ```java spring} need Spring on the class path: the Spring Boot starter's
 * {@code ReadmeSpringBootTest} compiles and runs them instead.
 */
class DocumentationSnippetsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** The imports every snippet may assume (the README names each type's package in prose). */
  static final String IMPORTS = """
      import dev.latchkey.*;
      import dev.latchkey.config.*;
      import dev.latchkey.hash.*;
      import dev.latchkey.policy.*;
      import dev.latchkey.jwt.*;
      import dev.latchkey.keystore.file.*;
      import dev.latchkey.keystore.env.*;
      import dev.latchkey.keystore.postgres.*;
      import dev.latchkey.redis.*;
      import dev.latchkey.revocation.*;
      import dev.latchkey.admin.*;
      import dev.latchkey.admin.httpserver.*;
      import dev.latchkey.admin.servlet.*;
      import dev.latchkey.micrometer.*;
      import io.micrometer.core.instrument.MeterRegistry;
      import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
      import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
      import io.micrometer.observation.ObservationRegistry;
      import dev.latchkey.httpserver.*;
      import dev.latchkey.servlet.*;
      import dev.latchkey.jaxrs.*;
      import io.micrometer.core.instrument.MeterRegistry;
      import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
      import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
      import io.micrometer.observation.ObservationRegistry;
      import jakarta.annotation.Priority;
      import jakarta.inject.Inject;
      import jakarta.inject.Provider;
      import jakarta.servlet.ServletContext;
      import jakarta.ws.rs.Priorities;
      import jakarta.ws.rs.container.*;
      import org.glassfish.jersey.server.ResourceConfig;
      import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
      import com.sun.net.httpserver.HttpContext;
      import com.sun.net.httpserver.HttpExchange;
      import com.sun.net.httpserver.HttpServer;
      import java.net.InetSocketAddress;
      import java.nio.charset.StandardCharsets;
      import java.nio.file.Path;
      import java.time.Clock;
      import java.time.Duration;
      import java.time.Instant;
      import java.util.List;
      import java.util.Map;
      import java.util.Optional;
      """;

  /** The variables snippets use without declaring them, with the types the prose around them gives. */
  static final String ASSUMED = """
      InMemoryCredentialSource keys;          // the quickstart's source
      Authenticator auth;                     // the application's authenticator
      Path data, file, platformYaml;          // a data directory, a chain configuration, mcp-data-platform's YAML
      Map<String, String> env, environment;   // the process environment, or the host's own map
      String ciKey;                           // a key the host holds
      int port;                               // the port the host listens on
      javax.sql.DataSource dataSource;        // the host's connection pool
      ServletContext servletContext;          // a Servlet container's context, at start-up
      Users users;                            // the host's user directory
      interface Users { Optional<OwnerDirectory.OwnerStatus> statusOf(String userId); }
      static class GrizzlyClientAddress {}    // the Jakarta REST section's filter, a block of its own
      """;

  private static final Pattern TYPE_DECLARATION =
      Pattern.compile("(?m)^(public |final |abstract )*(class|record|interface|enum) \\w+");

  /** One {@code ```java} block: where it is and what it says. */
  record Snippet(Path file, int line, String code) {
    String where() {
      return ROOT.relativize(file) + ":" + line;
    }
  }

  static List<Snippet> snippets() throws IOException {
    List<Path> files = new ArrayList<>();
    files.add(ROOT.resolve("README.md"));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    List<Snippet> snippets = new ArrayList<>();
    for (Path file : files) {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).strip().equals("```java")) {
          int start = i + 1;
          StringBuilder code = new StringBuilder();
          for (i = start; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
            code.append(lines.get(i)).append('\n');
          }
          snippets.add(new Snippet(file, start + 1, code.toString()));
        }
      }
    }
    return snippets;
  }

  @Test
  void theDocumentationHasJavaSnippetsToCheck() throws IOException {
    assertThat(snippets()).hasSizeGreaterThanOrEqualTo(7);
  }

  @TestFactory
  Stream<DynamicTest> everyJavaSnippetCompiles(@TempDir Path out) throws IOException {
    return snippets().stream().map(s -> DynamicTest.dynamicTest(s.where(), () -> assertThat(compile(s, out)).as(s.where()).isEmpty()));
  }

  @Test
  void aSnippetThatUsesTheApiWronglyIsCaught(@TempDir Path out) {
    Snippet wrong = new Snippet(ROOT.resolve("README.md"), 1, "Principal p = LatchkeyFilter.principal(null);\n");

    assertThat(compile(wrong, out)).singleElement().asString().startsWith("README.md:1: incompatible types");
  }

  /** The compiler's errors for {@code snippet}, each as {@code file:line: message}; empty if it compiles. */
  static List<String> compile(Snippet snippet, Path out) {
    boolean isFile = TYPE_DECLARATION.matcher(snippet.code()).find();
    String className = "Snippet" + Integer.toHexString(snippet.where().hashCode());
    String prefix = isFile
        ? IMPORTS
        : IMPORTS + "class " + className + " {\n" + ASSUMED + "void run() throws Exception {\n";
    String source = prefix + snippet.code() + (isFile ? "" : "}\n}\n");
    int offset = (int) prefix.lines().count();
    JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///" + className + ".java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return source;
      }
    };
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    List<String> options = new ArrayList<>(List.of("-d", out.toString(), "-proc:none", "-Xlint:none", "--release", "17",
        "-classpath", System.getProperty("java.class.path")));
    String modulePath = System.getProperty("jdk.module.path");
    if (modulePath != null && !modulePath.isEmpty()) {
      options.addAll(List.of("--module-path", modulePath, "--add-modules", "ALL-MODULE-PATH"));
    }
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      javac.getTask(new StringWriter(), files, diagnostics, options, null, List.of(unit)).call();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    List<String> errors = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        long line = d.getLineNumber() - offset - 1 + snippet.line();
        errors.add(ROOT.relativize(snippet.file()) + ":" + line + ": " + d.getMessage(Locale.ROOT));
      }
    }
    return errors;
  }
}
