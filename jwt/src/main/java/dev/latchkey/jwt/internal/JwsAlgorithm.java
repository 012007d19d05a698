package dev.latchkey.jwt.internal;

import java.security.Key;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAKey;
import java.util.List;
import java.util.Locale;
import javax.crypto.SecretKey;

/** The JWS algorithms Latchkey verifies and signs, with their JCA names and key requirements. */
public enum JwsAlgorithm {
  /** RSASSA-PKCS1-v1_5 with SHA-256. */
  RS256(Family.RSA, "SHA256withRSA", 0),
  /** RSASSA-PKCS1-v1_5 with SHA-384. */
  RS384(Family.RSA, "SHA384withRSA", 0),
  /** RSASSA-PKCS1-v1_5 with SHA-512. */
  RS512(Family.RSA, "SHA512withRSA", 0),
  /** RSASSA-PSS with SHA-256. */
  PS256(Family.RSA, "RSASSA-PSS", 0),
  /** RSASSA-PSS with SHA-384. */
  PS384(Family.RSA, "RSASSA-PSS", 0),
  /** RSASSA-PSS with SHA-512. */
  PS512(Family.RSA, "RSASSA-PSS", 0),
  /** ECDSA P-256 with SHA-256. */
  ES256(Family.ECDSA, "SHA256withECDSAinP1363Format", 32, "SHA256withPLAIN-ECDSA"),
  /** ECDSA P-384 with SHA-384. */
  ES384(Family.ECDSA, "SHA384withECDSAinP1363Format", 48, "SHA384withPLAIN-ECDSA"),
  /** ECDSA P-521 with SHA-512. */
  ES512(Family.ECDSA, "SHA512withECDSAinP1363Format", 66, "SHA512withPLAIN-ECDSA"),
  /** EdDSA with Ed25519. */
  EdDSA(Family.EDDSA, "Ed25519", 0),
  /** HMAC with SHA-256. */
  HS256(Family.HMAC, "HmacSHA256", 0),
  /** HMAC with SHA-384. */
  HS384(Family.HMAC, "HmacSHA384", 0),
  /** HMAC with SHA-512. */
  HS512(Family.HMAC, "HmacSHA512", 0);

  /** RSA keys shorter than this are refused (RFC 8725 §3.5, NIST). */
  public static final int MIN_RSA_BITS = 2048;

  private final Family family;
  private final String jcaName;
  private final int ecdsaHalfLength;
  private final String bcName;

  JwsAlgorithm(Family family, String jcaName, int ecdsaHalfLength) {
    this(family, jcaName, ecdsaHalfLength, null);
  }

  JwsAlgorithm(Family family, String jcaName, int ecdsaHalfLength, String bcName) {
    this.family = family;
    this.jcaName = jcaName;
    this.ecdsaHalfLength = ecdsaHalfLength;
    this.bcName = bcName;
  }

  /**
   * BouncyCastle's name for the algorithm where it differs from the JCA one (ECDSA with P1363 signatures),
   * or null; which provider verifies is {@link SignatureCheck#providerFor}'s choice.
   */
  public String bcName() {
    return bcName;
  }

  /**
   * The algorithm named {@code name} exactly as JWS writes it.
   *
   * @throws IllegalArgumentException for {@code none}, JWE algorithms and anything else unsupported
   */
  public static JwsAlgorithm named(String name) {
    for (JwsAlgorithm alg : values()) {
      if (alg.name().equals(name)) {
        return alg;
      }
    }
    throw new IllegalArgumentException("unsupported JWS algorithm '" + name + "' (supported: " + List.of(values()) + ")");
  }

  /** Whether {@code name} is supported. */
  public static boolean isSupported(String name) {
    for (JwsAlgorithm alg : values()) {
      if (alg.name().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** The family. */
  public Family family() {
    return family;
  }

  /** The JCA algorithm name. */
  public String jcaName() {
    return jcaName;
  }

  /** For ECDSA, the byte length of r (and of s) in the JWS signature. */
  public int ecdsaHalfLength() {
    return ecdsaHalfLength;
  }

  /** The usual algorithm for an EC curve of {@code fieldBits}: P-256, P-384 or P-521. */
  public static JwsAlgorithm forCurve(int fieldBits) {
    switch (fieldBits) {
      case 256:
        return ES256;
      case 384:
        return ES384;
      case 521:
        return ES512;
      default:
        throw new IllegalArgumentException("EC curves of " + fieldBits + " bits are not supported (P-256, P-384, P-521)");
    }
  }

  /**
   * Checks that {@code key} may be used with this algorithm: the right type, RSA of 2048 bits or more,
   * the EC curve the algorithm names, HMAC secrets at least as long as the hash.
   *
   * @throws IllegalArgumentException otherwise, describing the key by type and size only
   */
  public void requireSuitable(Key key) {
    switch (family) {
      case RSA -> {
        if (!(key instanceof RSAKey rsa)) {
          throw unsuitable(key);
        }
        if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
          throw new IllegalArgumentException(
              "RSA keys must have at least " + MIN_RSA_BITS + " bits; this one has " + rsa.getModulus().bitLength());
        }
        if (RocaCheck.isVulnerable(rsa.getModulus())) {
          throw new IllegalArgumentException("this RSA key was made by a library with the ROCA flaw (CVE-2017-15361); replace it");
        }
      }
      case ECDSA -> {
        int bits;
        if (key instanceof ECPublicKey ec) {
          bits = ec.getParams().getCurve().getField().getFieldSize();
        } else if (key instanceof ECPrivateKey ec) {
          bits = ec.getParams().getCurve().getField().getFieldSize();
        } else {
          throw unsuitable(key);
        }
        if (forCurve(bits) != this) {
          throw new IllegalArgumentException(name() + " needs the curve of " + forCurve(bits) + "'s size; this key is EC-" + bits);
        }
      }
      case EDDSA -> {
        String algorithm = key.getAlgorithm().toUpperCase(Locale.ROOT);
        if (!algorithm.equals("ED25519") && !algorithm.equals("EDDSA")) {
          throw unsuitable(key);
        }
      }
      case HMAC -> {
        if (!(key instanceof SecretKey secret) || secret.getEncoded() == null) {
          throw unsuitable(key);
        }
        int minBytes = Integer.parseInt(name().substring(2)) / 8;
        if (secret.getEncoded().length < minBytes) {
          throw new IllegalArgumentException(name() + " needs a secret of at least " + minBytes + " bytes");
        }
      }
      default -> throw unsuitable(key);
    }
  }

  private IllegalArgumentException unsuitable(Key key) {
    return new IllegalArgumentException(name() + " cannot be used with a " + key.getAlgorithm() + " key");
  }

  /** Kinds of algorithm. */
  public enum Family {
    /** RSA signatures (PKCS#1 v1.5 and PSS). */
    RSA,
    /** ECDSA signatures. */
    ECDSA,
    /** EdDSA signatures. */
    EDDSA,
    /** HMAC. */
    HMAC
  }
}
