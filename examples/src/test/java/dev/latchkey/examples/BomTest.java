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

  @Test
  void publishedBomHasNoParentAndManagesOnlyLatchkeyArtifactsAtThisVersion() throws IOException {
    // The POM that is installed and deployed: an importer reads its dependencyManagement, and the
    // parent's would pin third-party versions (Jackson, Nimbus, ...) in the importing build.
    String published = Files.readString(ROOT.resolve("bom/target/.flattened-pom.xml"));
    String version = all(Pattern.compile("<artifactId>latchkey-parent</artifactId>\\s*<version>([^<]+)</version>"),
        Files.readString(ROOT.resolve("bom/pom.xml"))).get(0);

    assertThat(published).doesNotContain("<parent>").contains("<version>" + version + "</version>");
    assertThat(all(Pattern.compile("<groupId>([^<]+)</groupId>"), published)).containsOnly("dev.latchkey");
    assertThat(all(MANAGED, published)).containsExactlyInAnyOrderElementsOf(all(MANAGED, Files.readString(ROOT.resolve("bom/pom.xml"))));
    assertThat(published).contains("<licenses>", "<developers>", "<scm ",
        "<url>https://github.com/latchkey-dev/latchkey</url>");
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
