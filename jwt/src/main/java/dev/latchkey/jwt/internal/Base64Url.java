package dev.latchkey.jwt.internal;

import java.util.Arrays;

/**
 * Unpadded base64url (RFC 4648 §5) as compact JWS uses it, read straight from a token's ASCII bytes:
 * a lookup per character, no intermediate string, and only the canonical spelling accepted. Stateless
 * and thread-safe.
 */
public final class Base64Url {
  private static final byte[] VALUES = new byte[256];

  static {
    Arrays.fill(VALUES, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < alphabet.length(); i++) {
      VALUES[alphabet.charAt(i)] = (byte) i;
    }
  }

  private Base64Url() {}

  /** The 6-bit value of the character {@code b}, or -1 when it is not in the base64url alphabet. */
  public static int value(byte b) {
    return VALUES[b & 0xff];
  }

  /**
   * Whether {@code ascii[from, to)}, all base64url characters, is canonical: its length is not 1 mod 4,
   * and the bits of its last character that encode nothing are zero. A canonical part has one spelling,
   * so a signed token has exactly one.
   */
  public static boolean isCanonical(byte[] ascii, int from, int to) {
    int remainder = (to - from) % 4;
    if (remainder == 0) {
      return true;
    }
    if (remainder == 1) {
      return false;
    }
    int last = value(ascii[to - 1]);
    return remainder == 2 ? (last & 0x0f) == 0 : (last & 0x03) == 0;
  }

  /** Decodes {@code ascii[from, to)}, already found {@link #isCanonical canonical} base64url characters. */
  public static byte[] decode(byte[] ascii, int from, int to) {
    int length = to - from;
    byte[] out = new byte[length / 4 * 3 + Math.max(0, length % 4 - 1)];
    int o = 0;
    int i = from;
    for (; i + 4 <= to; i += 4) {
      int bits = VALUES[ascii[i] & 0xff] << 18 | VALUES[ascii[i + 1] & 0xff] << 12 | VALUES[ascii[i + 2] & 0xff] << 6
          | VALUES[ascii[i + 3] & 0xff];
      out[o++] = (byte) (bits >> 16);
      out[o++] = (byte) (bits >> 8);
      out[o++] = (byte) bits;
    }
    int rest = to - i;
    if (rest >= 2) {
      int bits = VALUES[ascii[i] & 0xff] << 18 | VALUES[ascii[i + 1] & 0xff] << 12 | (rest == 3 ? VALUES[ascii[i + 2] & 0xff] << 6 : 0);
      out[o++] = (byte) (bits >> 16);
      if (rest == 3) {
        out[o] = (byte) (bits >> 8);
      }
    }
    return out;
  }
}
