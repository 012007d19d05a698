package dev.latchkey.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code latchkey-bom} lists every released artifact, and only those: each module of the build except
 * the ones that are never deployed ({@code maven.deploy.skip}) and the BOM itself.
 */
class BomTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
  private static final Pattern ARTIFACT = Pattern.compile("</parent>\\s*<artifactId>([^<]+)</artifactId>");
  private static final Pattern MANAGED = Pattern.compile("<artifactId>([^<]+)</artifactId>\\s*<version>\\$\\{project.version}</version>");

  @Test
  void bomListsEveryReleasedModuleAndNothingElse() throws IOException {
    List<String> released = new ArrayList<>();
    for (String module : all(MODULE, Files.readString(ROOT.resolve("pom.xml")))) {
      String pom = Files.readString(ROOT.resolve(module).resolve("pom.xml"));
      if (!module.equals("bom") && !pom.contains("<maven.deploy.skip>true</maven.deploy.skip>")) {
        released.addAll(all(ARTIFACT, pom));
      }
    }

    List<String> listed = all(MANAGED, Files.readString(ROOT.resolve("bom/pom.xml")));

    assertThat(listed).containsExactlyInAnyOrderElementsOf(released);
    assertThat(released).contains("latchkey-core", "latchkey-httpserver", "latchkey-servlet", "latchkey-jaxrs", "latchkey-cli")
        .doesNotContain("latchkey-examples", "latchkey-benchmarks", "latchkey-adapter-contract");
  }

  private static List<String> all(Pattern pattern, String text) {
    List<String> found = new ArrayList<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }
}
