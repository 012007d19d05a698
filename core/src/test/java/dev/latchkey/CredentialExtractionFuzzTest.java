package dev.latchkey;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.latchkey.testing.TestRequests;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Any request, however malformed, gets a decision from the chain and never an exception; only the one
 * configured key is ever accepted.
 *
 * <p>An input is UTF-8 text, one request part a line: {@code Name: value} is a header, {@code ?query} the
 * raw query string. The corpus is in {@code CredentialExtractionFuzzTestInputs/}; see SECURITY.md for
 * fuzzing for real.
 */
class CredentialExtractionFuzzTest {
  private static final String KEY = "lk_fuzz_extraction_key_0123456789";

  private static final Authenticator AUTHENTICATOR =
      Latchkey.builder()
          .source(InMemoryCredentialSource.create().add(KEY, "alice", "reader"))
          .carriers(
              CredentialCarrier.bearer(),
              CredentialCarrier.apiKeyHeader(),
              CredentialCarrier.basicPassword(),
              CredentialCarrier.queryParameter("api_key"))
          .build();

  @FuzzTest
  void everyRequestGetsADecisionAndOnlyTheKeyIsAccepted(byte[] input) {
    AuthRequest.Builder request = TestRequests.request();
    List<String> values = new ArrayList<>();
    for (String line : new String(input, StandardCharsets.UTF_8).split("\n", 64)) {
      int colon = line.indexOf(':');
      if (line.startsWith("?")) {
        request.rawQuery(line.substring(1));
        values.add(line);
      } else if (colon > 0) {
        request.header(line.substring(0, colon), line.substring(colon + 1).strip());
        values.add(line);
      }
    }

    AuthResult result = AUTHENTICATOR.authenticate(request.build());

    assertThat(result.explain().toString()).isNotNull();
    if (result instanceof AuthResult.Authenticated ok) {
      assertThat(ok.principal().name()).isEqualTo("alice");
      assertThat(values).anySatisfy(v -> assertThat(v.contains(KEY) || v.toLowerCase().contains("basic")).isTrue());
    } else {
      AuthResult.Denied denied = (AuthResult.Denied) result;
      assertThat(denied.status()).isIn(400, 401);
      assertThat(denied.toJson()).startsWith("{");
    }
  }
}
