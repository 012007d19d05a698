package dev.latchkey.internal;

/** Lower-case hexadecimal encoding. Stateless and thread-safe. */
public final class Hex {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private Hex() {}

  /** Encodes {@code bytes} as lower-case hex, two characters per byte. */
  public static String encode(byte[] bytes) {
    return encode(bytes, bytes.length);
  }

  /** Encodes {@code value} as 16 lower-case hex characters, most significant first. */
  public static String encode(long value) {
    char[] out = new char[16];
    for (int i = 15; i >= 0; i--) {
      out[i] = DIGITS[(int) (value & 0xf)];
      value >>>= 4;
    }
    return new String(out);
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

  /**
   * Decodes hex text of either case.
   *
   * @throws IllegalArgumentException if {@code hex} has an odd length or a non-hex character; the
   *     message never repeats the input
   */
  public static byte[] decode(String hex) {
    if (hex.length() % 2 != 0) {
      throw new IllegalArgumentException("hex text must have an even number of characters");
    }
    byte[] out = new byte[hex.length() / 2];
    for (int i = 0; i < out.length; i++) {
      int hi = digit(hex.charAt(2 * i));
      int lo = digit(hex.charAt(2 * i + 1));
      if (hi < 0 || lo < 0) {
        throw new IllegalArgumentException("hex text may contain only 0-9, a-f and A-F");
      }
      out[i] = (byte) ((hi << 4) | lo);
    }
    return out;
  }

  /**
   * The bytes of {@code text} from {@code from} to its end, when that is exactly {@code length} hex
   * characters of either case; no substring is made.
   *
   * @return the bytes, or null if the rest of the text is not {@code length} hex characters
   */
  public static byte[] decodeRest(String text, int from, int length) {
    if (length % 2 != 0 || text.length() - from != length) {
      return null;
    }
    byte[] out = new byte[length / 2];
    int bad = 0;
    for (int i = 0; i < out.length; i++) {
      int hi = digit(text.charAt(from + 2 * i));
      int lo = digit(text.charAt(from + 2 * i + 1));
      bad |= hi | lo;
      out[i] = (byte) ((hi << 4) | lo);
    }
    return bad < 0 ? null : out;
  }

  /** Whether {@code text} is non-empty hex of exactly {@code length} characters. */
  public static boolean isHex(String text, int length) {
    if (text.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (digit(text.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  private static int digit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
