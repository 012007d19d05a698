package dev.latchkey.internal;

/**
 * SipHash-2-4 (Aumasson and Bernstein, 2012): a keyed pseudorandom function with a 128-bit key and a
 * 64-bit output, fast on short inputs. Latchkey uses it under a key drawn once per process to name
 * secrets in logs and events ({@link Digests#processFingerprint}): without the key, a name cannot be
 * used to test guesses. Stateless and thread-safe.
 */
public final class SipHash {
  /** Reads eight bytes of an array as one little-endian long. */
  private static final java.lang.invoke.VarHandle LONG_LE =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

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
    State v = new State(k0, k1);
    int length = message.length;
    int blocks = length & ~7;
    for (int i = 0; i < blocks; i += 8) {
      v.compress((long) LONG_LE.get(message, i), 2);
    }
    v.compress(((long) length << 56) | littleEndian(message, blocks, length - blocks), 2);
    v.v2 ^= 0xff;
    v.rounds(4);
    return v.v0 ^ v.v1 ^ v.v2 ^ v.v3;
  }

  /** The four words of SipHash's internal state. */
  private static final class State {
    long v0;
    long v1;
    long v2;
    long v3;

    State(long k0, long k1) {
      v0 = k0 ^ 0x736f6d6570736575L;
      v1 = k1 ^ 0x646f72616e646f6dL;
      v2 = k0 ^ 0x6c7967656e657261L;
      v3 = k1 ^ 0x7465646279746573L;
    }

    /** Absorbs one 64-bit message word with {@code count} rounds. */
    void compress(long m, int count) {
      v3 ^= m;
      rounds(count);
      v0 ^= m;
    }

    /** {@code count} SipRounds. */
    void rounds(int count) {
      for (int r = 0; r < count; r++) {
        v0 += v1;
        v1 = Long.rotateLeft(v1, 13) ^ v0;
        v0 = Long.rotateLeft(v0, 32);
        v2 += v3;
        v3 = Long.rotateLeft(v3, 16) ^ v2;
        v0 += v3;
        v3 = Long.rotateLeft(v3, 21) ^ v0;
        v2 += v1;
        v1 = Long.rotateLeft(v1, 17) ^ v2;
        v2 = Long.rotateLeft(v2, 32);
      }
    }
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
