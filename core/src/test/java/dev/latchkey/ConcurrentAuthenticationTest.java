package dev.latchkey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.testing.TestRequests;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Many threads authenticate while another adds and removes keys. Stable keys must always authenticate
 * as themselves; churning keys may be present or absent, but are never taken for anyone else; nothing
 * throws.
 */
class ConcurrentAuthenticationTest {
  private static final int READERS = 6;
  private static final int REQUESTS_PER_READER = 20_000;
  private static final int STABLE_KEYS = 50;
  private static final int CHURN_KEYS = 50;

  @Test
  void authenticationStaysCorrectWhileKeysChange() throws Exception {
    InMemoryCredentialSource keys = InMemoryCredentialSource.create();
    for (int i = 0; i < STABLE_KEYS; i++) {
      keys.add("stable-key-" + i, "stable-" + i, "r");
    }
    Authenticator auth = Latchkey.builder().source(keys).build();
    ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
    AtomicBoolean readersDone = new AtomicBoolean();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(READERS + 1);
    try {
      Future<Integer> writer =
          pool.submit(
              () -> {
                start.await();
                int changes = 0;
                for (int round = 0; !readersDone.get(); round++) {
                  int i = round % CHURN_KEYS;
                  keys.add("churn-key-" + i, "churn-" + i, "r");
                  keys.setDisabled("churn-" + i, round % 3 == 0);
                  keys.remove("churn-" + i);
                  changes += 3;
                }
                return changes;
              });
      List<Future<?>> readers = new ArrayList<>();
      for (int t = 0; t < READERS; t++) {
        int seed = t;
        readers.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int n = 0; n < REQUESTS_PER_READER; n++) {
                    int i = (n * 31 + seed) % STABLE_KEYS;
                    boolean stable = n % 2 == 0;
                    String name = (stable ? "stable-" : "churn-") + i;
                    AuthResult r = auth.authenticate(TestRequests.bearer((stable ? "stable-key-" : "churn-key-") + i));
                    check(r, name, stable, wrong);
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> reader : readers) {
        reader.get(2, TimeUnit.MINUTES);
      }
      readersDone.set(true);
      assertThat(writer.get(1, TimeUnit.MINUTES)).isPositive();
    } finally {
      pool.shutdownNow();
    }
    assertThat(wrong).isEmpty();
  }

  private static void check(AuthResult r, String name, boolean stable, ConcurrentLinkedQueue<String> wrong) {
    if (r instanceof AuthResult.Authenticated a) {
      if (!a.principal().name().equals(name)) {
        wrong.add(name + " authenticated as " + a.principal().name());
      }
    } else {
      AuthResult.Denied d = (AuthResult.Denied) r;
      boolean allowed = !stable && (d.reason() == Reason.INVALID_CREDENTIAL || d.reason() == Reason.DISABLED);
      if (!allowed) {
        wrong.add(name + " denied with " + d.reason());
      }
    }
  }
}
