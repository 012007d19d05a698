package dev.latchkey.adapter.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.Authenticator;
import dev.latchkey.InMemoryCredentialSource;
import dev.latchkey.Latchkey;
import dev.latchkey.policy.IpAllowlist;
import dev.latchkey.policy.RateLimitPolicy;
import dev.latchkey.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every host adapter must do, checked over real HTTP on loopback: each adapter's test extends this
 * class and starts its own server with an application at {@code /hello} that answers with what it
 * sees of the principal ({@link #aliceAsSeenByTheApplication()}). The one copy of these
 * specifications; every adapter module runs it.
 */
public abstract class AdapterContract {
  /** The key of alice, with the role reader, that the server's authenticator holds. */
  protected static final String KEY = "adapter-test-key";

  /** Requests that reached the application; the application counts each one it serves. */
  protected final AtomicInteger applicationCalls = new AtomicInteger();

  private String url;

  /**
   * Starts a server on 127.0.0.1, port 0, guarded by {@code auth}.
   *
   * @param auth the authenticator the adapter asks
   * @return the URL of {@code /hello}
   * @throws Exception if the server cannot start
   */
  protected abstract String start(Authenticator auth) throws Exception;

  /**
   * Stops the server, if one was started.
   *
   * @throws Exception if it cannot stop
   */
  protected abstract void stop() throws Exception;

  /**
   * The body the application answers, as {@code text/plain}, for the principal alice with the role reader.
   *
   * @return the body
   */
  protected abstract String aliceAsSeenByTheApplication();

  @AfterEach
  void stopServer() throws Exception {
    stop();
  }

  private void serve(Latchkey.Builder auth) throws Exception {
    url = start(auth.source(InMemoryCredentialSource.create().add(KEY, "alice", "reader")).build());
  }

  private LoopbackHttp.Response get(String... headerPairs) throws Exception {
    return LoopbackHttp.get(url, headerPairs);
  }

  /**
   * The whole response expected: {@code status}, the headers given plus {@code Content-Type} and
   * {@code Content-Length}, and {@code body}.
   */
  private static LoopbackHttp.Response response(int status, String contentType, String body, String... headerPairs) {
    Map<String, String> headers = new HashMap<>();
    for (int i = 0; i + 1 < headerPairs.length; i += 2) {
      headers.put(headerPairs[i], headerPairs[i + 1]);
    }
    headers.put("content-type", contentType);
    headers.put("content-length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
    return new LoopbackHttp.Response(status, Map.copyOf(headers), body);
  }

  @Test
  void authenticatedRequestReachesTheApplicationWithItsPrincipal() throws Exception {
    serve(Latchkey.builder());

    LoopbackHttp.Response answer = get("Authorization", "Bearer " + KEY);

    assertThat(answer).isEqualTo(response(200, "text/plain", aliceAsSeenByTheApplication()));
    assertThat(applicationCalls).hasValue(1);
  }

  @Test
  void missingCredentialIs401WithChallengeAndOmnidevsMessage() throws Exception {
    serve(Latchkey.builder());

    LoopbackHttp.Response answer = get();

    assertThat(answer)
        .isEqualTo(
            response(
                401,
                "application/json",
                "{\"error\":\"API key is required. Provide it via x-api-key header or Authorization: Bearer token\"}",
                "www-authenticate", "Bearer realm=\"latchkey\""));
    assertThat(applicationCalls).hasValue(0);
  }

  @Test
  void invalidCredentialIs401WithInvalidTokenChallenge() throws Exception {
    serve(Latchkey.builder());

    LoopbackHttp.Response answer = get("X-API-Key", "wrong-key");

    assertThat(answer)
        .isEqualTo(
            response(
                401,
                "application/json",
                "{\"error\":\"Invalid API key\"}",
                "www-authenticate", "Bearer realm=\"latchkey\", error=\"invalid_token\""));
    assertThat(applicationCalls).hasValue(0);
  }

  @Test
  void clientOutsideTheAllowlistIs403BeforeAnyCredentialIsChecked() throws Exception {
    serve(Latchkey.builder().allowlist(IpAllowlist.parseCommaSeparated("203.0.113.0/24")));

    LoopbackHttp.Response answer = get("Authorization", "Bearer " + KEY);

    assertThat(answer).isEqualTo(response(403, "application/json", "{\"error\":\"Access denied from this IP address\"}"));
    assertThat(applicationCalls).hasValue(0);
  }

  @Test
  void clientInsideTheAllowlistIsServedSinceTheAdapterReportsItsAddress() throws Exception {
    serve(Latchkey.builder().allowlist(IpAllowlist.parseCommaSeparated("127.0.0.0/8")));

    LoopbackHttp.Response answer = get("Authorization", "Bearer " + KEY);

    assertThat(answer).isEqualTo(response(200, "text/plain", aliceAsSeenByTheApplication()));
  }

  @Test
  void principalOverItsRateLimitIs429WithRetryAfterAndOmnidevsBody() throws Exception {
    serve(Latchkey.builder().rateLimits(RateLimitPolicy.perPrincipalPerHour(1)).clock(MutableClock.standard()));
    assertThat(get("Authorization", "Bearer " + KEY).status()).isEqualTo(200);

    LoopbackHttp.Response answer = get("Authorization", "Bearer " + KEY);

    assertThat(answer)
        .isEqualTo(
            response(
                429,
                "application/json",
                "{\"error\":\"Rate limit exceeded. Please try again later.\",\"retryAfter\":3600}",
                "retry-after", "3600"));
    assertThat(applicationCalls).hasValue(1);
  }
}
