package dev.latchkey.keystore.file.internal;

import dev.latchkey.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Strapi's encrypted, viewable copy of a token: AES-256-GCM under the SHA-256 of the configured
 * encryption key string, with a random 16-byte IV and a 16-byte tag, stored as
 * {@code v1:<ivHex>:<ciphertextHex>:<tagHex>}. Thread-safe; the cipher is made per call.
 */
public final class ViewableCopy {
  private static final String PREFIX = "v1:";
  private static final int IV_BYTES = 16;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private final SecretKeySpec key;

  /** Copies under the AES key derived from {@code encryptionKey}. */
  public ViewableCopy(Secret encryptionKey) {
    try {
      byte[] derived = MessageDigest.getInstance("SHA-256").digest(encryptionKey.utf8());
      this.key = new SecretKeySpec(derived, "AES");
      Arrays.fill(derived, (byte) 0);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /** Encrypts {@code plaintext} with a fresh random IV. */
  public String encrypt(Secret plaintext) {
    byte[] iv = new byte[IV_BYTES];
    RANDOM.nextBytes(iv);
    return encrypt(plaintext, iv);
  }

  /** Encrypts {@code plaintext} with {@code iv}; for test vectors only, as a reused IV breaks GCM. */
  String encrypt(Secret plaintext, byte[] iv) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      byte[] sealed = cipher.doFinal(plaintext.utf8());
      int tagStart = sealed.length - TAG_BITS / 8;
      return PREFIX + HEX.formatHex(iv) + ":" + HEX.formatHex(sealed, 0, tagStart) + ":" + HEX.formatHex(sealed, tagStart, sealed.length);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is required of every Java platform", e);
    }
  }

  /** The plaintext, if {@code stored} is a well-formed copy made under this key; empty otherwise. */
  public Optional<Secret> decrypt(String stored) {
    if (!isWellFormed(stored)) {
      return Optional.empty();
    }
    String[] parts = stored.split(":", -1);
    try {
      byte[] iv = HEX.parseHex(parts[1]);
      byte[] ciphertext = HEX.parseHex(parts[2]);
      byte[] tag = HEX.parseHex(parts[3]);
      byte[] sealed = Arrays.copyOf(ciphertext, ciphertext.length + tag.length);
      System.arraycopy(tag, 0, sealed, ciphertext.length, tag.length);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      return Optional.of(Secret.of(new String(cipher.doFinal(sealed), StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code stored} has the shape {@code v1:<32 hex>:<hex>:<32 hex>}. */
  public static boolean isWellFormed(String stored) {
    if (!stored.startsWith(PREFIX)) {
      return false;
    }
    String[] parts = stored.split(":", -1);
    return parts.length == 4
        && parts[1].length() == IV_BYTES * 2
        && parts[3].length() == TAG_BITS / 4
        && parts[2].length() % 2 == 0
        && isHex(parts[1]) && isHex(parts[2]) && isHex(parts[3]);
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "ViewableCopy[AES-256-GCM]";
  }
}
