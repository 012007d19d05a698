package dev.latchkey.internal;

/** Lower-case hexadecimal encoding. Stateless and thread-safe. */
public final class Hex {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private Hex() {}

  /** Encodes {@code bytes} as lower-case hex, two characters per byte. */
  public static String encode(byte[] bytes) {
    return encode(bytes, bytes.length);
  }

  /** Encodes the first {@code length} bytes of {@code bytes} as lower-case hex. */
  public static String encode(byte[] bytes, int length) {
    char[] out = new char[length * 2];
    for (int i = 0; i < length; i++) {
      out[2 * i] = DIGITS[(bytes[i] >> 4) & 0xf];
      out[2 * i + 1] = DIGITS[bytes[i] & 0xf];
    }
    return new String(out);
  }
}
