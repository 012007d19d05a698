package dev.latchkey;

import dev.latchkey.internal.Digests;
import dev.latchkey.internal.Hex;
import dev.latchkey.internal.Latin1;
import dev.latchkey.internal.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret a client presented or an operator configured: an API key, a token, a password.
 *
 * <p>A {@code Secret} never prints itself: {@link #toString()} shows only its {@link #fingerprint()}.
 * {@link #equals(Object)} compares in constant time (for secrets of equal length) with
 * {@link MessageDigest#isEqual(byte[], byte[])}. The value leaves the object only through
 * {@link #expose()} and {@link #utf8()}, whose names make every use easy to find in review.
 *
 * <p>Immutable and thread-safe.
 */
public final class Secret {
  private static final String FINGERPRINT_PREFIX = "fp_";

  static {
    SecretBytes.install(Secret::bytes);
  }

  private final String value;
  /** The UTF-8 encoding, made on first use: a JWT source reads the text and never needs it. */
  private volatile byte[] utf8;
  private volatile String fingerprint;

  private Secret(String value) {
    this.value = value;
  }

  /** The UTF-8 bytes, shared: never modified or handed out but through {@link SecretBytes}. */
  private byte[] bytes() {
    byte[] b = utf8;
    if (b == null) {
      b = value.getBytes(StandardCharsets.UTF_8); // the same bytes whichever thread makes them
      utf8 = b;
    }
    return b;
  }

  /**
   * Wraps {@code value}.
   *
   * @param value the secret text; non-empty, valid UTF-16
   * @return the wrapped secret; never null
   * @throws IllegalArgumentException if {@code value} is empty or holds an unpaired UTF-16
   *     surrogate, which has no UTF-8 form (the message never repeats the value)
   * @throws NullPointerException if {@code value} is null
   */
  public static Secret of(String value) {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("a secret must not be empty");
    }
    if (!Latin1.holds(value)) {
      int length = value.length();
      for (int i = 0; i < length; i++) {
        if (Character.isSurrogate(value.charAt(i))) {
          requirePairedSurrogates(value, i);
          break;
        }
      }
    }
    return new Secret(value);
  }

  /** Refuses an unpaired surrogate in {@code value}, whose first surrogate is at {@code from}. */
  private static void requirePairedSurrogates(String value, int from) {
    for (int i = from; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException("a secret must not contain an unpaired surrogate");
      }
    }
  }

  /**
   * The secret as text. Use it only where a library needs the text itself (a JWT parser, a prefix
   * check); never log, print or store it.
   *
   * @return the secret text; never null or empty
   */
  public String expose() {
    return value;
  }

  /**
   * A copy of the secret's UTF-8 bytes, for hashing. The caller owns the copy.
   *
   * @return a fresh copy of the UTF-8 encoding; never null or empty
   */
  public byte[] utf8() {
    return bytes().clone();
  }

  /**
   * Length of the secret in UTF-8 bytes.
   *
   * @return the number of UTF-8 bytes, at least 1
   */
  public int utf8Length() {
    return bytes().length;
  }

  /**
   * Whether this secret equals {@code other}, compared in constant time for equal lengths.
   *
   * @param other the secret to compare with; never null
   * @return {@code true} if both secrets have the same UTF-8 bytes
   */
  public boolean matches(Secret other) {
    return MessageDigest.isEqual(bytes(), other.bytes());
  }

  /**
   * A short, safe name for this secret to put in logs, events and traces: {@code fp_} followed by 16
   * hex characters of a keyed pseudorandom function (SipHash-2-4) under a key drawn at random when the
   * JVM starts. Equal secrets have equal fingerprints within one JVM; the fingerprint reveals nothing about the secret and
   * cannot be used to test guesses offline, even for weak human-chosen secrets. Fingerprints are not
   * comparable across processes.
   *
   * @return {@code fp_} and 16 lower-case hex characters; never null
   */
  public String fingerprint() {
    String f = fingerprint;
    if (f == null) {
      f = renderFingerprint(fingerprintBits());
      fingerprint = f;
    }
    return f;
  }

  /** The 64 bits {@link #fingerprint()} renders: an {@link AuthEvent} keeps them and renders them if asked. */
  long fingerprintBits() {
    return Digests.processFingerprint(bytes());
  }

  /** The text of a fingerprint: {@code fp_} and the 16 hex characters of {@code bits}. */
  static String renderFingerprint(long bits) {
    return FINGERPRINT_PREFIX + Hex.encode(bits);
  }

  /** Constant-time comparison of the secret values. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Secret other && matches(other);
  }

  /** Derived from the keyed fingerprint, so it reveals nothing about the secret. */
  @Override
  public int hashCode() {
    return fingerprint().hashCode();
  }

  /** {@code Secret[fingerprint]}; never the value. */
  @Override
  public String toString() {
    return "Secret[" + fingerprint() + "]";
  }
}
