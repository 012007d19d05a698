package dev.latchkey.benchmarks;

import dev.latchkey.Credential;
import dev.latchkey.Verdict;
import dev.latchkey.keystore.file.IssuedKey;
import dev.latchkey.keystore.file.KeyRequest;
import dev.latchkey.keystore.postgres.PostgresKeyStore;
import dev.latchkey.spi.BackgroundScheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How long a revocation takes to reach the other replicas: three store instances on one database (an
 * embedded server), each with its own background; 200 keys revoked one by one on A, timing when B and C
 * refuse each. Prints a last line {@code propagation p50=<ms> p99=<ms> notify=<on|off>}. Targets: p99 ≤
 * 500 ms with notifications, ≤ poll interval + 500 ms without ({@code --no-notify}).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.latchkey.benchmarks.ClusterPropagation [--no-notify] [--keys N]
 * </pre>
 */
public final class ClusterPropagation {
  private ClusterPropagation() {}

  /**
   * Runs the measurement.
   *
   * @param args {@code --no-notify} to rely on the poll alone; {@code --keys N} for another number of keys
   * @throws InterruptedException if interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    boolean notify = !List.of(args).contains("--no-notify");
    int keys = List.of(args).contains("--keys") ? Integer.parseInt(args[List.of(args).indexOf("--keys") + 1]) : 200;
    try (BenchmarkPostgres postgres = new BenchmarkPostgres()) {
      PostgresKeyStore.migrate(postgres.dataSource(), "cluster_");
      List<AutoCloseable> open = new ArrayList<>();
      PostgresKeyStore a = instance(postgres, notify, open);
      PostgresKeyStore b = instance(postgres, notify, open);
      PostgresKeyStore c = instance(postgres, notify, open);
      List<IssuedKey> issued = new ArrayList<>();
      for (int i = 0; i < keys; i++) {
        issued.add(a.create(KeyRequest.named("propagated-" + i).build()));
      }
      b.refresh();
      c.refresh();
      List<Double> millis = new ArrayList<>();
      for (IssuedKey key : issued) {
        Credential credential = Credential.bearer(key.secret().expose());
        long start = System.nanoTime();
        a.revoke(key.key().id());
        long doneB = 0;
        long doneC = 0;
        long deadline = start + Duration.ofSeconds(30).toNanos();
        while ((doneB == 0 || doneC == 0) && System.nanoTime() < deadline) {
          if (doneB == 0 && !(b.verify(credential) instanceof Verdict.Accept)) {
            doneB = System.nanoTime();
          }
          if (doneC == 0 && !(c.verify(credential) instanceof Verdict.Accept)) {
            doneC = System.nanoTime();
          }
          Thread.onSpinWait();
        }
        millis.add(((doneB == 0 ? deadline : doneB) - start) / 1e6);
        millis.add(((doneC == 0 ? deadline : doneC) - start) / 1e6);
      }
      for (AutoCloseable closeable : open) {
        closeable.close();
      }
      Collections.sort(millis);
      System.out.printf("propagation p50=%.1f p99=%.1f notify=%s%n",
          millis.get(millis.size() / 2), millis.get((int) Math.ceil(millis.size() * 0.99) - 1), notify ? "on" : "off");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static PostgresKeyStore instance(BenchmarkPostgres postgres, boolean notify, List<AutoCloseable> open) {
    PostgresKeyStore store = PostgresKeyStore.owning(postgres.pool()).tablePrefix("cluster_").notifications(notify)
        .flushInterval(Duration.ZERO).open();
    BackgroundScheduler background = BackgroundScheduler.start(Clock.systemUTC());
    store.start(background);
    open.add(background);
    open.add(store);
    return store;
  }
}
