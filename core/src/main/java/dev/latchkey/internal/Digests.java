package dev.latchkey.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The digests the core uses on the request path: SHA-256, HMAC-SHA256 under a key drawn once per
 * process from {@link SecureRandom}, and SipHash-2-4 under another such key for the short names of
 * secrets. Instances are cloned from a prototype or kept per thread, so every call is independent and
 * thread-safe.
 */
public final class Digests {
  private static final MessageDigest SHA_256_PROTOTYPE;
  private static final Mac PROCESS_HMAC_PROTOTYPE;
  private static final long FINGERPRINT_K0;
  private static final long FINGERPRINT_K1;

  static {
    try {
      SHA_256_PROTOTYPE = MessageDigest.getInstance("SHA-256");
      byte[] processKey = new byte[32];
      new SecureRandom().nextBytes(processKey);
      PROCESS_HMAC_PROTOTYPE = Mac.getInstance("HmacSHA256");
      PROCESS_HMAC_PROTOTYPE.init(new SecretKeySpec(processKey, "HmacSHA256"));
      SecureRandom random = new SecureRandom();
      FINGERPRINT_K0 = random.nextLong();
      FINGERPRINT_K1 = random.nextLong();
    } catch (GeneralSecurityException e) {
      // Every Java SE platform must provide SHA-256 and HmacSHA256.
      throw new ExceptionInInitializerError(e);
    }
  }

  private Digests() {}

  private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(Digests::newSha256);

  /** SHA-256 of {@code input}, with a digest instance kept per thread. */
  public static byte[] sha256(byte[] input) {
    return SHA_256.get().digest(input);
  }

  /** A fresh SHA-256 instance, owned by the caller. */
  public static MessageDigest newSha256() {
    try {
      return (MessageDigest) SHA_256_PROTOTYPE.clone();
    } catch (CloneNotSupportedException e) {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException impossible) {
        throw new IllegalStateException(impossible);
      }
    }
  }

  /**
   * SipHash-2-4 of {@code input} under a 128-bit key drawn once per process: a 64-bit name for a
   * secret, stable for the life of the JVM and meaningless outside it, so logs and events can name a
   * secret without letting anyone who reads them test guesses offline. Several times cheaper than
   * {@link #processHmac} on a short input, which matters because every decision reported to a listener
   * names its credential.
   */
  public static long processFingerprint(byte[] input) {
    return SipHash.hash(FINGERPRINT_K0, FINGERPRINT_K1, input);
  }

  /**
   * HMAC-SHA256 of {@code input} under this process's random key. The result is stable for the life
   * of the JVM and meaningless outside it, so it can name a secret without letting anyone who reads
   * it test guesses offline.
   */
  public static byte[] processHmac(byte[] input) {
    try {
      return ((Mac) PROCESS_HMAC_PROTOTYPE.clone()).doFinal(input);
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the HmacSHA256 provider cannot be cloned", e);
    }
  }

  /**
   * HMAC of {@code message} under {@code key} with the JCA algorithm {@code algorithm}
   * ({@code HmacSHA256}, {@code HmacSHA512}). An empty key is allowed: HMAC pads keys with zero bytes,
   * so it is computed as the one-byte key {@code 0x00} (which the JCA accepts).
   */
  public static byte[] hmac(String algorithm, byte[] key, byte[] message) {
    return newHmac(algorithm, key).doFinal(message);
  }

  /** An initialised HMAC instance, owned by the caller. See {@link #hmac}. */
  public static Mac newHmac(String algorithm, byte[] key) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, algorithm));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is not available", e);
    }
  }

  /**
   * PBKDF2 with HMAC-SHA256 (RFC 8018 §5.2) over raw password bytes. The JCA's
   * {@code PBKDF2WithHmacSHA256} takes a {@code char[]} and so cannot express arbitrary bytes.
   *
   * @param password the password bytes, possibly empty
   * @param salt the salt
   * @param iterations at least 1
   * @param length the derived key length in bytes, at least 1
   */
  public static byte[] pbkdf2HmacSha256(byte[] password, byte[] salt, int iterations, int length) {
    if (iterations < 1 || length < 1) {
      throw new IllegalArgumentException("PBKDF2 needs at least one iteration and one output byte");
    }
    Mac prf = newHmac("HmacSHA256", password);
    int hashLength = prf.getMacLength();
    byte[] out = new byte[length];
    byte[] u = new byte[hashLength];
    byte[] block = new byte[hashLength];
    for (int blockIndex = 1, offset = 0; offset < length; blockIndex++, offset += hashLength) {
      prf.update(salt);
      prf.update(new byte[] {
        (byte) (blockIndex >>> 24), (byte) (blockIndex >>> 16), (byte) (blockIndex >>> 8), (byte) blockIndex
      });
      try {
        prf.doFinal(u, 0);
        System.arraycopy(u, 0, block, 0, hashLength);
        for (int i = 1; i < iterations; i++) {
          prf.update(u);
          prf.doFinal(u, 0);
          for (int j = 0; j < hashLength; j++) {
            block[j] ^= u[j];
          }
        }
      } catch (javax.crypto.ShortBufferException impossible) {
        throw new IllegalStateException(impossible);
      }
      System.arraycopy(block, 0, out, offset, Math.min(hashLength, length - offset));
    }
    return out;
  }
}
