package dev.latchkey.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.testing.CapturingLogProvider;
import dev.latchkey.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The background an authenticator shares among its sources: its own daemon thread, or the host's executor. */
class BackgroundSchedulerTest {
  private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));

  private static Set<Thread> backgroundThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("latchkey-background-") && t.isAlive())
        .collect(Collectors.toSet());
  }

  private static void await(CountDownLatch latch) throws InterruptedException {
    assertThat(latch.await(10, TimeUnit.SECONDS)).as("the background ran the task").isTrue();
  }

  @Test
  void itsOwnThreadIsADaemonAndStopsOnClose() throws Exception {
    BackgroundScheduler background = BackgroundScheduler.start(clock);
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    CountDownLatch ran = new CountDownLatch(1);

    background.once("note the thread", Duration.ZERO, () -> {
      ranOn.set(Thread.currentThread());
      ran.countDown();
    });
    await(ran);
    background.close();

    Thread thread = ranOn.get();
    assertThat(thread.getName()).startsWith("latchkey-background-");
    assertThat(thread.isDaemon()).isTrue();
    thread.join(TimeUnit.SECONDS.toMillis(10));
    assertThat(thread.isAlive()).isFalse();
    assertThat(background.isClosed()).isTrue();
  }

  @Test
  void noThreadStartsUntilATaskIsScheduled() {
    Set<Thread> before = backgroundThreads();

    try (BackgroundScheduler background = BackgroundScheduler.start(clock)) {
      assertThat(backgroundThreads()).isEqualTo(before);
      assertThat(background.clock()).isSameAs(clock);
    }
  }

  @Test
  void aHostExecutorRunsTheTasksAndIsNotShutDownOnClose() throws Exception {
    ScheduledThreadPoolExecutor host = new ScheduledThreadPoolExecutor(1);
    try {
      BackgroundScheduler background = BackgroundScheduler.on(host, clock);
      CountDownLatch ran = new CountDownLatch(2);
      AtomicReference<Thread> ranOn = new AtomicReference<>();
      background.every("count", Duration.ofMillis(1), () -> {
        ranOn.set(Thread.currentThread());
        ran.countDown();
      });
      await(ran);

      background.close();

      assertThat(ranOn.get().getName()).doesNotStartWith("latchkey-background-");
      assertThat(host.isShutdown()).isFalse();
      assertThat(host.getQueue()).allSatisfy(task -> assertThat(((Future<?>) task).isCancelled()).isTrue());
      assertThat(host.submit(() -> "still working").get(10, TimeUnit.SECONDS)).isEqualTo("still working");
    } finally {
      host.shutdownNow();
    }
  }

  @Test
  void aTaskThatThrowsRunsAgainAndItsFailureIsLoggedOnceAMinute() throws Exception {
    CapturingLogProvider.clear();
    CountDownLatch ranThrice = new CountDownLatch(3);
    try (BackgroundScheduler background = BackgroundScheduler.start(clock)) {
      background.every("always fails", Duration.ofMillis(1), () -> {
        ranThrice.countDown();
        throw new IllegalStateException("a message that may quote a secret");
      });
      await(ranThrice);
    }

    assertThat(CapturingLogProvider.lines()).filteredOn(line -> line.contains("always fails")).singleElement().asString()
        .contains("java.lang.IllegalStateException")
        .doesNotContain("a message that may quote a secret");
  }

  @Test
  void schedulingAfterCloseDoesNothing() {
    ScheduledThreadPoolExecutor host = new ScheduledThreadPoolExecutor(1);
    try {
      BackgroundScheduler onHost = BackgroundScheduler.on(host, clock);
      onHost.close();
      BackgroundScheduler own = BackgroundScheduler.start(clock);
      own.close();
      Set<Thread> before = backgroundThreads();
      AtomicInteger runs = new AtomicInteger();

      onHost.every("late", Duration.ofMillis(1), runs::incrementAndGet).cancel();
      onHost.once("late", Duration.ZERO, runs::incrementAndGet);
      own.once("late", Duration.ZERO, runs::incrementAndGet);

      assertThat(host.getTaskCount()).isZero();
      assertThat(backgroundThreads()).isEqualTo(before);
      assertThat(runs).hasValue(0);
    } finally {
      host.shutdownNow();
    }
  }

  @Test
  void aCancelledTaskDoesNotRun() throws Exception {
    ScheduledThreadPoolExecutor host = new ScheduledThreadPoolExecutor(1);
    try {
      BackgroundScheduler background = BackgroundScheduler.on(host, clock);
      AtomicInteger runs = new AtomicInteger();

      background.once("later", Duration.ofHours(1), runs::incrementAndGet).cancel();

      assertThat(host.getQueue()).allSatisfy(task -> assertThat(((Future<?>) task).isCancelled()).isTrue());
      assertThat(runs).hasValue(0);
    } finally {
      host.shutdownNow();
    }
  }

  @Test
  void intervalsMustBePositiveAndDelaysNotNegative() {
    try (BackgroundScheduler background = BackgroundScheduler.start(clock)) {
      assertThatThrownBy(() -> background.every("t", Duration.ZERO, () -> {})).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> background.once("t", Duration.ofSeconds(-1), () -> {})).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
