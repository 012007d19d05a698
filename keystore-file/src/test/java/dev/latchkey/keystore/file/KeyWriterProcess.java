package dev.latchkey.keystore.file;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A separate writer process for {@link FileKeyStoreProcessTest}: creates {@code count} keys in the store
 * {@code file}, one write each, and prints each key's id on its own line once {@code create} returned (the
 * acknowledgement a test may rely on). A count of 0 writes until killed.
 */
public final class KeyWriterProcess {
  private KeyWriterProcess() {}

  /** {@code <file> <count> <name>}. */
  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    FileKeyStore store = FileKeyStore.builder(file).refreshInterval(Duration.ZERO).flushInterval(Duration.ZERO).open();
    for (int i = 0; count == 0 || i < count; i++) {
      IssuedKey issued = store.create(KeyRequest.named(args[2] + "-" + i).build());
      System.out.println(issued.key().id());
      System.out.flush();
    }
  }
}
