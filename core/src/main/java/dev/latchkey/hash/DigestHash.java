package dev.latchkey.hash;

import dev.latchkey.Secret;
import dev.latchkey.internal.Digests;
import dev.latchkey.internal.Hex;
import dev.latchkey.internal.SecretBytes;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A fast digest: {@code sha256:<hex>}, {@code hmac-sha256:<pepper>:<hex>}, {@code hmac-sha512:<pepper>:<hex>}.
 * The digest is held in {@code long} fields rather than an array: a million of these sit in an index,
 * and confirming a match then reads one object instead of two. A 64-byte digest is a {@link Wide}, so
 * the 32-byte ones, nearly all, carry nothing for it.
 */
class DigestHash implements IndexableHash {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final Kind kind;
  private final long d0;
  private final long d1;
  private final long d2;
  private final long d3;

  private DigestHash(Kind kind, byte[] digest) {
    this.kind = kind;
    this.d0 = (long) LONGS.get(digest, 0);
    this.d1 = (long) LONGS.get(digest, 8);
    this.d2 = (long) LONGS.get(digest, 16);
    this.d3 = (long) LONGS.get(digest, 24);
  }

  /**
   * The hash of {@code digest}.
   *
   * @throws IllegalArgumentException if the digest is not as long as the kind's
   */
  static DigestHash of(Kind kind, byte[] digest) {
    if (digest.length != kind.length) {
      throw new IllegalArgumentException("a " + kind.format + " digest is " + kind.length + " bytes");
    }
    return digest.length == 64 ? new Wide(kind, digest) : new DigestHash(kind, digest);
  }

  static DigestHash of(Kind kind, Secret secret) {
    return of(kind, kind.derive(secret));
  }

  private byte[] digest() {
    byte[] out = new byte[kind.length];
    LONGS.set(out, 0, d0);
    LONGS.set(out, 8, d1);
    LONGS.set(out, 16, d2);
    LONGS.set(out, 24, d3);
    if (this instanceof Wide wide) {
      LONGS.set(out, 32, wide.e0);
      LONGS.set(out, 40, wide.e1);
      LONGS.set(out, 48, wide.e2);
      LONGS.set(out, 56, wide.e3);
    }
    return out;
  }

  @Override
  public String format() {
    return kind.format;
  }

  @Override
  public String encoded() {
    String hex = Hex.encode(digest());
    return kind.pepperId == null ? kind.format + ":" + hex : kind.format + ":" + kind.pepperId + ":" + hex;
  }

  @Override
  public boolean verify(Secret secret) {
    return matchesDerived(kind.derive(secret));
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
  public int indexPrefix() {
    return (int) (d0 >>> 32);
  }

  @Override
  public boolean matchesDerived(byte[] derived) {
    if (derived.length != kind.length) {
      return false;
    }
    return differenceFrom(derived) == 0;
  }

  /** Zero when the digest equals {@code derived} (as long as the kind's); no data-dependent branches. */
  long differenceFrom(byte[] derived) {
    return (d0 ^ (long) LONGS.get(derived, 0))
        | (d1 ^ (long) LONGS.get(derived, 8))
        | (d2 ^ (long) LONGS.get(derived, 16))
        | (d3 ^ (long) LONGS.get(derived, 24));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DigestHash other
        && other.getClass() == getClass()
        && kind.equals(other.kind)
        && d0 == other.d0
        && d1 == other.d1
        && d2 == other.d2
        && d3 == other.d3
        && (!(this instanceof Wide wide) || wide.sameUpperHalf((Wide) other));
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + Long.hashCode(d0);
  }

  @Override
  public String toString() {
    return "KeyHash[" + kind.format + (kind.pepperId == null ? "" : ", pepper " + kind.pepperId) + "]";
  }

  /** A 64-byte digest: bytes 32 to 63 in four more longs. */
  static final class Wide extends DigestHash {
    private final long e0;
    private final long e1;
    private final long e2;
    private final long e3;

    private Wide(Kind kind, byte[] digest) {
      super(kind, digest);
      this.e0 = (long) LONGS.get(digest, 32);
      this.e1 = (long) LONGS.get(digest, 40);
      this.e2 = (long) LONGS.get(digest, 48);
      this.e3 = (long) LONGS.get(digest, 56);
    }

    @Override
    long differenceFrom(byte[] derived) {
      return super.differenceFrom(derived)
          | (e0 ^ (long) LONGS.get(derived, 32))
          | (e1 ^ (long) LONGS.get(derived, 40))
          | (e2 ^ (long) LONGS.get(derived, 48))
          | (e3 ^ (long) LONGS.get(derived, 56));
    }

    private boolean sameUpperHalf(Wide other) {
      return e0 == other.e0 && e1 == other.e1 && e2 == other.e2 && e3 == other.e3;
    }
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
    /** Computed once: an index groups a million entries by kind. */
    private final int hash;
    /**
     * One keyed MAC per thread, made on first use: initialising a MAC costs more than using it. An index
     * derives with one kind per table, so the kinds of other equal entries never create theirs.
     */
    private volatile ThreadLocal<javax.crypto.Mac> macs;

    private Kind(String format, String jcaHmac, String pepperId, Secret pepper, int length) {
      this.format = format;
      this.jcaHmac = jcaHmac;
      this.pepperId = pepperId;
      this.pepper = pepper == null ? null : pepper.utf8();
      this.pepperFingerprint = pepper == null ? null : pepper.fingerprint();
      this.length = length;
      this.hash = Objects.hash(format, pepperId, pepperFingerprint);
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
      byte[] message = SecretBytes.of(secret);
      return jcaHmac == null ? Digests.sha256(message) : macs().get().doFinal(message);
    }

    private ThreadLocal<javax.crypto.Mac> macs() {
      ThreadLocal<javax.crypto.Mac> m = macs;
      if (m == null) {
        m = ThreadLocal.withInitial(() -> Digests.newHmac(jcaHmac, pepper));
        macs = m;
      }
      return m;
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
      return hash;
    }
  }
}
