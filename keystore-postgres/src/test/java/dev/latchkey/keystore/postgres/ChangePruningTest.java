package dev.latchkey.keystore.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.Credential;
import dev.latchkey.Reason;
import dev.latchkey.Verdict;
import dev.latchkey.keystore.file.IssuedKey;
import dev.latchkey.keystore.file.KeyRequest;
import dev.latchkey.keystore.file.StoredKey;
import dev.latchkey.testing.ManualBackground;
import dev.latchkey.testing.MutableClock;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The change sequence prunes itself in the background, and an instance that fell behind the pruning loads every key again. */
class ChangePruningTest {
  private static final Duration RETENTION = Duration.ofHours(1);
  private final String prefix = TestPostgres.freshPrefix();
  private final MutableClock clock = MutableClock.standard();
  private final List<PostgresKeyStore> opened = new ArrayList<>();

  private PostgresKeyStore instance() {
    PostgresKeyStore store = PostgresKeyStore.builder(TestPostgres.dataSource()).tablePrefix(prefix).createSchema(true).clock(clock)
        .notifications(false).changeRetention(RETENTION).flushInterval(Duration.ZERO).open();
    opened.add(store);
    return store;
  }

  @AfterEach
  void close() {
    opened.forEach(PostgresKeyStore::close);
  }

  /** The sequence numbers of the changes still kept, and how far the sequence was pruned. */
  private String changes() throws SQLException {
    try (Connection c = TestPostgres.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT (SELECT coalesce(string_agg(seq::text, ',' ORDER BY seq), '') FROM " + prefix
            + "changes), (SELECT pruned_through FROM " + prefix + "change_log)")) {
      r.next();
      return "kept [" + r.getString(1) + "], pruned through " + r.getLong(2);
    }
  }

  private static Verdict verify(PostgresKeyStore store, IssuedKey key) {
    return store.verify(Credential.bearer(key.secret().expose()));
  }

  @Test
  void aStartedStorePrunesChangesOlderThanTheRetentionOnItsBackgroundWithoutACall() throws Exception {
    PostgresKeyStore store = instance();
    ManualBackground background = ManualBackground.on(clock);
    store.start(background);
    store.create(KeyRequest.named("first").build());
    store.create(KeyRequest.named("second").build());
    clock.advance(RETENTION.plusMinutes(1));
    IssuedKey recent = store.create(KeyRequest.named("recent").build());

    assertThat(background.scheduled()).contains("every PT1M: prune key changes in " + store.health().details().get("database"));
    assertThat(changes()).isEqualTo("kept [1,2,3], pruned through 0");
    background.runAll();

    assertThat(changes()).isEqualTo("kept [3], pruned through 2");
    assertThat(store.size()).isEqualTo(3);
    assertThat(verify(store, recent)).isInstanceOf(Verdict.Accept.class);
  }

  @Test
  void anInstanceCutOffLongerThanTheRetentionLoadsEveryKeyAgainAndRefusesAKeyRevokedMeanwhile() throws Exception {
    PostgresKeyStore writer = instance();
    PostgresKeyStore away = instance();
    ManualBackground background = ManualBackground.on(clock);
    writer.start(background);
    IssuedKey revoked = writer.create(KeyRequest.named("revoked-while-away").build());
    IssuedKey deleted = writer.create(KeyRequest.named("deleted-while-away").build());
    away.refresh();
    assertThat(verify(away, revoked)).isInstanceOf(Verdict.Accept.class);

    writer.revoke(revoked.key().id());
    writer.delete(deleted.key().id());
    IssuedKey created = writer.create(KeyRequest.named("created-while-away").build());
    clock.advance(RETENTION.plusMinutes(1));
    background.runAll();
    assertThat(changes()).isEqualTo("kept [], pruned through 5");
    assertThat(away.refresh()).isTrue();

    assertThat(verify(away, revoked)).isEqualTo(Verdict.reject(Reason.REVOKED, "key '" + revoked.key().id() + "' is revoked"));
    assertThat(verify(away, deleted)).isEqualTo(Verdict.abstain("no such key"));
    assertThat(verify(away, created)).isInstanceOf(Verdict.Accept.class);
    assertThat(away.list()).extracting(StoredKey::name).containsExactly("revoked-while-away", "created-while-away");
  }

  @Test
  void severalInstancesPruningAtOnceWhileKeysAreWrittenLoseNoChange() throws Exception {
    List<PostgresKeyStore> instances = List.of(instance(), instance(), instance());
    PostgresKeyStore writer = instance();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    List<IssuedKey> made = new CopyOnWriteArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (PostgresKeyStore instance : instances) {
      threads.add(new Thread(() -> {
        try {
          go.await();
          for (int i = 0; i < 15; i++) {
            instance.pruneChanges(Duration.ZERO);
            instance.refresh();
          }
        } catch (Throwable t) {
          failures.add(t);
        }
      }));
    }
    threads.add(new Thread(() -> {
      try {
        go.await();
        for (int i = 0; i < 15; i++) {
          IssuedKey key = writer.create(KeyRequest.named("key-" + i).build());
          made.add(key);
          clock.advance(Duration.ofSeconds(1));
          if (i % 3 == 0) {
            writer.revoke(key.key().id());
          }
        }
      } catch (Throwable t) {
        failures.add(t);
      }
    }));
    threads.forEach(Thread::start);
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }

    assertThat(failures).isEmpty();
    for (PostgresKeyStore instance : instances) {
      assertThat(instance.refresh()).isTrue();
      assertThat(instance.list()).isEqualTo(writer.list());
      for (int i = 0; i < made.size(); i++) {
        assertThat(verify(instance, made.get(i)) instanceof Verdict.Accept).as(made.get(i).key().name()).isEqualTo(i % 3 != 0);
      }
    }
    assertThat(writer.list()).hasSize(15);
  }
}
