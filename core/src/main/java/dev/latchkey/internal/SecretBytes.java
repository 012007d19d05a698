package dev.latchkey.internal;

import dev.latchkey.Secret;
import java.util.function.Function;

/**
 * Read access to a {@link Secret}'s own UTF-8 bytes, without the copy {@link Secret#utf8()} makes, for
 * hashing on the request path inside core. The array must never be modified, stored or logged.
 * {@code Secret} installs the accessor when it is initialised; this package is not exported.
 */
public final class SecretBytes {
  private static volatile Function<Secret, byte[]> reader;

  private SecretBytes() {}

  /** Called once, by {@code Secret}'s static initialiser. */
  public static void install(Function<Secret, byte[]> bytesReader) {
    if (reader != null) {
      throw new IllegalStateException("already installed");
    }
    reader = bytesReader;
  }

  /** The secret's UTF-8 bytes; read only. */
  public static byte[] of(Secret secret) {
    Function<Secret, byte[]> r = reader;
    if (r == null) {
      // Secret's initialiser runs before any instance exists, so this is unreachable in practice.
      return secret.utf8();
    }
    return r.apply(secret);
  }
}
