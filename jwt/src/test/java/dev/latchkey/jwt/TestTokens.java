package dev.latchkey.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Keys and hand-built tokens for the JWT specs, including deliberately malicious ones. */
final class TestTokens {
  static final KeyPair RSA = generate("RSA", 2048);
  static final KeyPair RSA_OTHER = generate("RSA", 2048);
  static final KeyPair EC256 = generateEc("secp256r1");
  static final KeyPair ED25519 = generate("Ed25519", 0);

  private TestTokens() {}

  static KeyPair generate(String algorithm, int bits) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
      if (bits > 0) {
        g.initialize(bits);
      }
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyPair generateEc(String curve) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec(curve));
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String pkcs8Pem(PrivateKey key) {
    return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n";
  }

  static String publicPem(PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
  }

  static String rsaJwk(String kid, PublicKey key) {
    return new RSAKey.Builder((RSAPublicKey) key).keyID(kid).algorithm(JWSAlgorithm.RS256).build().toJSONString();
  }

  static String ecJwk(String kid, PublicKey key) {
    return new ECKey.Builder(Curve.P_256, (ECPublicKey) key).keyID(kid).build().toJSONString();
  }

  static String set(String... jwks) {
    return "{\"keys\":[" + String.join(",", jwks) + "]}";
  }

  static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  static String json(Map<String, Object> map) {
    return JSONObjectUtils.toJSONString(map);
  }

  /** Claims an issuer's audience {@code api} accepts: issued at {@code now}, expiring five minutes later. */
  static Map<String, Object> claims(String issuer, String subject, long now) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("iss", issuer);
    c.put("sub", subject);
    c.put("aud", java.util.List.of("api"));
    c.put("iat", now);
    c.put("exp", now + 300);
    return c;
  }

  static Map<String, Object> header(String alg, String kid) {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("alg", alg);
    h.put("typ", "JWT");
    if (kid != null) {
      h.put("kid", kid);
    }
    return h;
  }

  /** A token signed with {@code key} using the JCA algorithm {@code jca}. */
  static String signed(Map<String, Object> header, Map<String, Object> claims, PrivateKey key, String jca) {
    return signed(json(header), json(claims), key, jca);
  }

  /** A token of the very JSON texts given, signed with {@code key} using the JCA algorithm {@code jca}. */
  static String signed(String headerJson, String claimsJson, PrivateKey key, String jca) {
    String input = b64(headerJson) + "." + b64(claimsJson);
    try {
      Signature s = Signature.getInstance(jca);
      s.initSign(key);
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A token MACed with {@code secret}. */
  static String hmac(Map<String, Object> header, Map<String, Object> claims, byte[] secret) {
    String input = b64(json(header)) + "." + b64(json(claims));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
