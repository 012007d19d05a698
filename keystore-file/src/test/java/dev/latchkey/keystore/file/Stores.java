package dev.latchkey.keystore.file;

import dev.latchkey.Credential;
import dev.latchkey.Secret;
import dev.latchkey.Verdict;
import dev.latchkey.testing.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** Shared fixtures: stores with no background thread, on a clock the test moves. */
final class Stores {
  static final Instant START = Instant.parse("2026-11-30T12:00:00Z");

  private Stores() {}

  static FileKeyStore.Builder manual(Path file, MutableClock clock) {
    return FileKeyStore.builder(file).clock(clock).refreshInterval(Duration.ZERO).flushInterval(Duration.ZERO);
  }

  static Verdict verify(FileKeyStore store, Secret secret) {
    return store.verify(Credential.bearer(secret.expose()));
  }

  static Verdict verify(FileKeyStore store, String secret) {
    return store.verify(Credential.bearer(secret));
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
