package dev.latchkey.jwt.internal;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * Verifies JWS signatures for one key and one algorithm, prepared once: the JCA objects are kept per
 * thread and re-used, since setting them up costs more than a verification. Thread-safe; never throws
 * for any input (a bad signature is simply {@code false}).
 */
public abstract class SignatureCheck {
  private final String algorithm;

  private SignatureCheck(String algorithm) {
    this.algorithm = algorithm;
  }

  /** The JWS algorithm this check is bound to, such as {@code RS256}. */
  public final String algorithm() {
    return algorithm;
  }

  /** Whether {@code signature} signs {@code signingInput}. */
  public abstract boolean verify(byte[] signingInput, byte[] signature);

  /**
   * A check for {@code key} bound to {@code algorithm}.
   *
   * @throws IllegalArgumentException if the key does not suit the algorithm (type, curve, size)
   */
  public static SignatureCheck of(String algorithm, Key key) {
    JwsAlgorithm alg = JwsAlgorithm.named(algorithm);
    alg.requireSuitable(key);
    if (alg.family() == JwsAlgorithm.Family.HMAC) {
      return new HmacCheck(algorithm, alg.jcaName(), (SecretKey) key);
    }
    return new PublicKeyCheck(algorithm, alg, (PublicKey) key);
  }

  private static final class PublicKeyCheck extends SignatureCheck {
    private final JwsAlgorithm alg;
    private final PublicKey key;
    private final ThreadLocal<Signature> signatures;

    PublicKeyCheck(String algorithm, JwsAlgorithm alg, PublicKey key) {
      super(algorithm);
      this.alg = alg;
      this.key = alg.bouncyCastle() ? Bc.convert(key) : key;
      this.signatures = ThreadLocal.withInitial(this::newSignature);
      newSignature(); // fail now, at configuration, if the platform lacks the algorithm
    }

    private Signature newSignature() {
      try {
        Signature signature =
            alg.bouncyCastle() ? Signature.getInstance(alg.bcName(), Bc.PROVIDER) : Signature.getInstance(alg.jcaName());
        AlgorithmParameterSpec params = pssParams(alg);
        if (params != null) {
          signature.setParameter(params);
        }
        signature.initVerify(key);
        return signature;
      } catch (GeneralSecurityException e) {
        throw new IllegalArgumentException(alg.name() + " is not available on this platform", e);
      }
    }

    @Override
    public boolean verify(byte[] signingInput, byte[] signature) {
      if (alg.family() == JwsAlgorithm.Family.ECDSA && !plausibleEcdsa(signature)) {
        return false;
      }
      Signature s = signatures.get();
      try {
        s.update(signingInput);
        return s.verify(signature);
      } catch (GeneralSecurityException | RuntimeException e) {
        signatures.remove(); // start from a freshly initialised object next time
        return false;
      }
    }

    /** P1363 r||s of the curve's size, with neither half zero (the "psychic signature" shape). */
    private boolean plausibleEcdsa(byte[] signature) {
      int half = alg.ecdsaHalfLength();
      if (signature.length != 2 * half) {
        return false;
      }
      return !allZero(signature, 0, half) && !allZero(signature, half, 2 * half);
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
      int acc = 0;
      for (int i = from; i < to; i++) {
        acc |= bytes[i];
      }
      return acc == 0;
    }
  }

  private static final class HmacCheck extends SignatureCheck {
    private final ThreadLocal<Mac> macs;

    HmacCheck(String algorithm, String jcaName, SecretKey key) {
      super(algorithm);
      this.macs =
          ThreadLocal.withInitial(() -> {
            try {
              Mac mac = Mac.getInstance(jcaName);
              mac.init(key);
              return mac;
            } catch (GeneralSecurityException e) {
              throw new IllegalArgumentException(algorithm + " is not available on this platform", e);
            }
          });
      macs.get();
    }

    @Override
    public boolean verify(byte[] signingInput, byte[] signature) {
      return MessageDigest.isEqual(macs.get().doFinal(signingInput), signature);
    }
  }

  /** BouncyCastle, used where it measures faster than the JDK 17 providers (ECDSA, EdDSA). */
  static final class Bc {
    static final java.security.Provider PROVIDER = new org.bouncycastle.jce.provider.BouncyCastleProvider();

    /** The same public key as a BouncyCastle key object, converted once. */
    static PublicKey convert(PublicKey key) {
      try {
        return java.security.KeyFactory.getInstance(key.getAlgorithm().equals("EC") ? "EC" : "Ed25519", PROVIDER)
            .generatePublic(new java.security.spec.X509EncodedKeySpec(key.getEncoded()));
      } catch (GeneralSecurityException e) {
        throw new IllegalArgumentException("the " + key.getAlgorithm() + " key cannot be used (" + e.getClass().getSimpleName() + ")");
      }
    }
  }

  /** PSS parameters per RFC 7518 §3.5 (MGF1 with the same hash, salt as long as the hash); null for other algorithms. */
  public static AlgorithmParameterSpec pssParams(JwsAlgorithm alg) {
    switch (alg.name()) {
      case "PS256":
        return new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
      case "PS384":
        return new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, 48, 1);
      case "PS512":
        return new PSSParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, 64, 1);
      default:
        return null;
    }
  }

  /** A short description of a key for messages: type and size, never material. */
  static String describe(Key key) {
    if (key instanceof RSAPublicKey rsa) {
      return "RSA-" + rsa.getModulus().bitLength();
    }
    if (key instanceof ECPublicKey ec) {
      return "EC-" + ec.getParams().getCurve().getField().getFieldSize();
    }
    return key.getAlgorithm();
  }
}
