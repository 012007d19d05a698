package dev.latchkey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.testing.ScriptedHealth;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's Health snippet, run for real (ReadmeQuickstartTest checks it is the README's text). */
class ReadmeHealthTest {

  @Test
  void healthSnippetPrintsEachComponentThatIsNotUp() {
    Health broken = Health.of(Health.Status.DEGRADED, Map.of("last_failure", "/srv/keys.json:7:14: keys[2].hash: is missing"));
    Authenticator auth = Latchkey.builder()
        .source(ScriptedHealth.source("keys", () -> broken))
        .source(ScriptedHealth.source("jwt", Health::up))
        .build();
    PrintStream console = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      // README-BEGIN
      Health health = auth.health();
      if (health.status() != Health.Status.UP) {
        health.components().forEach((name, part) ->
            System.out.println(name + " " + part.status() + " " + part.details()));
        // keys DEGRADED {file=/srv/keys.json, loaded_at=…, last_failure=/srv/keys.json:7:14: keys[2].hash: …, failed_since=…, keys=41}
      }
      // README-END
    } finally {
      System.setOut(console);
    }

    assertThat(printed.toString(StandardCharsets.UTF_8).lines()).containsExactly(
        "keys DEGRADED {last_failure=/srv/keys.json:7:14: keys[2].hash: is missing}",
        "jwt UP {}");
  }
}
