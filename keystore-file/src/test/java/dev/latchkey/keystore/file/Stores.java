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

  /** Bytes JSON parsers take for UTF-32 (they start with 00 00 00 7B) that are not: 0xFFFFFFFF is no character. */
  static final byte[] NOT_TEXT = {0, 0, 0, '{', 0, 0, 0, '"', (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};

  /** What a file of {@link #NOT_TEXT} is refused with: no bytes of it quoted. */
  static final String NOT_TEXT_PROBLEM = "is not JSON text in UTF-8, UTF-16 or UTF-32 (CharConversionException)";

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
