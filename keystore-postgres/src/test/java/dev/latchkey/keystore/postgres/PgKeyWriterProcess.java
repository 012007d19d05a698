package dev.latchkey.keystore.postgres;

import dev.latchkey.keystore.file.IssuedKey;
import dev.latchkey.keystore.file.KeyRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A separate writer process for {@link PostgresKeyStoreProcessTest}: creates keys in batches of
 * {@code batch} (one transaction each) and prints each key's id once its batch committed; a count of 0
 * writes until killed.
 */
public final class PgKeyWriterProcess {
  private PgKeyWriterProcess() {}

  /**
   * {@code <jdbc url> <table prefix> <count> <batch> <name>}.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(args[0]);
    int count = Integer.parseInt(args[2]);
    int batch = Integer.parseInt(args[3]);
    try (PostgresKeyStore store = PostgresKeyStore.builder(dataSource).tablePrefix(args[1]).createSchema(true)
        .flushInterval(Duration.ZERO).open()) {
      for (int i = 0; count == 0 || i < count; i += batch) {
        List<KeyRequest> requests = new ArrayList<>();
        for (int j = 0; j < batch; j++) {
          requests.add(KeyRequest.named(args[4] + "-" + (i + j)).build());
        }
        for (IssuedKey issued : store.createAll(requests)) {
          System.out.println(issued.key().id());
        }
        System.out.flush();
      }
    }
  }
}
