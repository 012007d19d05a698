package dev.latchkey.jwt.internal;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns JWK sets and PEM text into JCA keys. Errors describe what is wrong with the key material but
 * never quote it. Stateless and thread-safe.
 */
public final class KeyMaterial {
  private static final Logger LOG = LoggerFactory.getLogger(KeyMaterial.class);
  /** DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32-byte key follows. */
  private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

  private KeyMaterial() {}

  /**
   * The signing keys of a JWK set, each bound to its {@code alg} (or the usual one for its type and
   * curve). Keys for encryption ({@code use: enc}, JWE algorithms, X25519) are skipped; symmetric
   * ({@code oct}) keys are refused, since HMAC is only allowed with a secret configured as such.
   *
   * @throws IllegalArgumentException if the set cannot be read, holds an unusable signing key, or two
   *     keys share a {@code kid}
   */
  public static List<VerificationKey> fromJwkSet(String json) {
    return fromJwkSet(json, false);
  }

  /**
   * As {@link #fromJwkSet(String)}; with {@code symmetricAllowed} (a set configured by the operator, never
   * one fetched from a server), {@code oct} keys are HMAC keys bound to their {@code alg} (HS256 by
   * default), at least as long as the hash and not published secrets. A set may not mix symmetric and
   * asymmetric keys: a token could then choose which kind verifies it.
   */
  public static List<VerificationKey> fromJwkSet(String json, boolean symmetricAllowed) {
    JWKSet set;
    try {
      set = JWKSet.parse(json);
    } catch (java.text.ParseException | RuntimeException e) {
      throw new IllegalArgumentException("not a JWK set (" + e.getClass().getSimpleName() + ")");
    }
    List<VerificationKey> keys = new ArrayList<>();
    Set<String> kids = new HashSet<>();
    long symmetric = set.getKeys().stream().filter(k -> k instanceof OctetSequenceKey).count();
    if (symmetric > 0 && !symmetricAllowed) {
      throw new IllegalArgumentException(
          "the set holds oct keys; HMAC secrets are configured on their own, never taken from a fetched JWK set");
    }
    if (symmetric > 0 && symmetric < set.getKeys().size()) {
      throw new IllegalArgumentException("the set mixes HMAC and public keys; keep them in separate sets");
    }
    for (JWK jwk : set.getKeys()) {
      Optional<VerificationKey> key = fromJwk(jwk);
      if (key.isEmpty()) {
        continue;
      }
      key.get().kid().ifPresent(kid -> {
        if (!kids.add(kid)) {
          throw new IllegalArgumentException("two signing keys in the set share the kid '" + kid + "'");
        }
      });
      keys.add(key.get());
    }
    return List.copyOf(keys);
  }

  /**
   * The signing keys of a JWK set fetched from a key server. Unlike {@link #fromJwkSet(String)}, a key
   * that cannot be used (a symmetric key, an RSA key under 2048 bits, an unknown curve) is skipped and
   * reported, so one odd key never takes the others down; but two signing keys sharing a {@code kid}
   * fail the whole set, since a token naming that kid could then be checked against either.
   *
   * @param json the response body
   * @param previous the keys of the set fetched before, by their public JSON: a key that is still
   *     published keeps its converted form (and its identity, which verified tokens are cached against)
   * @return the keys, each by its public JSON, and what was skipped
   * @throws IllegalArgumentException if the body is not a JWK set, or two signing keys share a kid
   */
  public static FetchedKeys fromFetchedJwkSet(String json, Map<String, VerificationKey> previous) {
    JWKSet set;
    try {
      set = JWKSet.parse(json);
    } catch (java.text.ParseException | RuntimeException e) {
      throw new IllegalArgumentException("the response is not a JWK set (" + e.getClass().getSimpleName() + ")");
    }
    Map<String, VerificationKey> byJson = new LinkedHashMap<>();
    List<String> skipped = new ArrayList<>();
    Set<String> kids = new HashSet<>();
    for (JWK jwk : set.getKeys()) {
      if (!isForSigning(jwk)) {
        continue;
      }
      if (jwk instanceof OctetSequenceKey) {
        skipped.add(label(jwk) + ": HMAC secrets are configured on their own, never taken from a fetched JWK set");
        continue;
      }
      if (jwk.getKeyID() != null && !kids.add(jwk.getKeyID())) {
        throw new IllegalArgumentException("two signing keys in the set share the kid '" + printable(jwk.getKeyID()) + "'");
      }
      String publicJson = jwk.toPublicJWK().toJSONString();
      VerificationKey known = previous.get(publicJson);
      if (known != null) {
        byJson.put(publicJson, known);
        continue;
      }
      try {
        byJson.put(publicJson, convert(jwk));
      } catch (IllegalArgumentException e) {
        skipped.add(e.getMessage());
      }
    }
    return new FetchedKeys(List.copyOf(byJson.values()), Collections.unmodifiableMap(byJson), List.copyOf(skipped));
  }

  /**
   * The usable signing keys of a fetched JWK set.
   *
   * @param keys the keys, in the order of the set
   * @param byJson the same keys by their public JWK JSON
   * @param skipped why each key that is not among them was skipped; never key material
   */
  public record FetchedKeys(List<VerificationKey> keys, Map<String, VerificationKey> byJson, List<String> skipped) {}

  private static Optional<VerificationKey> fromJwk(JWK jwk) {
    return isForSigning(jwk) ? Optional.of(convert(jwk)) : Optional.empty();
  }

  /** Whether {@code jwk} is meant for verifying signatures with a JWS algorithm we support. */
  private static boolean isForSigning(JWK jwk) {
    String label = label(jwk);
    if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
      LOG.debug("skipping {}: not for signatures", label);
      return false;
    }
    if (jwk.getKeyOperations() != null && !jwk.getKeyOperations().contains(com.nimbusds.jose.jwk.KeyOperation.VERIFY)) {
      LOG.debug("skipping {}: its key_ops do not include verify", label);
      return false;
    }
    String declared = jwk.getAlgorithm() == null ? null : jwk.getAlgorithm().getName();
    if (declared != null && !JwsAlgorithm.isSupported(declared)) {
      LOG.debug("skipping {}: algorithm {} is not a supported JWS algorithm", label, declared);
      return false;
    }
    if (jwk instanceof OctetKeyPair okp && !"Ed25519".equals(okp.getCurve().getName())) {
      LOG.debug("skipping {}: curve {} is not for signatures", label, okp.getCurve().getName());
      return false;
    }
    return true;
  }

  private static String label(JWK jwk) {
    return jwk.getKeyID() != null ? "key '" + printable(jwk.getKeyID()) + "'" : "a key without kid";
  }

  /** A key id made safe and short for a message: printable ASCII, at most 64 characters. */
  private static String printable(String kid) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < kid.length() && i < 64; i++) {
      char c = kid.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return kid.length() > 64 ? out.append('…').toString() : out.toString();
  }

  /** The verification key for a signing JWK. */
  private static VerificationKey convert(JWK jwk) {
    String label = label(jwk);
    String declared = jwk.getAlgorithm() == null ? null : jwk.getAlgorithm().getName();
    try {
      PublicKey publicKey;
      JwsAlgorithm usual;
      if (jwk instanceof RSAKey rsa) {
        publicKey = rsa.toRSAPublicKey();
        usual = JwsAlgorithm.RS256;
      } else if (jwk instanceof ECKey ec) {
        ECPublicKey ecKey = ec.toECPublicKey();
        publicKey = ecKey;
        usual = JwsAlgorithm.forCurve(ecKey.getParams().getCurve().getField().getFieldSize());
      } else if (jwk instanceof OctetKeyPair okp) {
        publicKey = ed25519PublicKey(okp.getX().decode());
        usual = JwsAlgorithm.EdDSA;
      } else if (jwk instanceof OctetSequenceKey oct) {
        String alg = declared != null ? declared : JwsAlgorithm.HS256.name();
        JwsAlgorithm hmac = JwsAlgorithm.named(alg);
        byte[] secret = oct.toByteArray();
        if (PublishedSecrets.contains(secret)) {
          throw new IllegalArgumentException(label + " is a secret published in documentation or attack tools");
        }
        SignatureCheck check = SignatureCheck.of(alg, new javax.crypto.spec.SecretKeySpec(secret, hmac.jcaName()));
        return new VerificationKey(Optional.ofNullable(jwk.getKeyID()), check, "HMAC-" + secret.length * 8);
      } else {
        throw new IllegalArgumentException(label + " is a " + jwk.getKeyType() + " key, which cannot sign");
      }
      String alg = declared != null ? declared : usual.name();
      SignatureCheck check = SignatureCheck.of(alg, publicKey);
      return new VerificationKey(Optional.ofNullable(jwk.getKeyID()), check, SignatureCheck.describe(publicKey));
    } catch (GeneralSecurityException | com.nimbusds.jose.JOSEException e) {
      throw new IllegalArgumentException(label + " cannot be used (" + e.getClass().getSimpleName() + ")");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(label + ": " + e.getMessage());
    }
  }

  /**
   * The public key in PEM text: {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo), {@code CERTIFICATE},
   * or {@code PRIVATE KEY} (PKCS#8, whose public part is derived: RSA, EC and Ed25519).
   *
   * @throws IllegalArgumentException if the text is none of these, naming the PEM type found
   */
  public static PublicKey publicKeyFromPem(String pem) {
    Pem parsed = Pem.parse(pem);
    try {
      switch (parsed.type()) {
        case "PUBLIC KEY":
          return publicKey(parsed.der());
        case "CERTIFICATE":
          return CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(parsed.der()))
              .getPublicKey();
        case "PRIVATE KEY":
          return derivePublicKey(parsed.der());
        default:
          throw unsupportedPem(parsed.type());
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalArgumentException("the " + parsed.type() + " PEM cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * The private key in PKCS#8 PEM text ({@code PRIVATE KEY}): RSA, EC or Ed25519.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static PrivateKey privateKeyFromPem(String pem) {
    Pem parsed = Pem.parse(pem);
    if (!parsed.type().equals("PRIVATE KEY")) {
      throw unsupportedPem(parsed.type());
    }
    for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(parsed.der()));
      } catch (GeneralSecurityException | RuntimeException e) {
        // try the next type
      }
    }
    throw new IllegalArgumentException("the PKCS#8 key is not an RSA, EC or Ed25519 key");
  }

  private static IllegalArgumentException unsupportedPem(String type) {
    if (type.equals("RSA PRIVATE KEY") || type.equals("EC PRIVATE KEY")) {
      return new IllegalArgumentException(
          "a " + type + " PEM is the traditional format; convert it to PKCS#8 with 'openssl pkcs8 -topk8 -nocrypt'");
    }
    if (type.equals("ENCRYPTED PRIVATE KEY")) {
      return new IllegalArgumentException("encrypted private keys are not supported; decrypt it to a PKCS#8 PRIVATE KEY");
    }
    return new IllegalArgumentException("a " + type + " PEM is not supported (PUBLIC KEY, CERTIFICATE or PRIVATE KEY)");
  }

  private static PublicKey publicKey(byte[] spki) throws GeneralSecurityException {
    for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(spki));
      } catch (GeneralSecurityException | RuntimeException e) {
        // try the next type
      }
    }
    throw new IllegalArgumentException("the public key is not an RSA, EC or Ed25519 key");
  }

  /** The public key belonging to a PKCS#8 private key. */
  static PublicKey derivePublicKey(byte[] pkcs8) throws GeneralSecurityException {
    PrivateKey privateKey = privateKeyFromPem(Pem.encode("PRIVATE KEY", pkcs8));
    if (privateKey instanceof RSAPrivateCrtKey rsa) {
      return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
    }
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(pkcs8);
    if (privateKey instanceof ECPrivateKey ec) {
      AlgorithmIdentifier algorithm = info.getPrivateKeyAlgorithm();
      X9ECParameters curve = ECNamedCurveTable.getByOID(ASN1ObjectIdentifier.getInstance(algorithm.getParameters()));
      if (curve == null) {
        throw new IllegalArgumentException("the EC key's curve is not a named curve");
      }
      byte[] point = curve.getG().multiply(ec.getS()).normalize().getEncoded(false);
      try {
        return publicKey(new SubjectPublicKeyInfo(algorithm, point).getEncoded());
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException("the EC public key cannot be encoded");
      }
    }
    try {
      byte[] seed = ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
      return ed25519PublicKey(new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded());
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("the Ed25519 private key cannot be read");
    }
  }

  /**
   * The same public key as {@code provider}'s own key object, converted once so that each verification
   * does not convert it again; the key itself when the provider has no key factory for its type.
   *
   * @throws IllegalArgumentException if the provider refuses the key, naming its type only
   */
  public static PublicKey forProvider(PublicKey key, java.security.Provider provider) {
    String type = key.getAlgorithm();
    List<String> names = type.equals("EdDSA") || type.equals("Ed25519") ? List.of("Ed25519", "EdDSA") : List.of(type);
    for (String name : names) {
      KeyFactory factory;
      try {
        factory = KeyFactory.getInstance(name, provider);
      } catch (GeneralSecurityException e) {
        continue; // the provider takes foreign keys of this type as they are
      }
      try {
        return factory.generatePublic(new X509EncodedKeySpec(key.getEncoded()));
      } catch (GeneralSecurityException | RuntimeException e) {
        throw new IllegalArgumentException(
            "the " + type + " key cannot be used with " + provider.getName() + " (" + e.getClass().getSimpleName() + ")");
      }
    }
    return key;
  }

  /** A JCA Ed25519 public key from its 32-byte encoding. */
  public static PublicKey ed25519PublicKey(byte[] x) throws GeneralSecurityException {
    if (x.length != 32) {
      throw new IllegalArgumentException("an Ed25519 public key is 32 bytes");
    }
    byte[] spki = new byte[ED25519_SPKI_PREFIX.length + 32];
    System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
    System.arraycopy(x, 0, spki, ED25519_SPKI_PREFIX.length, 32);
    return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
  }

  /** A PEM block: its type and DER bytes. */
  record Pem(String type, byte[] der) {
    static Pem parse(String text) {
      String trimmed = text.strip();
      if (!trimmed.startsWith("-----BEGIN ")) {
        throw new IllegalArgumentException("not PEM text (expected -----BEGIN …-----)");
      }
      int typeEnd = trimmed.indexOf("-----", 11);
      if (typeEnd < 0) {
        throw new IllegalArgumentException("not PEM text (the BEGIN line is not closed)");
      }
      String type = trimmed.substring(11, typeEnd);
      String end = "-----END " + type + "-----";
      int endAt = trimmed.indexOf(end);
      if (endAt < 0) {
        throw new IllegalArgumentException("the " + type + " PEM has no END line");
      }
      try {
        return new Pem(type, Base64.getMimeDecoder().decode(trimmed.substring(typeEnd + 5, endAt)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the " + type + " PEM body is not valid base64");
      }
    }

    static String encode(String type, byte[] der) {
      return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type + "-----\n";
    }
  }
}
