package dev.latchkey.internal;

/**
 * SipHash-2-4 (Aumasson and Bernstein, 2012): a keyed pseudorandom function with a 128-bit key and a
 * 64-bit output, fast on short inputs. Latchkey uses it under a key drawn once per process to name
 * secrets in logs and events ({@link Digests#processFingerprint}): without the key, a name cannot be
 * used to test guesses. Stateless and thread-safe.
 */
public final class SipHash {
  private SipHash() {}

  /**
   * SipHash-2-4 of {@code message} under the key {@code (k0, k1)}, the two little-endian halves of the
   * 16-byte key.
   *
   * @param k0 the key's first eight bytes, little-endian
   * @param k1 the key's last eight bytes, little-endian
   * @param message the input
   * @return the 64-bit output
   */
  public static long hash(long k0, long k1, byte[] message) {
    long v0 = k0 ^ 0x736f6d6570736575L;
    long v1 = k1 ^ 0x646f72616e646f6dL;
    long v2 = k0 ^ 0x6c7967656e657261L;
    long v3 = k1 ^ 0x7465646279746573L;
    int length = message.length;
    int blocks = length & ~7;
    for (int i = 0; i < blocks; i += 8) {
      long m = littleEndian(message, i, 8);
      v3 ^= m;
      for (int r = 0; r < 2; r++) {
        v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
        v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
        v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
        v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
      }
      v0 ^= m;
    }
    long last = ((long) length << 56) | littleEndian(message, blocks, length - blocks);
    v3 ^= last;
    for (int r = 0; r < 2; r++) {
      v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
      v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
      v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
      v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
    }
    v0 ^= last;
    v2 ^= 0xff;
    for (int r = 0; r < 4; r++) {
      v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
      v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
      v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
      v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
    }
    return v0 ^ v1 ^ v2 ^ v3;
  }

  /** The {@code count} (0 to 8) bytes at {@code offset}, little-endian. */
  private static long littleEndian(byte[] bytes, int offset, int count) {
    long value = 0;
    for (int i = count - 1; i >= 0; i--) {
      value = (value << 8) | (bytes[offset + i] & 0xffL);
    }
    return value;
  }
}
