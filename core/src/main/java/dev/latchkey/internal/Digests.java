package dev.latchkey.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The digests the core uses on the request path: SHA-256, and HMAC-SHA256 under a key drawn once per
 * process from {@link SecureRandom}. Instances are cloned from a prototype, so every call is
 * independent and thread-safe.
 */
public final class Digests {
  private static final MessageDigest SHA_256_PROTOTYPE;
  private static final Mac PROCESS_HMAC_PROTOTYPE;

  static {
    try {
      SHA_256_PROTOTYPE = MessageDigest.getInstance("SHA-256");
      byte[] processKey = new byte[32];
      new SecureRandom().nextBytes(processKey);
      PROCESS_HMAC_PROTOTYPE = Mac.getInstance("HmacSHA256");
      PROCESS_HMAC_PROTOTYPE.init(new SecretKeySpec(processKey, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      // Every Java SE platform must provide SHA-256 and HmacSHA256.
      throw new ExceptionInInitializerError(e);
    }
  }

  private Digests() {}

  /** SHA-256 of {@code input}. */
  public static byte[] sha256(byte[] input) {
    return newSha256().digest(input);
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
}
