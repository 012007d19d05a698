package dev.latchkey.keystore.file.internal;

import dev.latchkey.ConfigurationException;
import dev.latchkey.keystore.file.KeyStoreEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a file-backed source's events to the host's listener, which may fail without harming the
 * source, and reports failed reloads the same way for every source: a warning naming every problem,
 * then {@link KeyStoreEvent.ReloadFailed}. Never carries a secret. Thread-safe if the listener is.
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
    try {
      listener.accept(event);
    } catch (RuntimeException e) {
      LOG.warn("a key store listener failed ({})", e.getClass().getName());
    }
  }

  /** Reports a reload that failed while {@code keysInForce} keys stay in force. */
  public void reloadFailed(List<ConfigurationException.Problem> problems, int keysInForce) {
    LOG.warn("could not reload {}; keeping the {} keys loaded before:\n{}", file, keysInForce, new ConfigurationException(problems).getMessage());
    emit(new KeyStoreEvent.ReloadFailed(file, problems));
  }
}
