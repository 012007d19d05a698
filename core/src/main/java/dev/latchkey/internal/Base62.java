package dev.latchkey.internal;

import java.math.BigInteger;

/** Fixed-width base62 ({@code 0-9A-Za-z}) encoding. Stateless and thread-safe. */
public final class Base62 {
  /** The alphabet, in digit order. */
  public static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private static final BigInteger BASE = BigInteger.valueOf(62);

  private Base62() {}

  /** {@code bytes} as an unsigned number in base62, left-padded with {@code 0} to {@code width}. */
  public static String encode(byte[] bytes, int width) {
    return pad(new BigInteger(1, bytes), width);
  }

  /** {@code value} (non-negative) in base62, left-padded with {@code 0} to {@code width}. */
  public static String encode(long value, int width) {
    return pad(BigInteger.valueOf(value), width);
  }

  /** Whether every character of {@code s} from {@code start} is in the alphabet. */
  public static boolean isBase62(CharSequence s, int start) {
    for (int i = start; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
        return false;
      }
    }
    return true;
  }

  private static String pad(BigInteger value, int width) {
    char[] out = new char[width];
    BigInteger v = value;
    for (int i = width - 1; i >= 0; i--) {
      BigInteger[] qr = v.divideAndRemainder(BASE);
      out[i] = ALPHABET.charAt(qr[1].intValue());
      v = qr[0];
    }
    if (v.signum() != 0) {
      throw new IllegalArgumentException("value does not fit in " + width + " base62 digits");
    }
    return new String(out);
  }
}
