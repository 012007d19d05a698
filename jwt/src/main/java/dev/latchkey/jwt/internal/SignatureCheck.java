package dev.latchkey.jwt.internal;

import dev.latchkey.jwt.CryptoProvider;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * Verifies JWS signatures for one key and one algorithm, prepared once: the JCA objects are kept per
 * thread and re-used, since setting them up costs more than a verification. Public-key checks run on
 * the JCA provider a {@link CryptoProvider} choice names for the algorithm ({@link #providerFor}).
 * Thread-safe; never throws for any input (a bad signature is simply {@code false}).
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
  public final boolean verify(byte[] signingInput, byte[] signature) {
    return verify(signingInput, 0, signingInput.length, signature);
  }

  /**
   * Whether {@code signature} signs {@code data[offset, offset + length)}, such as the first two parts
   * of a compact JWS read straight from the token's bytes, with no copy.
   */
  public abstract boolean verify(byte[] data, int offset, int length, byte[] signature);

  /**
   * The same check on the provider {@code choice} names: this one when it already does, otherwise one
   * made (and its key converted) the first time and re-used after. HMAC checks are always this one.
   */
  public abstract SignatureCheck using(CryptoProvider choice);

  /** The name of the JCA provider that verifies, such as {@code SunRsaSign}. */
  public abstract String providerName();

  /**
   * A check for {@code key} bound to {@code algorithm}, on the {@link CryptoProvider#auto() auto} choice.
   *
   * @throws IllegalArgumentException if the key does not suit the algorithm (type, curve, size)
   */
  public static SignatureCheck of(String algorithm, Key key) {
    return of(algorithm, key, CryptoProvider.auto());
  }

  /**
   * A check for {@code key} bound to {@code algorithm}, on the provider {@code choice} names for it.
   *
   * @throws IllegalArgumentException if the key does not suit the algorithm (type, curve, size), or the
   *     provider cannot use it
   */
  public static SignatureCheck of(String algorithm, Key key, CryptoProvider choice) {
    JwsAlgorithm alg = JwsAlgorithm.named(algorithm);
    alg.requireSuitable(key);
    if (alg.family() == JwsAlgorithm.Family.HMAC) {
      return new HmacCheck(algorithm, alg.jcaName(), (SecretKey) key);
    }
    return new PublicKeyCheck(algorithm, alg, (PublicKey) key, choice);
  }

  /**
   * The provider that verifies {@code alg} under {@code choice}: for {@code auto}, Amazon Corretto Crypto
   * Provider when registered and offering the algorithm, else the JDK for RSA and BouncyCastle for ECDSA
   * and EdDSA (measured fastest on Java 17, see {@link CryptoProvider}); for {@code jdk}, {@code SunRsaSign}
   * or {@code SunEC}; for {@code bouncycastle}, BouncyCastle; for a named provider, that provider when it
   * offers the algorithm and the {@code auto} choice otherwise.
   *
   * @throws IllegalArgumentException if a named provider is no longer registered, or the JDK lacks its own
   */
  public static Provider providerFor(JwsAlgorithm alg, CryptoProvider choice) {
    if (choice.equals(CryptoProvider.bouncyCastle())) {
      return Bc.PROVIDER;
    }
    if (choice.equals(CryptoProvider.jdk())) {
      return registered(alg.family() == JwsAlgorithm.Family.RSA ? "SunRsaSign" : "SunEC");
    }
    if (!choice.equals(CryptoProvider.auto())) {
      Provider named = registered(choice.name());
      if (offers(named, alg)) {
        return named;
      }
    }
    Provider accp = Security.getProvider(CryptoProvider.ACCP);
    if (accp != null && offers(accp, alg)) {
      return accp;
    }
    return alg.family() == JwsAlgorithm.Family.RSA ? registered("SunRsaSign") : Bc.PROVIDER;
  }

  private static Provider registered(String name) {
    Provider p = Security.getProvider(name);
    if (p == null) {
      throw new IllegalArgumentException("no security provider named '" + name + "' is installed");
    }
    return p;
  }

  private static boolean offers(Provider provider, JwsAlgorithm alg) {
    return provider.getService("Signature", signatureName(provider, alg)) != null;
  }

  /** The algorithm's name for {@code provider}: BouncyCastle names P1363 ECDSA its own way. */
  private static String signatureName(Provider provider, JwsAlgorithm alg) {
    return provider == Bc.PROVIDER && alg.bcName() != null ? alg.bcName() : alg.jcaName();
  }

  private static final class PublicKeyCheck extends SignatureCheck {
    private final JwsAlgorithm alg;
    private final PublicKey originalKey;
    private final CryptoProvider choice;
    private final Provider provider;
    private final PublicKey key;
    private final ThreadLocal<Signature> signatures;
    private final Map<CryptoProvider, SignatureCheck> others = new ConcurrentHashMap<>(2);

    PublicKeyCheck(String algorithm, JwsAlgorithm alg, PublicKey key, CryptoProvider choice) {
      super(algorithm);
      this.alg = alg;
      this.originalKey = key;
      this.choice = choice;
      this.provider = providerFor(alg, choice);
      this.key = KeyMaterial.forProvider(key, provider);
      this.signatures = ThreadLocal.withInitial(this::newSignature);
      newSignature(); // fail now, at configuration, if the provider lacks the algorithm
    }

    @Override
    public SignatureCheck using(CryptoProvider other) {
      if (other.equals(choice)) {
        return this;
      }
      return others.computeIfAbsent(other, c -> new PublicKeyCheck(algorithm(), alg, originalKey, c));
    }

    @Override
    public String providerName() {
      return provider.getName();
    }

    private Signature newSignature() {
      try {
        Signature signature = Signature.getInstance(signatureName(provider, alg), provider);
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
    public boolean verify(byte[] data, int offset, int length, byte[] signature) {
      if (alg.family() == JwsAlgorithm.Family.ECDSA && !plausibleEcdsa(signature)) {
        return false;
      }
      Signature s = signatures.get();
      try {
        s.update(data, offset, length);
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
    public SignatureCheck using(CryptoProvider choice) {
      return this;
    }

    @Override
    public String providerName() {
      return macs.get().getProvider().getName();
    }

    @Override
    public boolean verify(byte[] data, int offset, int length, byte[] signature) {
      Mac mac = macs.get();
      mac.update(data, offset, length);
      return MessageDigest.isEqual(mac.doFinal(), signature);
    }
  }

  /** BouncyCastle, used where it measures faster than the JDK 17 providers (ECDSA, EdDSA); never registered globally. */
  static final class Bc {
    static final Provider PROVIDER = new org.bouncycastle.jce.provider.BouncyCastleProvider();
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
