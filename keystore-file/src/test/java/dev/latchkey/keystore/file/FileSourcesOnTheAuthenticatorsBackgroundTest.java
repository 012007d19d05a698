package dev.latchkey.keystore.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.AuthResult;
import dev.latchkey.Authenticator;
import dev.latchkey.Latchkey;
import dev.latchkey.config.ChainConfiguration;
import dev.latchkey.spi.Reload;
import dev.latchkey.testing.MutableClock;
import dev.latchkey.testing.TestRequests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File-backed sources in an authenticator: one shared background, never a thread per source. */
class FileSourcesOnTheAuthenticatorsBackgroundTest {
  @TempDir Path dir;
  private final MutableClock clock = MutableClock.at(Stores.START);

  private static Set<Thread> liveThreadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix) && t.isAlive())
        .collect(Collectors.toSet());
  }

  private static void await(CountDownLatch latch, String what) throws InterruptedException {
    assertThat(latch.await(10, TimeUnit.SECONDS)).as(what).isTrue();
  }

  @Test
  void twoFileSourcesShareOneBackgroundThreadThatPicksUpEditsWithoutRequestsAndStopsOnClose() throws Exception {
    Path storeFile = dir.resolve("keys.json");
    Path omnidevFile = Files.writeString(dir.resolve("api-keys.json"), "[]");
    Set<Thread> checkedOn = ConcurrentHashMap.newKeySet();
    CountDownLatch storeReloaded = new CountDownLatch(1);
    CountDownLatch omnidevReloaded = new CountDownLatch(1);
    FileKeyStore store = FileKeyStore.builder(storeFile).refreshInterval(Duration.ofMillis(5)).flushInterval(Duration.ofMillis(5))
        .listener(event -> {
          if (event instanceof KeyStoreEvent.Reloaded) {
            checkedOn.add(Thread.currentThread());
            storeReloaded.countDown();
          }
        })
        .open();
    OmnidevKeyFile omnidev = OmnidevKeyFile.builder(omnidevFile).refreshInterval(Duration.ofMillis(5))
        .listener(event -> {
          if (event instanceof KeyStoreEvent.Reloaded) {
            checkedOn.add(Thread.currentThread());
            omnidevReloaded.countDown();
          }
        })
        .open();
    Set<Thread> before = liveThreadsNamed("latchkey-background-");
    FileKeyStore writer = Stores.manual(storeFile, clock).open();

    Authenticator auth = Latchkey.builder().source(store).source(omnidev).build();
    IssuedKey issued = writer.create(KeyRequest.named("made-elsewhere").build());
    Files.writeString(omnidevFile, "[{\"keyHash\": \"" + OmnidevKeyFileTest.HASH + "\", \"userId\": \"user-42\"}]");
    await(storeReloaded, "the store's edit was picked up");
    await(omnidevReloaded, "the Omnidev file's edit was picked up");

    Set<Thread> started = liveThreadsNamed("latchkey-background-");
    started.removeAll(before);
    assertThat(started).hasSize(1);
    Thread background = started.iterator().next();
    assertThat(background.isDaemon()).isTrue();
    assertThat(checkedOn).containsExactly(background);
    assertThat(liveThreadsNamed("latchkey-")).allSatisfy(t -> assertThat(t.getName()).startsWith("latchkey-background-"));

    auth.close();

    background.join(TimeUnit.SECONDS.toMillis(10));
    assertThat(background.isAlive()).isFalse();
    writer.create(KeyRequest.named("after-close").build());
    assertThat(store.reloadIfChanged()).as("no check ran after close").isEqualTo(Reload.reloaded(2));
    assertThat(auth.authenticate(TestRequests.apiKey(issued.secret().expose()))).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(auth.authenticate(TestRequests.apiKey(OmnidevKeyFileTest.KEY))).isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void sourcesBuiltFromTheYamlChainRunTheirChecksOnTheHostsSchedulerUntilClosed() throws Exception {
    Files.writeString(dir.resolve("platform.yaml"), "auth:\n  api_keys:\n    enabled: true\n    keys: []\n");
    Files.writeString(dir.resolve("api-keys.json"), "[]");
    Path chain = Files.writeString(dir.resolve("latchkey.yaml"), """
        sources:
          - type: yaml-keys
            file: platform.yaml
            check_interval: 1h
          - type: file-store
            file: keys.json
            create_if_missing: true
            refresh_interval: 1h
            flush_interval: 1h
          - type: omnidev-file
            file: api-keys.json
            refresh_interval: 1h
        """);
    ScheduledThreadPoolExecutor host = new ScheduledThreadPoolExecutor(1);
    Set<Thread> before = liveThreadsNamed("latchkey-");
    try {
      Authenticator auth = ChainConfiguration.load(chain, Map.of(), clock).scheduler(host).build();

      assertThat(host.getQueue()).hasSize(4).noneSatisfy(task -> assertThat(((Future<?>) task).isCancelled()).isTrue());
      assertThat(liveThreadsNamed("latchkey-")).isEqualTo(before);

      auth.close();

      assertThat(host.getQueue()).allSatisfy(task -> assertThat(((Future<?>) task).isCancelled()).isTrue());
      assertThat(host.isShutdown()).isFalse();
    } finally {
      host.shutdownNow();
    }
  }
}
