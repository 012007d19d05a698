package dev.latchkey.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.latchkey.AuthRequest;
import dev.latchkey.AuthResult;
import dev.latchkey.Authenticator;
import dev.latchkey.Health;
import dev.latchkey.InMemoryCredentialSource;
import dev.latchkey.Latchkey;
import dev.latchkey.Principal;
import dev.latchkey.revocation.Revocation;
import dev.latchkey.revocation.RevocationException;
import dev.latchkey.revocation.Revocations.Kind;
import dev.latchkey.revocation.Revocations.Status;
import dev.latchkey.testing.CapturingLogProvider;
import dev.latchkey.testing.ManualBackground;
import dev.latchkey.testing.MutableClock;
import dev.latchkey.testing.SecretLeakCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Revocations shared through a real Redis by several instances: propagation by pub/sub within the
 * bound, the resync that catches a missed message, expiry, and what an outage does.
 */
class RedisRevocationsTest {
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  /** How long a published revocation may take to reach another instance here (milliseconds normally). */
  private static final Duration BOUND = Duration.ofSeconds(5);
  private static final String KEY = "lk_service_0123456789abcdefghij";

  private final MutableClock clock = MutableClock.standard();
  private final String prefix = "rv" + PREFIXES.incrementAndGet();
  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
  }

  private RedisRevocations.Builder store(String url) {
    return RedisRevocations.builder(url).keyPrefix(prefix).clock(clock).timeout(Duration.ofMillis(500));
  }

  /** A store, started on a background the test drives, after its first subscription and resync. */
  private RedisRevocations started(RedisRevocations.Builder builder, ManualBackground background) {
    RedisRevocations store = builder.build();
    opened.add(store);
    store.start(background);
    background.runAll();
    return store;
  }

  private static Principal token(String subject, String jti, Instant issuedAt) {
    return Principal.builder(subject, "jwt").credentialId(jti).issuedAt(issuedAt).build();
  }

  private static boolean within(Duration bound, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + bound.toNanos();
    while (System.nanoTime() < end) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(5);
    }
    return condition.getAsBoolean();
  }

  @Test
  void aRevocationOnInstanceAIsRefusedOnInstanceBWithinTheBound() throws Exception {
    String url = TestRedis.shared().url();
    RedisRevocations onA = started(store(url), ManualBackground.on(clock));
    RedisRevocations onB = started(store(url), ManualBackground.on(clock));
    InMemoryCredentialSource keys = InMemoryCredentialSource.create().add(KEY, "service", "reader");
    Authenticator a = Latchkey.builder().source(keys).clock(clock).revocations(onA).build();
    Authenticator b = Latchkey.builder().source(keys).clock(clock).revocations(onB).build();
    AuthRequest request = AuthRequest.builder().remoteAddress("192.0.2.1").header("X-API-Key", KEY).build();
    String keyId = ((AuthResult.Authenticated) b.authenticate(request)).principal().credentialId().orElseThrow();

    long start = System.nanoTime();
    a.revocations().orElseThrow().revoke(Revocation.key(keyId));
    boolean refusedOnB = within(BOUND, () -> b.authenticate(request) instanceof AuthResult.Denied d && d.status() == 401);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(a.authenticate(request)).as("refused at once where it was made").isInstanceOf(AuthResult.Denied.class);
    assertThat(refusedOnB).as("refused on B by the published message, no resync run (took %s)", took).isTrue();
    assertThat(((AuthResult.Denied) b.authenticate(request)).reason()).hasToString("REVOKED");
  }

  @Test
  void aRevocationWhoseMessageWasMissedArrivesWithTheNextResync() {
    ManualBackground background = ManualBackground.on(clock);
    RedisRevocations onB = started(store(TestRedis.shared().url()).mode(RedisRevocations.Mode.POLL), background);
    Instant until = clock.instant().plus(Duration.ofHours(1));
    // Written as another instance would, with its message lost.
    TestRedis.shared().inspect(r -> r.hset("{" + prefix + ":revocations}", "t:jti-missed", "0 " + until.toEpochMilli()));
    Status before = onB.check(token("alice", "jti-missed", clock.instant()), Kind.TOKEN);

    background.runAll();

    assertThat(before).isEqualTo(Status.NOT_REVOKED);
    assertThat(onB.check(token("alice", "jti-missed", clock.instant()), Kind.TOKEN)).isEqualTo(Status.REVOKED);
    assertThat(background.scheduled()).contains("every PT30S: resync revocations");
  }

  @Test
  void revokingAgainWidensTheStoredEntryForEveryInstance() {
    RedisRevocations onA = started(store(TestRedis.shared().url()), ManualBackground.on(clock));
    Instant logout = clock.instant();
    onA.revoke(Revocation.subject("alice", logout.plusSeconds(60)));
    onA.revoke(Revocation.subject("alice", logout));
    ManualBackground later = ManualBackground.on(clock);
    RedisRevocations onC = started(store(TestRedis.shared().url()).mode(RedisRevocations.Mode.POLL), later);

    String stored = TestRedis.shared().inspect(r -> r.hget("{" + prefix + ":revocations}", "s:alice"));

    assertThat(stored).isEqualTo(logout.plusSeconds(60).toEpochMilli() + " -");
    assertThat(onC.check(token("alice", "t", logout.plusSeconds(30)), Kind.TOKEN)).isEqualTo(Status.REVOKED);
  }

  @Test
  void endedEntriesLeaveMemoryAndRedisOnTheirOwn() {
    ManualBackground background = ManualBackground.on(clock);
    RedisRevocations store = started(store(TestRedis.shared().url()), background);
    store.revoke(Revocation.token("short", clock.instant().plus(Duration.ofMinutes(1))));
    store.revoke(Revocation.key("forever"));

    clock.advance(Duration.ofMinutes(2));
    background.runAll();

    assertThat(store.check(token("x", "short", clock.instant()), Kind.TOKEN)).isEqualTo(Status.NOT_REVOKED);
    assertThat(store.size()).isEqualTo(1);
    List<String> inRedis = TestRedis.shared().inspect(r -> r.hkeys("{" + prefix + ":revocations}"));
    long ending = TestRedis.shared().inspect(r -> r.zcard("{" + prefix + ":revocations}:until"));
    assertThat(inRedis).containsExactly("k:forever");
    assertThat(ending).isZero();
  }

  @Test
  void withRedisDownTheSetKeepsServingFailuresAreCountedAndWritesFailNamingHostAndPortOnly() {
    String password = "redis-password-never-shown";
    try (TestRedis redis = TestRedis.startOwn(password)) {
      List<RedisRevocations.Failure> events = new CopyOnWriteArrayList<>();
      ManualBackground background = ManualBackground.on(clock);
      RedisRevocations store = started(store(redis.url()).onRedisFailure(events::add), background);
      store.revoke(Revocation.token("jti-1", clock.instant().plus(Duration.ofHours(1))));

      redis.stop();
      background.runAll();
      RevocationException refused = catchThrowableOfType(RevocationException.class,
          () -> store.revoke(Revocation.token("jti-2", clock.instant().plus(Duration.ofHours(1)))));

      assertThat(store.check(token("alice", "jti-1", clock.instant()), Kind.TOKEN)).isEqualTo(Status.REVOKED);
      assertThat(store.check(token("alice", "jti-2", clock.instant()), Kind.TOKEN)).as("nothing revoked").isEqualTo(Status.NOT_REVOKED);
      assertThat(refused.getMessage()).startsWith("the revocation could not be recorded in Redis at 127.0.0.1:" + redis.port() + " (")
          .endsWith("); nothing was revoked");
      assertThat(store.failures(RedisRevocations.Operation.RESYNC)).isEqualTo(1);
      assertThat(store.failures(RedisRevocations.Operation.WRITE)).isEqualTo(1);
      assertThat(events).extracting(RedisRevocations.Failure::operation)
          .containsExactly(RedisRevocations.Operation.RESYNC, RedisRevocations.Operation.WRITE);

      redis.start();
      background.runAll();
      assertThat(store.check(token("alice", "jti-1", clock.instant()), Kind.TOKEN))
          .as("an empty Redis after the restart takes nothing away").isEqualTo(Status.REVOKED);
      // Lettuce's own TRACE lines show the AUTH command as sent (see SECURITY.md); Latchkey's lines never do.
      String latchkeyLogs = CapturingLogProvider.lines().stream().filter(line -> !line.contains(" io.lettuce.")).collect(Collectors.joining("\n"));
      SecretLeakCheck.of(password).exception(refused).values(store, events).text("Latchkey's log lines", latchkeyLogs).assertNoLeak();
    }
  }

  @Test
  void healthIsUpWhileTheSetIsReadDegradedWhileRedisFailsAndDownOnceClosedNeverShowingThePassword() {
    String password = "redis-health-password-never-shown";
    try (TestRedis redis = TestRedis.startOwn(password)) {
      ManualBackground background = ManualBackground.on(clock);
      RedisRevocations store = started(store(redis.url()), background);
      store.revoke(Revocation.token("jti-1", clock.instant().plus(Duration.ofHours(1))));
      Instant firstResync = store.lastResync().orElseThrow();
      Health up = store.health();

      redis.stop();
      background.runAll();
      Health degraded = store.health();
      store.close();
      Health down = store.health();

      Map<String, Object> details = new LinkedHashMap<>();
      details.put("endpoint", "127.0.0.1:" + redis.port());
      details.put("mode", "pubsub");
      details.put("on_failure", "serve");
      details.put("entries", 1);
      details.put("last_resync", firstResync);
      details.put("failures", 0L);
      assertThat(up).isEqualTo(Health.of(Health.Status.UP, details));
      details.put("failures", 1L);
      assertThat(degraded).isEqualTo(Health.of(Health.Status.DEGRADED, details));
      assertThat(down.status()).isEqualTo(Health.Status.DOWN);
      SecretLeakCheck.of(password).health(up).health(degraded).health(down).assertNoLeak();
    }
  }

  @Test
  void aReconnectedSubscriptionResyncsAtOnce() throws Exception {
    try (TestRedis redis = TestRedis.startOwn("")) {
      ManualBackground background = ManualBackground.on(clock);
      RedisRevocations store = started(store(redis.url()), background);
      redis.stop();
      redis.start();
      Instant until = clock.instant().plus(Duration.ofHours(1));
      redis.inspect(r -> r.hset("{" + prefix + ":revocations}", "t:jti-during-outage", "0 " + until.toEpochMilli()));

      boolean scheduled = within(BOUND, () -> background.scheduled().contains("once after PT0S: resync revocations after reconnecting"));
      background.runAll();

      assertThat(scheduled).isTrue();
      assertThat(store.check(token("alice", "jti-during-outage", clock.instant()), Kind.TOKEN)).isEqualTo(Status.REVOKED);
    }
  }

  @Test
  void onFailureDenyAnswersUnknownOnceTheSetIsStaleAndUntilItIsReadAgain() {
    ManualBackground background = ManualBackground.on(clock);
    RedisRevocations.Builder builder = store(TestRedis.shared().url())
        .onFailure(RedisRevocations.OnFailure.DENY).staleAfter(Duration.ofMinutes(2));
    RedisRevocations store = builder.build();
    opened.add(store);
    Principal alice = token("alice", "jti-1", clock.instant());
    Status beforeFirstRead = store.check(alice, Kind.TOKEN);
    store.start(background);
    background.runAll();
    Status fresh = store.check(alice, Kind.TOKEN);

    clock.advance(Duration.ofMinutes(3));
    Status stale = store.check(alice, Kind.TOKEN);
    background.runAll();

    assertThat(List.of(beforeFirstRead, fresh, stale, store.check(alice, Kind.TOKEN)))
        .containsExactly(Status.UNKNOWN, Status.NOT_REVOKED, Status.UNKNOWN, Status.NOT_REVOKED);
  }
}
