package dev.latchkey.keystore.file.internal;

import dev.latchkey.Secret;
import dev.latchkey.hash.InvalidKeyHashException;
import dev.latchkey.hash.KeyHash;
import dev.latchkey.hash.KeyHashFormat;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * bcrypt ({@code $2a$}, {@code $2b$}, {@code $2y$}), for verifying imported hashes such as Omnidev's
 * key file. Read-only: Latchkey never makes bcrypt hashes, because bcrypt reads only the first 72
 * bytes of a secret. That truncation is reproduced exactly, so Omnidev's 86-character keys verify as
 * they do in Omnidev. Thread-safe.
 */
public final class BcryptFormat implements KeyHashFormat {
  private static final Pattern SHAPE = Pattern.compile("\\$2[aby]\\$(\\d{2})\\$[./A-Za-z0-9]{53}");
  private static final int MAX_PASSWORD_BYTES = 72;
  private static final int MAX_COST = 16;

  /** Called by {@link java.util.ServiceLoader}. */
  public BcryptFormat() {}

  @Override
  public String name() {
    return "bcrypt";
  }

  @Override
  public boolean recognizes(String encoded) {
    return encoded.startsWith("$2a$") || encoded.startsWith("$2b$") || encoded.startsWith("$2y$");
  }

  @Override
  public KeyHash parse(String encoded) {
    var shape = SHAPE.matcher(encoded);
    if (!shape.matches()) {
      throw new InvalidKeyHashException(
          "a bcrypt hash must read $2b$<cost>$<53 characters of ./A-Za-z0-9>");
    }
    int cost = Integer.parseInt(shape.group(1));
    if (cost < 4 || cost > MAX_COST) {
      throw new InvalidKeyHashException(
          "a bcrypt cost must be between 04 and " + MAX_COST + " (each step doubles the work of every verification)");
    }
    return new BcryptHash(encoded, cost);
  }

  private record BcryptHash(String encoded, int cost) implements KeyHash {
    @Override
    public String format() {
      return "bcrypt";
    }

    @Override
    public boolean verify(Secret secret) {
      byte[] password = secret.utf8();
      byte[] truncated = password.length > MAX_PASSWORD_BYTES ? Arrays.copyOf(password, MAX_PASSWORD_BYTES) : password;
      try {
        return OpenBSDBCrypt.checkPassword(encoded, truncated);
      } catch (RuntimeException malformed) {
        return false;
      }
    }

    @Override
    public boolean isSlow() {
      return true;
    }

    @Override
    public String toString() {
      return "KeyHash[bcrypt, cost " + cost + "]";
    }
  }
}
