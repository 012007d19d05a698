package dev.latchkey.benchmarks;

import dev.latchkey.AuthResult;
import dev.latchkey.Authenticator;
import dev.latchkey.Latchkey;
import dev.latchkey.hash.GeneratedKeys;
import dev.latchkey.keystore.file.FileKeyStore;
import dev.latchkey.keystore.file.IssuedKey;
import dev.latchkey.keystore.file.KeyRequest;
import dev.latchkey.keystore.file.KeyStoreEvent;
import dev.latchkey.spi.BackgroundScheduler;
import dev.latchkey.testing.TestRequests;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded soak of the managed key store under concurrent authentication while keys are created,
 * revoked and deleted both through the store that serves (whose own writes count at once) and through
 * a second store on the same file, as another process would (whose writes the serving store picks up
 * by reloading the file, so they count once {@link #LAG} has passed).
 *
 * <p>Every decision is judged against what was known when the request started: a key revoked before
 * it must be denied, a key created and not being revoked must be accepted as its own principal, a key
 * never issued must be denied. Heap after full collections is sampled from the end of warm-up (a fifth
 * of the run) on; it must not grow by more than 16 MiB. Exits 1 on any wrong decision, any failed write
 * or on growth.
 *
 * <pre>
 * ./mvnw -B -ntp -q -pl benchmarks -am package -DskipTests
 * java -Xmx256m -cp benchmarks/target/benchmarks.jar dev.latchkey.benchmarks.SoakRun [seconds, 180]
 * </pre>
 */
public final class SoakRun {
  /** How long a change made through the second store may take to reach the serving one. */
  static final long LAG = Duration.ofSeconds(3).toNanos();
  private static final Duration REFRESH = Duration.ofMillis(200);
  private static final int LIVE = 256;
  private static final int WORKERS = 3;
  private static final long HEAP_GROWTH_LIMIT = 16L << 20;

  /** What is known about one issued key; times are {@link System#nanoTime()}, 0 while not yet done. */
  static final class Truth {
    final String id;
    final String secret;
    final String name;
    final long createdVisible;
    volatile long revokeStarted;
    volatile long revokedVisible;

    /** A key just issued; issued through the second store, it counts once the serving store had time to reload. */
    Truth(IssuedKey key, boolean external) {
      this.id = key.key().id();
      this.secret = key.secret().expose();
      this.name = key.key().name();
      this.createdVisible = System.nanoTime() + (external ? LAG : 0);
    }
  }

  private final AtomicReferenceArray<Truth> live = new AtomicReferenceArray<>(LIVE);
  private final AtomicReferenceArray<Truth> retired = new AtomicReferenceArray<>(LIVE);
  private final AtomicLong decisions = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong wrong = new AtomicLong();
  private final AtomicLong created = new AtomicLong();
  private final AtomicLong revoked = new AtomicLong();
  private final AtomicLong reloads = new AtomicLong();
  private final AtomicLong writerErrors = new AtomicLong();
  private final List<String> firstWrong = new ArrayList<>();
  private volatile boolean running = true;

  private SoakRun() {}

  /** Runs the soak for the seconds given as the first argument (180 by default) and prints its figures. */
  public static void main(String[] args) throws Exception {
    long seconds = args.length > 0 ? Long.parseLong(args[0]) : 180;
    System.exit(new SoakRun().run(Duration.ofSeconds(seconds)) ? 0 : 1);
  }

  private boolean run(Duration duration) throws IOException, InterruptedException {
    Path file = Files.createTempDirectory("latchkey-soak").resolve("keys.json");
    try (FileKeyStore serving = FileKeyStore.builder(file).refreshInterval(REFRESH).flushInterval(Duration.ofSeconds(1))
            .listener(e -> {
              if (e instanceof KeyStoreEvent.Reloaded) {
                reloads.incrementAndGet();
              }
            })
            .open();
        FileKeyStore other = FileKeyStore.builder(file).refreshInterval(REFRESH).flushInterval(Duration.ofSeconds(1)).open();
        // The second store stands for another process: its checks and writes on a background of its own.
        BackgroundScheduler otherBackground = BackgroundScheduler.start(Clock.systemUTC());
        Authenticator auth = Latchkey.builder().source(serving).build()) {
      other.start(otherBackground);
      for (int i = 0; i < LIVE; i++) {
        live.set(i, new Truth(serving.create(KeyRequest.named("seed-" + i).build()), false));
      }
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < WORKERS; w++) {
        threads.add(new Thread(() -> authenticate(auth), "auth-" + w));
      }
      threads.add(new Thread(() -> churn(serving, false, 10), "writer-serving"));
      threads.add(new Thread(() -> churn(other, true, 50), "writer-other"));
      threads.forEach(Thread::start);

      long start = System.nanoTime();
      long warmUpEnd = start + duration.toNanos() / 5;
      long end = start + duration.toNanos();
      Thread.sleep(Duration.ofNanos(warmUpEnd - start).toMillis());
      long heapAfterWarmUp = heapAfterGc();
      long heapMax = heapAfterWarmUp;
      long heapMin = heapAfterWarmUp;
      while (System.nanoTime() < end) {
        Thread.sleep(Math.max(1, Math.min(10_000, (end - System.nanoTime()) / 1_000_000)));
        long heap = heapAfterGc();
        heapMax = Math.max(heapMax, heap);
        heapMin = Math.min(heapMin, heap);
      }
      running = false;
      for (Thread t : threads) {
        t.join();
      }
      long heapAtEnd = heapAfterGc();
      long growth = heapAtEnd - heapAfterWarmUp;
      double secondsRun = (System.nanoTime() - start) / 1e9;
      System.out.printf(Locale.ROOT,
          "jdk=%s seconds=%.0f workers=%d decisions=%d (%.0f/s) accepted=%d denied=%d wrong_decisions=%d keys_created=%d"
              + " keys_revoked=%d writer_errors=%d reloads=%d keys_in_store=%d heap_after_warmup_mib=%.1f heap_at_end_mib=%.1f"
              + " heap_min_mib=%.1f heap_max_mib=%.1f growth_mib=%.1f%n",
          System.getProperty("java.version"), secondsRun, WORKERS, decisions.get(), decisions.get() / secondsRun,
          accepted.get(), decisions.get() - accepted.get(), wrong.get(), created.get(), revoked.get(), writerErrors.get(), reloads.get(),
          serving.size(), mib(heapAfterWarmUp), mib(heapAtEnd), mib(heapMin), mib(heapMax), mib(growth));
      synchronized (firstWrong) {
        firstWrong.forEach(w -> System.out.println("wrong: " + w));
      }
      boolean ok = wrong.get() == 0 && writerErrors.get() == 0 && growth <= HEAP_GROWTH_LIMIT;
      System.out.println(ok ? "PASS" : "FAIL");
      return ok;
    }
  }

  private void authenticate(Authenticator auth) {
    SplittableRandom random = new SplittableRandom(Thread.currentThread().getName().hashCode());
    GeneratedKeys format = GeneratedKeys.standard();
    while (running) {
      int kind = random.nextInt(10);
      Truth truth = kind < 6 ? live.get(random.nextInt(LIVE)) : kind < 9 ? retired.get(random.nextInt(LIVE)) : null;
      if (kind < 9 && truth == null) {
        continue;
      }
      String secret = truth == null ? format.generate().secret().expose() : truth.secret;
      long started = System.nanoTime();
      AuthResult result = auth.authenticate(TestRequests.bearer(secret));
      long finished = System.nanoTime();
      decisions.incrementAndGet();
      String problem = judge(truth, result, started, finished);
      if (result instanceof AuthResult.Authenticated) {
        accepted.incrementAndGet();
      }
      if (problem != null) {
        wrong.incrementAndGet();
        synchronized (firstWrong) {
          if (firstWrong.size() < 10) {
            firstWrong.add(problem);
          }
        }
      }
    }
  }

  /** Why the decision was wrong, or null if it was right. */
  static String judge(Truth truth, AuthResult result, long started, long finished) {
    if (result instanceof AuthResult.Authenticated ok) {
      if (truth == null) {
        return "a key never issued was accepted as " + ok.principal().name();
      }
      if (!ok.principal().name().equals(truth.name)) {
        return "key " + truth.name + " was accepted as " + ok.principal().name();
      }
      long revokedAt = truth.revokedVisible;
      if (revokedAt != 0 && revokedAt < started) {
        return "key " + truth.name + " was accepted " + (started - revokedAt) / 1_000_000 + " ms after its revocation counted";
      }
      return null;
    }
    AuthResult.Denied denied = (AuthResult.Denied) result;
    if (denied.status() != 401) {
      return "a request was denied with " + denied.status() + " " + denied.reason();
    }
    long revokeStarted = truth == null ? 0 : truth.revokeStarted;
    boolean shouldHold = truth != null && truth.createdVisible < started && (revokeStarted == 0 || revokeStarted > finished);
    return shouldHold ? "key " + truth.name + " was denied (" + denied.reason() + ") while valid" : null;
  }

  /** Replaces a random live key with a new one every {@code pauseMillis}, revoking it and deleting older ones. */
  private void churn(FileKeyStore store, boolean external, long pauseMillis) {
    SplittableRandom random = new SplittableRandom(external ? 2 : 1);
    long n = 0;
    while (running) {
      try {
        int slot = random.nextInt(LIVE);
        Truth fresh = new Truth(store.create(KeyRequest.named((external ? "other-" : "serving-") + n++).build()), external);
        created.incrementAndGet();
        Truth old = live.getAndSet(slot, fresh);
        old.revokeStarted = System.nanoTime();
        store.revoke(old.id);
        old.revokedVisible = System.nanoTime() + (external ? LAG : 0);
        revoked.incrementAndGet();
        Truth dropped = retired.getAndSet(slot, old);
        if (dropped != null) {
          store.delete(dropped.id);
        }
        Thread.sleep(pauseMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        writerErrors.incrementAndGet();
        synchronized (firstWrong) {
          if (firstWrong.size() < 10) {
            firstWrong.add("writer error: " + e);
          }
        }
      }
    }
  }

  private static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
