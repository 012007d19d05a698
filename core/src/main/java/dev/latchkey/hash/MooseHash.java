package dev.latchkey.hash;

import dev.latchkey.Secret;
import dev.latchkey.internal.Digests;
import dev.latchkey.internal.Hex;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * MooseStack's admin token format. The token is {@code <hex>.<hex>}: PBKDF2-HMAC-SHA256 with 1000
 * iterations and 20 output bytes, password = the text before the dot, salt = the text after it (as
 * text, not hex-decoded). The stored value is the 40-hex result, written {@code moose-pbkdf2:<hex>}.
 * Because the salt travels in the token, the index derives once per token and looks the result up.
 */
final class MooseHash implements IndexableHash {
  static final String FORMAT = "moose-pbkdf2";
  static final int ITERATIONS = 1000;
  static final int LENGTH = 20;

  static final IndexKind KIND =
      new IndexKind() {
        @Override
        public boolean slow() {
          return true;
        }

        @Override
        public byte[] derive(Secret secret) {
          return deriveFromToken(secret.expose());
        }
      };

  private final byte[] stored;

  MooseHash(byte[] stored) {
    this.stored = stored;
  }

  /** The derivation for a token, or null if it is not two parts around one dot. */
  static byte[] deriveFromToken(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0 || dot == token.length() - 1 || token.indexOf('.', dot + 1) >= 0) {
      return null;
    }
    byte[] password = token.substring(0, dot).getBytes(StandardCharsets.UTF_8);
    byte[] salt = token.substring(dot + 1).getBytes(StandardCharsets.UTF_8);
    return Digests.pbkdf2HmacSha256(password, salt, ITERATIONS, LENGTH);
  }

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public String encoded() {
    return FORMAT + ":" + Hex.encode(stored);
  }

  /** The bare 40-hex value MooseStack keeps in its configuration. */
  String storedValue() {
    return Hex.encode(stored);
  }

  @Override
  public boolean verify(Secret secret) {
    byte[] derived = deriveFromToken(secret.expose());
    return derived != null && MessageDigest.isEqual(derived, stored);
  }

  @Override
  public boolean isSlow() {
    return true;
  }

  @Override
  public IndexKind indexKind() {
    return KIND;
  }

  @Override
  public int indexPrefix() {
    return ((stored[0] & 0xff) << 24) | ((stored[1] & 0xff) << 16) | ((stored[2] & 0xff) << 8) | (stored[3] & 0xff);
  }

  @Override
  public boolean matchesDerived(byte[] derived) {
    return MessageDigest.isEqual(derived, stored);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MooseHash other && Arrays.equals(stored, other.stored);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(stored);
  }

  @Override
  public String toString() {
    return "KeyHash[" + FORMAT + "]";
  }
}
