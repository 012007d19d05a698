package dev.latchkey.keystore.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.Credential;
import dev.latchkey.Reason;
import dev.latchkey.Verdict;
import dev.latchkey.keystore.file.IssuedKey;
import dev.latchkey.keystore.file.KeyRequest;
import dev.latchkey.spi.BackgroundScheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Three store instances on one database, as three replicas of a service run them. */
class ClusterPropagationTest {
  private final String prefix = TestPostgres.freshPrefix();
  private final List<AutoCloseable> opened = new ArrayList<>();

  private PostgresKeyStore instance(boolean notifications, Duration poll) {
    PostgresKeyStore store = PostgresKeyStore.builder(TestPostgres.dataSource()).tablePrefix(prefix).createSchema(true)
        .notifications(notifications).pollInterval(poll).flushInterval(Duration.ZERO).open();
    BackgroundScheduler background = BackgroundScheduler.start(Clock.systemUTC());
    store.start(background);
    opened.add(background);
    opened.add(store);
    return store;
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
  }

  /** How long until {@code done} holds, polling every 5 ms; fails the test past {@code bound}. */
  private static Duration until(Duration bound, java.util.function.BooleanSupplier done) throws InterruptedException {
    long start = System.nanoTime();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime() - start).as("not within " + bound).isLessThan(bound.toNanos());
      Thread.sleep(5);
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private static Predicate<PostgresKeyStore> accepts(IssuedKey key) {
    return s -> s.verify(Credential.bearer(key.secret().expose())) instanceof Verdict.Accept;
  }

  @Test
  void aKeyCreatedOnOneInstanceVerifiesOnTheOthersAndARevocationIsRefusedThereWithinHalfASecond() throws Exception {
    PostgresKeyStore a = instance(true, Duration.ofSeconds(30));
    PostgresKeyStore b = instance(true, Duration.ofSeconds(30));
    PostgresKeyStore c = instance(true, Duration.ofSeconds(30));

    IssuedKey key = a.create(KeyRequest.named("shared").build());
    until(Duration.ofMillis(500), () -> accepts(key).test(b) && accepts(key).test(c));
    a.revoke(key.key().id());
    until(Duration.ofMillis(500), () -> !accepts(key).test(b) && !accepts(key).test(c));

    assertThat(c.verify(Credential.bearer(key.secret().expose())))
        .isEqualTo(Verdict.reject(Reason.REVOKED, "key '" + key.key().id() + "' is revoked"));
    assertThat(b.get(key.key().id()).flatMap(k -> k.revokedAt())).isPresent();
  }

  @Test
  void withoutNotificationsThePollStillBringsEveryChangeWithinItsInterval() throws Exception {
    PostgresKeyStore a = instance(false, Duration.ofMillis(300));
    PostgresKeyStore b = instance(false, Duration.ofMillis(300));

    IssuedKey key = a.create(KeyRequest.named("polled").build());
    until(Duration.ofMillis(800), () -> accepts(key).test(b));
    a.revoke(key.key().id());

    until(Duration.ofMillis(800), () -> !accepts(key).test(b));
    assertThat(b.size()).isEqualTo(1);
  }
}
