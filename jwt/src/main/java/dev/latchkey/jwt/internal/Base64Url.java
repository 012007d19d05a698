package dev.latchkey.jwt.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;

/**
 * Unpadded base64url (RFC 4648 §5) as compact JWS uses it, read straight from a token's ASCII bytes:
 * a lookup per character to check the alphabet, no intermediate string, and only the canonical spelling
 * accepted. Stateless and thread-safe.
 */
public final class Base64Url {
  private static final byte[] VALUES = new byte[256];
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

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

  /**
   * Decodes {@code ascii[from, to)} if it is {@link #isCanonical canonical} unpadded base64url and
   * nothing else, with the JDK's decoder (vectorised where the JVM has an intrinsic for it), which checks
   * every character as it decodes; no intermediate copy of the input. Never throws for any input.
   *
   * @return the bytes (none for an empty range), or null when a character is not base64url (padding
   *     included) or the part is not canonical
   */
  public static byte[] decode(byte[] ascii, int from, int to) {
    // The JDK's decoder also takes '=' padding, which ends a part; a canonical last character rules it out.
    if (to < from || (to > from && (value(ascii[to - 1]) < 0 || !isCanonical(ascii, from, to)))) {
      return null;
    }
    ByteBuffer out;
    try {
      out = DECODER.decode(ByteBuffer.wrap(ascii, from, to - from));
    } catch (IllegalArgumentException notBase64Url) {
      return null;
    }
    // Unpadded canonical input decodes to exactly the array the decoder sized for it.
    return out.remaining() == out.array().length ? out.array() : Arrays.copyOf(out.array(), out.remaining());
  }
}
