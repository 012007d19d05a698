package dev.latchkey.jwt;

import static dev.latchkey.jwt.TestTokens.RSA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.AuthResult;
import dev.latchkey.Authenticator;
import dev.latchkey.Latchkey;
import dev.latchkey.testing.TestRequests;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Closing an authenticator stops the remote keys' background work and releases their connections:
 * nothing keeps a JVM alive, and nothing is fetched after close (finding 3 of the attack run). The
 * keys' lifetime is three seconds of real time here, refreshed a second ahead (short timeouts, so a
 * refresh-ahead scheduler would schedule one too), so a refresh that outlived its authenticator would
 * show within the spec.
 */
class RemoteJwksClosingTest {
  private static final int CYCLES = 20;
  private MisbehavingKeyServer server;

  @BeforeEach
  void startServer() throws Exception {
    server = MisbehavingKeyServer.serving(TestTokens.set(TestTokens.rsaJwk("k1", RSA.getPublic())));
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private Authenticator authenticator(String path) {
    JwtKeys keys = JwtKeys.remote(URI.create(server.url(path)))
        .cacheTtl(Duration.ofSeconds(3)).refreshAhead(Duration.ofSeconds(1)).minRefreshInterval(Duration.ofMillis(500))
        .timeouts(Duration.ofMillis(500), Duration.ofMillis(500))
        .build();
    return Latchkey.builder().source(JwtSource.builder().issuer(JwtIssuer.withoutIssuer().keys(keys).audiences("api").build()).build()).build();
  }

  private static AuthResult authenticate(Authenticator auth) {
    String token = JwtMinter.fromPkcs8Pem(TestTokens.pkcs8Pem(RSA.getPrivate()), "k1").subject("svc").audience("api").build().token().expose();
    return auth.authenticate(TestRequests.bearer(token));
  }

  /** Threads alive now that were not in {@code before} and are not the test server's. */
  private static List<Thread> newThreads(Set<Thread> before) {
    List<Thread> extra = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (!before.contains(t) && t.isAlive() && !t.getName().startsWith(MisbehavingKeyServer.THREAD_PREFIX)) {
        extra.add(t);
      }
    }
    return extra;
  }

  private static String describe(java.util.Collection<Thread> threads) {
    return threads.stream().map(t -> t.getName() + (t.isDaemon() ? " (daemon)" : " (NOT daemon)")).toList().toString();
  }

  @Test
  void twentyAuthenticatorsBuiltAndClosedLeaveNoThreadAndFetchNothingAfterClose() throws Exception {
    Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
    Map<String, Integer> hitsAtClose = new HashMap<>();
    Set<Thread> nonDaemon = new java.util.LinkedHashSet<>();

    for (int i = 0; i < CYCLES; i++) {
      String path = "/jwks.json?cycle=" + i;
      Authenticator auth = authenticator(path);
      assertThat(authenticate(auth)).isInstanceOf(AuthResult.Authenticated.class);
      newThreads(before).stream().filter(t -> !t.isDaemon()).forEach(nonDaemon::add);
      auth.close();
      hitsAtClose.put(path, server.hits(path));
    }

    // Every thread the cycles started must end (waiting on the threads themselves, bounded).
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (Thread t : newThreads(before)) {
      t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())));
    }
    List<Thread> left = newThreads(before);
    assertThat(nonDaemon).as("non-daemon threads while open: %s", describe(nonDaemon)).isEmpty();
    assertThat(left).as("threads left after closing: %s", describe(left)).isEmpty();

    // One authenticator left open shows when the closed ones would have refreshed: after its own refresh.
    String sentinel = "/jwks.json?cycle=open";
    try (Authenticator open = authenticator(sentinel)) {
      assertThat(authenticate(open)).isInstanceOf(AuthResult.Authenticated.class);
      assertThat(server.awaitHits(sentinel, 2, Duration.ofSeconds(15))).as("the open authenticator refreshed its keys").isTrue();
    }
    Map<String, Integer> hitsNow = new HashMap<>();
    hitsAtClose.keySet().forEach(path -> hitsNow.put(path, server.hits(path)));

    assertThat(hitsNow).isEqualTo(hitsAtClose);
  }
}
