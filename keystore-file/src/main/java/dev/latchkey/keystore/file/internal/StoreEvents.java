package dev.latchkey.keystore.file.internal;

import dev.latchkey.keystore.file.KeyStoreEvent;
import dev.latchkey.spi.Reload;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a file-backed source's events to the host's listener, which may fail without harming the
 * source, and turns the outcomes its {@link dev.latchkey.spi.ReloadingFile} reports into
 * {@link KeyStoreEvent}s, the same way for every source. Never carries a secret. Thread-safe if the
 * listener is.
 */
public final class StoreEvents {
  private static final Logger LOG = LoggerFactory.getLogger(StoreEvents.class);

  private final Path file;
  private final Consumer<KeyStoreEvent> listener;

  /** Events about {@code file}, for {@code listener}. */
  public StoreEvents(Path file, Consumer<KeyStoreEvent> listener) {
    this.file = Objects.requireNonNull(file, "file");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** Gives {@code event} to the listener; a listener that throws is logged by class. */
  public void emit(KeyStoreEvent event) {
    deliver(listener, event);
  }

  /** Gives {@code event} to {@code listener}; a listener's failure is logged, never thrown. */
  public static void deliver(Consumer<KeyStoreEvent> listener, KeyStoreEvent event) {
    try {
      listener.accept(event);
    } catch (RuntimeException e) {
      LOG.warn("a key store listener failed ({})", e.getClass().getName());
    }
  }


  /**
   * Reports what a check of the file found, as a reloading file's listener: a reload or a failed
   * reload (the reloading file has logged it and tells of each failure once).
   */
  public void reloaded(Reload outcome) {
    if (outcome instanceof Reload.Reloaded reloaded) {
      emit(new KeyStoreEvent.Reloaded(file, reloaded.items()));
    } else if (outcome instanceof Reload.Failed failed) {
      emit(new KeyStoreEvent.ReloadFailed(file, failed.problems()));
    }
  }
}
