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
 * and confirming a match then reads one object instead of two.
 */
final class DigestHash implements IndexableHash {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final Kind kind;
  private final long d0;
  private final long d1;
  private final long d2;
  private final long d3;
  /** Bytes 32 to 63 of a 64-byte digest; null for 32-byte digests. */
  private final DigestHash upper;

  DigestHash(Kind kind, byte[] digest) {
    if (digest.length != kind.length) {
      throw new IllegalArgumentException("a " + kind.format + " digest is " + kind.length + " bytes");
    }
    this.kind = kind;
    this.d0 = (long) LONGS.get(digest, 0);
    this.d1 = (long) LONGS.get(digest, 8);
    this.d2 = (long) LONGS.get(digest, 16);
    this.d3 = (long) LONGS.get(digest, 24);
    this.upper = digest.length == 64 ? new DigestHash(Kind.UPPER_HALF, java.util.Arrays.copyOfRange(digest, 32, 64)) : null;
  }

  static DigestHash of(Kind kind, Secret secret) {
    return new DigestHash(kind, kind.derive(secret));
  }

  private byte[] digest() {
    byte[] out = new byte[kind.length];
    LONGS.set(out, 0, d0);
    LONGS.set(out, 8, d1);
    LONGS.set(out, 16, d2);
    LONGS.set(out, 24, d3);
    if (upper != null) {
      System.arraycopy(upper.digest(), 0, out, 32, 32);
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
    return differenceFrom(derived, 0) == 0;
  }

  /** Zero when the digest equals {@code derived} from {@code offset}; no data-dependent branches. */
  private long differenceFrom(byte[] derived, int offset) {
    long difference =
        (d0 ^ (long) LONGS.get(derived, offset))
            | (d1 ^ (long) LONGS.get(derived, offset + 8))
            | (d2 ^ (long) LONGS.get(derived, offset + 16))
            | (d3 ^ (long) LONGS.get(derived, offset + 24));
    return upper == null ? difference : difference | upper.differenceFrom(derived, offset + 32);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DigestHash other
        && kind.equals(other.kind)
        && d0 == other.d0
        && d1 == other.d1
        && d2 == other.d2
        && d3 == other.d3
        && java.util.Objects.equals(upper, other.upper);
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + Long.hashCode(d0);
  }

  @Override
  public String toString() {
    return "KeyHash[" + kind.format + (kind.pepperId == null ? "" : ", pepper " + kind.pepperId) + "]";
  }

  /** The algorithm and, for keyed digests, the pepper. */
  static final class Kind implements IndexKind {
    static final Kind SHA256 = new Kind("sha256", null, null, null, 32);
    /** Holds the second half of a 64-byte digest; never derives. */
    static final Kind UPPER_HALF = new Kind("upper-half", null, null, null, 32);

    final String format;
    final String jcaHmac;
    final String pepperId;
    private final byte[] pepper;
    private final String pepperFingerprint;
    final int length;
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
      return Objects.hash(format, pepperId, pepperFingerprint);
    }
  }
}
