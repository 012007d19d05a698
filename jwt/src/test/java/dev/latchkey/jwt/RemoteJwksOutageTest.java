package dev.latchkey.jwt;

import static dev.latchkey.jwt.TestTokens.RSA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.AuthResult;
import dev.latchkey.Authenticator;
import dev.latchkey.Latchkey;
import dev.latchkey.jwt.MisbehavingKeyServer.Mode;
import dev.latchkey.spi.Reload;
import dev.latchkey.testing.MutableClock;
import dev.latchkey.testing.TestRequests;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A key server that trickles, hangs, resets or floods never holds a request longer than the fetch
 * deadline, and never holds one at all while usable keys are cached (finding 1 of the attack run).
 * Bounds are the default deadline (2 s) plus a margin of 1 s for a loaded machine; the unbounded
 * client this replaces held a request for as long as the server kept trickling.
 */
class RemoteJwksOutageTest {
  private static final Duration DEADLINE = Duration.ofSeconds(2);
  private static final Duration MARGIN = Duration.ofSeconds(1);
  /** What "does not wait" means on a loaded machine: well under the deadline. */
  private static final Duration NO_WAIT = Duration.ofMillis(1000);
  private static final Duration TTL = Duration.ofMinutes(5);
  private static final Duration TOLERANCE = Duration.ofMinutes(30);

  private final MutableClock clock = MutableClock.standard();
  private final BlockingQueue<Reload> outcomes = new LinkedBlockingQueue<>();
  private final ExecutorService callers = Executors.newFixedThreadPool(8, r -> {
    Thread t = new Thread(r, "test-caller");
    t.setDaemon(true);
    return t;
  });
  private MisbehavingKeyServer server;
  private Authenticator auth;

  @BeforeEach
  void startServer() throws Exception {
    server = MisbehavingKeyServer.serving(TestTokens.set(TestTokens.rsaJwk("k1", RSA.getPublic())));
  }

  @AfterEach
  void stop() throws Exception {
    if (auth != null) {
      auth.close();
    }
    callers.shutdownNow();
    server.close();
  }

  private Authenticator authenticator() {
    JwtKeys keys = JwtKeys.remote(URI.create(server.url("/jwks.json"))).listener(outcomes::add).build();
    JwtSource jwt = JwtSource.builder().clock(clock).issuer(JwtIssuer.withoutIssuer().keys(keys).audiences("api").build()).build();
    return Latchkey.builder().clock(clock).source(jwt).build();
  }

  private String token() {
    return JwtMinter.fromPkcs8Pem(TestTokens.pkcs8Pem(RSA.getPrivate()), "k1").subject("svc").audience("api").clock(clock).build().token().expose();
  }

  private record Timed(AuthResult result, Duration took) {}

  private Timed authenticate() {
    String token = token();
    long start = System.nanoTime();
    AuthResult result = auth.authenticate(TestRequests.bearer(token));
    return new Timed(result, Duration.ofNanos(System.nanoTime() - start));
  }

  /** Eight requests at once; each must finish within {@code bound} (a request still running then fails the spec). */
  private List<Timed> eightAtOnce(Duration bound) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Timed>> running = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      running.add(callers.submit(() -> {
        go.await();
        return authenticate();
      }));
    }
    go.countDown();
    List<Timed> done = new ArrayList<>();
    long until = System.nanoTime() + bound.toNanos();
    for (Future<Timed> f : running) {
      try {
        done.add(f.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS));
      } catch (TimeoutException e) {
        throw new AssertionError("a request was still waiting for keys after " + bound);
      }
    }
    return done;
  }

  /** One request, which must finish within {@code bound}. */
  private Timed oneWithin(Duration bound) throws Exception {
    Future<Timed> f = callers.submit(this::authenticate);
    try {
      return f.get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("the request was still waiting for keys after " + bound);
    }
  }

  private static int status(AuthResult result) {
    return result instanceof AuthResult.Denied denied ? denied.status() : 200;
  }

  private void awaitFailedFetch() throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < until) {
      Reload outcome = outcomes.poll(until - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (outcome instanceof Reload.Failed) {
        return;
      }
    }
    throw new AssertionError("no fetch failed; outcomes: " + outcomes);
  }

  @ParameterizedTest
  @EnumSource(value = Mode.class, names = {"TRICKLE", "HANG", "RESET", "OVERSIZED"})
  void withNothingCachedARequestGets503WithinTheFetchDeadline(Mode mode) throws Exception {
    server.mode(mode);
    auth = authenticator();

    Timed answer = oneWithin(DEADLINE.plus(MARGIN));

    assertThat(status(answer.result())).isEqualTo(503);
    assertThat(answer.took()).isLessThanOrEqualTo(DEADLINE.plus(MARGIN));
  }

  @ParameterizedTest
  @EnumSource(value = Mode.class, names = {"TRICKLE", "HANG", "RESET", "OVERSIZED"})
  void withNothingCachedEightConcurrentRequestsAllGet503NoneAfterTheDeadline(Mode mode) throws Exception {
    server.mode(mode);
    auth = authenticator();

    List<Timed> answers = eightAtOnce(DEADLINE.plus(MARGIN));

    assertThat(answers).hasSize(8).allSatisfy(a -> {
      assertThat(status(a.result())).isEqualTo(503);
      assertThat(a.took()).isLessThanOrEqualTo(DEADLINE.plus(MARGIN));
    });
  }

  @ParameterizedTest
  @EnumSource(value = Mode.class, names = {"TRICKLE", "HANG", "RESET", "OVERSIZED"})
  void withKeysCachedRequestsAreServedAtOnceThroughTheWholeOutageTolerance(Mode mode) throws Exception {
    auth = authenticator();
    assertThat(status(oneWithin(DEADLINE.plus(MARGIN)).result())).isEqualTo(200);
    server.mode(mode);

    clock.advance(TTL.plusSeconds(1));
    Timed justExpired = oneWithin(DEADLINE.plus(MARGIN));
    awaitFailedFetch();
    clock.advance(TOLERANCE.minusSeconds(2));
    List<Timed> lastMoment = eightAtOnce(DEADLINE.plus(MARGIN));

    assertThat(status(justExpired.result())).isEqualTo(200);
    assertThat(justExpired.took()).isLessThan(NO_WAIT);
    assertThat(lastMoment).hasSize(8).allSatisfy(a -> {
      assertThat(status(a.result())).isEqualTo(200);
      assertThat(a.took()).isLessThan(NO_WAIT);
    });
  }

  @ParameterizedTest
  @EnumSource(value = Mode.class, names = {"TRICKLE", "HANG", "RESET", "OVERSIZED"})
  void afterTheOutageToleranceARequestGets503WithinTheFetchDeadline(Mode mode) throws Exception {
    auth = authenticator();
    assertThat(status(oneWithin(DEADLINE.plus(MARGIN)).result())).isEqualTo(200);
    server.mode(mode);

    clock.advance(TTL.plus(TOLERANCE).plusSeconds(1));
    List<Timed> answers = eightAtOnce(DEADLINE.plus(MARGIN));

    assertThat(answers).hasSize(8).allSatisfy(a -> {
      assertThat(status(a.result())).isEqualTo(503);
      assertThat(a.took()).isLessThanOrEqualTo(DEADLINE.plus(MARGIN));
    });
  }
}
