package dev.latchkey.hash;

import dev.latchkey.Secret;
import dev.latchkey.internal.Digests;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/**
 * PBKDF2-HMAC-SHA256 in PHC string form: {@code $pbkdf2-sha256$i=<iterations>,l=<length>$<salt>$<hash>},
 * salt and hash in standard base64 without padding. Also reads passlib's variant
 * ({@code $pbkdf2-sha256$<iterations>$<salt>$<hash>} in its adapted base64, {@code .} for {@code +}).
 */
final class Pbkdf2Hash implements KeyHash {
  static final String FORMAT = "pbkdf2-sha256";
  static final String PREFIX = "$pbkdf2-sha256$";
  static final int MAX_ITERATIONS = 10_000_000;

  private final int iterations;
  private final byte[] salt;
  private final byte[] hash;

  Pbkdf2Hash(int iterations, byte[] salt, byte[] hash) {
    this.iterations = iterations;
    this.salt = salt;
    this.hash = hash;
  }

  static Pbkdf2Hash create(Secret secret, int iterations, byte[] salt, int length) {
    return new Pbkdf2Hash(iterations, salt, Digests.pbkdf2HmacSha256(secret.utf8(), salt, iterations, length));
  }

  static Pbkdf2Hash parse(String encoded) {
    String[] parts = encoded.substring(PREFIX.length()).split("\\$", -1);
    if (parts.length != 3) {
      throw new InvalidKeyHashException(
          "a pbkdf2-sha256 hash must read $pbkdf2-sha256$i=<iterations>[,l=<length>]$<salt>$<hash>");
    }
    boolean passlib = !parts[0].isEmpty() && parts[0].chars().allMatch(Character::isDigit);
    int iterations;
    int length = -1;
    if (passlib) {
      iterations = parseCount(parts[0], "iterations");
    } else {
      iterations = -1;
      for (String param : parts[0].split(",", -1)) {
        if (param.startsWith("i=")) {
          iterations = parseCount(param.substring(2), "iterations");
        } else if (param.startsWith("l=")) {
          length = parseCount(param.substring(2), "length");
        } else {
          throw new InvalidKeyHashException("a pbkdf2-sha256 hash has an unknown parameter (expected i= and l=)");
        }
      }
      if (iterations < 0) {
        throw new InvalidKeyHashException("a pbkdf2-sha256 hash must give its iterations as i=<n>");
      }
    }
    if (iterations > MAX_ITERATIONS) {
      throw new InvalidKeyHashException("a pbkdf2-sha256 hash asks for more than " + MAX_ITERATIONS + " iterations");
    }
    byte[] salt = decode(parts[1], passlib, "salt");
    byte[] hash = decode(parts[2], passlib, "hash");
    if (salt.length == 0) {
      throw new InvalidKeyHashException("a pbkdf2-sha256 hash must have a salt");
    }
    if (hash.length < 16 || hash.length > 64) {
      throw new InvalidKeyHashException("a pbkdf2-sha256 hash must be 16 to 64 bytes long");
    }
    if (length >= 0 && length != hash.length) {
      throw new InvalidKeyHashException("a pbkdf2-sha256 hash is not as long as its l= parameter says");
    }
    return new Pbkdf2Hash(iterations, salt, hash);
  }

  private static int parseCount(String text, String what) {
    try {
      int value = Integer.parseInt(text);
      if (value < 1) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new InvalidKeyHashException("a pbkdf2-sha256 hash has an invalid " + what + " count");
    }
  }

  private static byte[] decode(String text, boolean passlib, String what) {
    try {
      return Base64.getDecoder().decode(passlib ? text.replace('.', '+') : text);
    } catch (IllegalArgumentException e) {
      throw new InvalidKeyHashException("a pbkdf2-sha256 hash has a " + what + " that is not valid base64");
    }
  }

  int iterations() {
    return iterations;
  }

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public String encoded() {
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return PREFIX + "i=" + iterations + ",l=" + hash.length + "$" + b64.encodeToString(salt) + "$"
        + b64.encodeToString(hash);
  }

  @Override
  public boolean verify(Secret secret) {
    return MessageDigest.isEqual(
        Digests.pbkdf2HmacSha256(secret.utf8(), salt, iterations, hash.length), hash);
  }

  @Override
  public boolean isSlow() {
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Pbkdf2Hash other
        && iterations == other.iterations
        && Arrays.equals(salt, other.salt)
        && Arrays.equals(hash, other.hash);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(hash);
  }

  @Override
  public String toString() {
    return "KeyHash[" + FORMAT + ", " + iterations + " iterations]";
  }
}
