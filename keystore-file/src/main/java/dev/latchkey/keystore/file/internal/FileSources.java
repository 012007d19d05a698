package dev.latchkey.keystore.file.internal;

import dev.latchkey.ConfigurationException;
import dev.latchkey.CredentialSource;
import dev.latchkey.config.Settings;
import dev.latchkey.keystore.file.KeyStoreException;
import java.util.Optional;
import java.util.function.Supplier;

/** What the file-backed source factories share. Stateless. */
final class FileSources {
  private FileSources() {}

  /**
   * Opens a source, turning the file's own problems (with their lines) and an unreadable file into
   * problems of {@code settings}; empty then.
   */
  static Optional<CredentialSource> open(Settings settings, Supplier<? extends CredentialSource> opener) {
    try {
      return Optional.of(opener.get());
    } catch (ConfigurationException e) {
      settings.problems(e.problems());
    } catch (KeyStoreException e) {
      settings.problem("file", e.getMessage());
    }
    return Optional.empty();
  }
}
