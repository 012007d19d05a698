package dev.latchkey.hash;

import dev.latchkey.Secret;
import dev.latchkey.internal.Digests;
import dev.latchkey.internal.Hex;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/** A fast digest: {@code sha256:<hex>}, {@code hmac-sha256:<pepper>:<hex>}, {@code hmac-sha512:<pepper>:<hex>}. */
final class DigestHash implements IndexableHash {
  private final Kind kind;
  private final byte[] digest;

  DigestHash(Kind kind, byte[] digest) {
    this.kind = kind;
    this.digest = digest;
  }

  static DigestHash of(Kind kind, Secret secret) {
    return new DigestHash(kind, kind.derive(secret));
  }

  @Override
  public String format() {
    return kind.format;
  }

  @Override
  public String encoded() {
    return kind.pepperId == null
        ? kind.format + ":" + Hex.encode(digest)
        : kind.format + ":" + kind.pepperId + ":" + Hex.encode(digest);
  }

  @Override
  public boolean verify(Secret secret) {
    return MessageDigest.isEqual(kind.derive(secret), digest);
  }

  @Override
  public boolean isSlow() {
    return false;
  }

  @Override
  public IndexKind indexKind() {
    return kind;
  }

  @Override
  public byte[] indexKey() {
    return digest;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DigestHash other && kind.equals(other.kind) && Arrays.equals(digest, other.digest);
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + Arrays.hashCode(digest);
  }

  @Override
  public String toString() {
    return "KeyHash[" + kind.format + (kind.pepperId == null ? "" : ", pepper " + kind.pepperId) + "]";
  }

  /** The algorithm and, for keyed digests, the pepper. */
  static final class Kind implements IndexKind {
    static final Kind SHA256 = new Kind("sha256", null, null, null, 32);

    final String format;
    final String jcaHmac;
    final String pepperId;
    private final byte[] pepper;
    private final String pepperFingerprint;
    final int length;

    private Kind(String format, String jcaHmac, String pepperId, Secret pepper, int length) {
      this.format = format;
      this.jcaHmac = jcaHmac;
      this.pepperId = pepperId;
      this.pepper = pepper == null ? null : pepper.utf8();
      this.pepperFingerprint = pepper == null ? null : pepper.fingerprint();
      this.length = length;
    }

    static Kind hmacSha256(String pepperId, Secret pepper) {
      return new Kind("hmac-sha256", "HmacSHA256", pepperId, pepper, 32);
    }

    static Kind hmacSha512(String pepperId, Secret pepper) {
      return new Kind("hmac-sha512", "HmacSHA512", pepperId, pepper, 64);
    }

    @Override
    public boolean slow() {
      return false;
    }

    @Override
    public byte[] derive(Secret secret) {
      byte[] message = secret.utf8();
      return jcaHmac == null ? Digests.sha256(message) : Digests.hmac(jcaHmac, pepper, message);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Kind other
          && format.equals(other.format)
          && Objects.equals(pepperId, other.pepperId)
          && Objects.equals(pepperFingerprint, other.pepperFingerprint);
    }

    @Override
    public int hashCode() {
      return Objects.hash(format, pepperId, pepperFingerprint);
    }
  }
}
