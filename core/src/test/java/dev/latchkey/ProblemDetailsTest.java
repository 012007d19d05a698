package dev.latchkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProblemDetailsTest {
  @Test
  void writesTheStandardMembersThenTheExtensionsAsJson() {
    ProblemDetails problem = ProblemDetails.of("https://latchkey.dev/problems/invalid-request", "Invalid request", 400,
        "must be \"PT1H\"\n or longer").with("field", "grace");

    assertThat(problem.toJson()).isEqualTo("{\"type\":\"https://latchkey.dev/problems/invalid-request\",\"title\":\"Invalid request\","
        + "\"status\":400,\"detail\":\"must be \\\"PT1H\\\"\\n or longer\",\"field\":\"grace\"}");
    assertThat(new String(problem.body(), StandardCharsets.UTF_8)).isEqualTo(problem.toJson());
    assertThat(ProblemDetails.MEDIA_TYPE).isEqualTo("application/problem+json");
  }

  @Test
  void refusesAStatusThatIsNotAnError() {
    assertThatThrownBy(() -> ProblemDetails.of("about:blank", "OK", 200, "fine"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("a problem's status is 400 to 599, not 200");
  }

  @Test
  void refusesAnExtensionNamedLikeAStandardMember() {
    assertThatThrownBy(() -> new ProblemDetails("about:blank", "Bad", 400, "bad", Map.of("status", "500")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("an extension member may not be named status");
  }
}
