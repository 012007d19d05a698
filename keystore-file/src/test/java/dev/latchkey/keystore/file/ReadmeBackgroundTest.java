package dev.latchkey.keystore.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.Authenticator;
import dev.latchkey.Latchkey;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's snippet on handing Latchkey the host's scheduler, run for real. */
class ReadmeBackgroundTest {
  @TempDir Path dir;

  @Test
  void aHostsSchedulerRunsTheChecksAndKeepsRunningAfterClose() {
    Path data = dir;
    // README-BEGIN
    FileKeyStore store = FileKeyStore.builder(data.resolve("keys.json")).open();
    var scheduler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();   // the host's own
    Authenticator auth = Latchkey.builder()
        .source(store)
        .scheduler(scheduler)   // without it, one daemon thread of the authenticator's own
        .build();
    // …
    auth.close();               // cancels Latchkey's tasks, closes the store; the executor keeps running
    // README-END

    try {
      assertThat(scheduler.isShutdown()).isFalse();
      assertThat(store.size()).isZero();
    } finally {
      scheduler.shutdownNow();
    }
  }
}
