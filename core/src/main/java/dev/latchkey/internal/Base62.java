package dev.latchkey.internal;

import java.math.BigInteger;

/** Fixed-width base62 ({@code 0-9A-Za-z}) encoding. Stateless and thread-safe. */
public final class Base62 {
  /** The alphabet, in digit order. */
  public static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private static final BigInteger BASE = BigInteger.valueOf(62);
  /** Non-zero for ASCII characters of the alphabet: a table, so checks do not branch on the data. */
  private static final byte[] IS_DIGIT = new byte[128];

  static {
    for (int i = 0; i < ALPHABET.length(); i++) {
      IS_DIGIT[ALPHABET.charAt(i)] = 1;
    }
  }

  private Base62() {}

  /** {@code bytes} as an unsigned number in base62, left-padded with {@code 0} to {@code width}. */
  public static String encode(byte[] bytes, int width) {
    char[] out = new char[width];
    BigInteger v = new BigInteger(1, bytes);
    for (int i = width - 1; i >= 0; i--) {
      BigInteger[] qr = v.divideAndRemainder(BASE);
      out[i] = ALPHABET.charAt(qr[1].intValue());
      v = qr[0];
    }
    requireZero(v.signum(), width);
    return new String(out);
  }

  /** {@code value} (non-negative) in base62, left-padded with {@code 0} to {@code width}. */
  public static String encode(long value, int width) {
    char[] out = new char[width];
    long v = value;
    for (int i = width - 1; i >= 0; i--) {
      out[i] = ALPHABET.charAt((int) (v % 62));
      v /= 62;
    }
    requireZero(Long.signum(v), width);
    return new String(out);
  }

  /**
   * Whether the {@code width} ASCII bytes of {@code text} ending at {@code end} spell {@code value}
   * in base62, left-padded with {@code 0}. Allocates nothing.
   */
  public static boolean spells(long value, byte[] text, int end, int width) {
    long v = value;
    int mismatch = 0;
    for (int i = end - 1; i >= end - width; i--) {
      mismatch |= text[i] ^ ALPHABET.charAt((int) (v % 62));
      v /= 62;
    }
    return mismatch == 0 && v == 0;
  }

  /** Whether every byte of {@code text} from {@code start} to {@code end} is a base62 digit. */
  public static boolean isBase62(byte[] text, int start, int end) {
    int ok = 1;
    for (int i = start; i < end; i++) {
      int b = text[i];
      // Negative bytes (non-ASCII) fail the mask; the table answers the rest.
      ok &= b >= 0 ? IS_DIGIT[b] : 0;
    }
    return ok == 1;
  }

  private static void requireZero(int signum, int width) {
    if (signum != 0) {
      throw new IllegalArgumentException("value does not fit in " + width + " base62 digits");
    }
  }
}
