package dev.latchkey.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.ConfigurationException.Problem;
import dev.latchkey.config.ConfigNode.Location;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsTest {
  private static Settings of(String name, ConfigNode value) {
    return Settings.of(new ConfigNode.Mapping(
        List.of(new ConfigNode.Field(name, new Location("f.yaml", 2, 1), value)), new Location("f.yaml", 1, 1)), Path.of("/etc/app"));
  }

  private static Settings of(String name, String value) {
    return of(name, new ConfigNode.Scalar(value, new Location("f.yaml", 2, 7)));
  }

  @Test
  void readsDurationsWithAUnitOrInIso8601() {
    assertThat(of("t", "30s").duration("t")).contains(Duration.ofSeconds(30));
    assertThat(of("t", "250ms").duration("t")).contains(Duration.ofMillis(250));
    assertThat(of("t", "2d").duration("t")).contains(Duration.ofDays(2));
    assertThat(of("t", "PT5M").duration("t")).contains(Duration.ofMinutes(5));
  }

  @Test
  void refusesAZeroOrUnreadableDurationAtItsPlace() {
    for (String bad : List.of("0s", "soon", "5 minutes", "-PT1S")) {
      Settings settings = of("t", bad);

      assertThat(settings.duration("t")).isEmpty();
      assertThat(settings.problems()).containsExactly(
          new Problem("f.yaml", 2, 7, "t", "must be a positive duration such as 30s, 5m, 1h or PT5M"));
    }
  }

  @Test
  void readsInstantsWithAnOffsetOrAsTheStartOfADayInUtc() {
    assertThat(of("at", "2027-01-31T12:00:00+01:00").instant("at")).contains(Instant.parse("2027-01-31T11:00:00Z"));
    assertThat(of("at", "2027-01-31").instant("at")).contains(Instant.parse("2027-01-31T00:00:00Z"));
  }

  @Test
  void refusesATimestampWithoutAnOffset() {
    Settings settings = of("at", "2027-01-31T12:00:00");

    assertThat(settings.instant("at")).isEmpty();
    assertThat(settings.problems()).singleElement().extracting(Problem::key).isEqualTo("at");
  }

  @Test
  void resolvesRelativeFilesAgainstTheConfigurationsDirectory() {
    assertThat(of("file", "keys/platform.yaml").file("file")).contains(Path.of("/etc/app/keys/platform.yaml"));
    assertThat(of("file", "/srv/keys.yaml").file("file")).contains(Path.of("/srv/keys.yaml"));
  }

  @Test
  void reportsAnUnexpandedVariableOnlyWhenTheValueIsRead() {
    Settings settings = of("key", new ConfigNode.Scalar("", List.of("API_KEY"),
        Optional.of("${API_KEY} is not set and has no default"), new Location("f.yaml", 2, 7)));

    assertThat(settings.problems()).isEmpty();
    assertThat(settings.requiredText("key")).isEmpty();
    assertThat(settings.problems()).containsExactly(new Problem("f.yaml", 2, 7, "key", "${API_KEY} is not set and has no default"));
  }

  @Test
  void readsOneTextValueAsAListOfOne() {
    assertThat(of("roles", "admin").texts("roles")).containsExactly("admin");
  }

  @Test
  void reportsSettingsNobodyReadAtTheirName() {
    Settings settings = of("colour", "blue");

    settings.reportUnread();

    assertThat(settings.problems()).containsExactly(new Problem("f.yaml", 2, 1, "colour", "is not a known setting here"));
  }

  @Test
  void flagsAreTrueOrFalseInAnyCase() {
    assertThat(of("on", "TRUE").flag("on")).contains(true);
    assertThat(of("on", "False").flag("on")).contains(false);
    Settings yes = of("on", "yes");
    assertThat(yes.flag("on")).isEmpty();
    assertThat(yes.problems()).extracting(Problem::message).containsExactly("must be true or false");
  }
}
