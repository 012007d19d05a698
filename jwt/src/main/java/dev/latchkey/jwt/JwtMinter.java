package dev.latchkey.jwt;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.latchkey.Secret;
import dev.latchkey.jwt.internal.JwsAlgorithm;
import dev.latchkey.jwt.internal.KeyMaterial;
import dev.latchkey.jwt.internal.SignatureCheck;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.AlgorithmParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Mints the short-lived JWTs a caller sends, such as Authgear's Admin API token: header
 * {@code {"alg":…,"typ":"JWT","kid":…}}, claims {@code aud}, {@code iat}, {@code exp} (5 minutes by
 * default) and any extra claims, signed with a PKCS#8 private key (RSA → RS256, EC → ES256/384/512,
 * Ed25519 → EdDSA), or with a private JWK. The token is cached and minted afresh shortly before it expires (30 seconds, or a
 * fifth of the lifetime if that is shorter).
 *
 * <p>Thread-safe: concurrent callers share one cached token. The key is never printed.
 */
public final class JwtMinter {
  /** Token lifetime unless configured. */
  public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

  private final PrivateKey key;
  private final JwsAlgorithm algorithm;
  private final String kid;
  private final List<String> audience;
  private final Optional<String> issuer;
  private final Optional<String> subject;
  private final Map<String, Object> extraClaims;
  private final Duration lifetime;
  private final Duration renewBefore;
  private final Clock clock;
  private Cached cached;

  private record Cached(Secret token, Instant renewAt) {}

  private JwtMinter(Builder b) {
    this.key = b.key;
    this.algorithm = b.algorithm;
    this.kid = b.kid;
    this.audience = List.copyOf(b.audience);
    this.issuer = b.issuer;
    this.subject = b.subject;
    this.extraClaims = Map.copyOf(b.extraClaims);
    this.lifetime = b.lifetime;
    this.renewBefore = b.lifetime.dividedBy(5).compareTo(Duration.ofSeconds(30)) < 0 ? b.lifetime.dividedBy(5) : Duration.ofSeconds(30);
    this.clock = b.clock;
  }

  /**
   * A minter signing with the PKCS#8 private key in {@code pem} under the key id {@code kid}.
   *
   * @param pem the PKCS#8 private key in PEM
   * @param kid the key id put in each token's header
   * @return a new builder
   * @throws IllegalArgumentException if the PEM is not a PKCS#8 RSA (2048 bits or more), EC or Ed25519 key
   */
  public static Builder fromPkcs8Pem(String pem, String kid) {
    return new Builder(KeyMaterial.privateKeyFromPem(pem), kid);
  }

  /**
   * A minter signing with a private JWK (RSA, EC, or Ed25519 as an OKP key), under the JWK's own
   * {@code kid}.
   *
   * @param privateJwk the private JWK, as JSON
   * @return a new builder
   * @throws IllegalArgumentException if the JWK is not a private signing key of those types, or has no kid
   */
  public static Builder fromJwk(String privateJwk) {
    com.nimbusds.jose.jwk.JWK jwk;
    try {
      jwk = com.nimbusds.jose.jwk.JWK.parse(privateJwk);
    } catch (java.text.ParseException e) {
      throw new IllegalArgumentException("not a JWK (" + e.getClass().getSimpleName() + ")");
    }
    if (jwk.getKeyID() == null || !jwk.isPrivate()) {
      throw new IllegalArgumentException("a minter needs a private JWK with a kid");
    }
    return new Builder(privateKey(jwk), jwk.getKeyID());
  }

  private static PrivateKey privateKey(com.nimbusds.jose.jwk.JWK jwk) {
    try {
      if (jwk instanceof com.nimbusds.jose.jwk.RSAKey rsa) {
        return rsa.toPrivateKey();
      }
      if (jwk instanceof com.nimbusds.jose.jwk.ECKey ec) {
        return ec.toPrivateKey();
      }
      if (jwk instanceof com.nimbusds.jose.jwk.OctetKeyPair okp && "Ed25519".equals(okp.getCurve().getName())) {
        // PKCS#8 for Ed25519 (RFC 8410): a fixed prefix, then the 32-byte private key.
        byte[] prefix = {0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20};
        byte[] d = okp.getD().decode();
        byte[] der = java.util.Arrays.copyOf(prefix, prefix.length + d.length);
        System.arraycopy(d, 0, der, prefix.length, d.length);
        return java.security.KeyFactory.getInstance("Ed25519").generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(der));
      }
    } catch (com.nimbusds.jose.JOSEException | GeneralSecurityException e) {
      throw new IllegalArgumentException("the JWK cannot be used for signing (" + e.getClass().getSimpleName() + ")");
    }
    throw new IllegalArgumentException("a minter signs with RSA, EC or Ed25519 keys");
  }

  /**
   * The current token: the cached one, or a new one if it is close to expiring.
   *
   * @return a signed token, valid for the configured lifetime from when it was minted; never null
   */
  public synchronized Secret token() {
    Instant now = clock.instant();
    if (cached == null || !now.isBefore(cached.renewAt())) {
      cached = new Cached(mint(now), now.plus(lifetime).minus(renewBefore));
    }
    return cached.token();
  }

  private Secret mint(Instant now) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", algorithm.name());
    header.put("typ", "JWT");
    header.put("kid", kid);
    Map<String, Object> claims = new LinkedHashMap<>(extraClaims);
    issuer.ifPresent(i -> claims.put("iss", i));
    subject.ifPresent(s -> claims.put("sub", s));
    claims.put("aud", audience);
    claims.put("iat", now.getEpochSecond());
    claims.put("exp", now.plus(lifetime).getEpochSecond());
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String signingInput =
        b64.encodeToString(JSONObjectUtils.toJSONString(header).getBytes(StandardCharsets.UTF_8)) + "."
            + b64.encodeToString(JSONObjectUtils.toJSONString(claims).getBytes(StandardCharsets.UTF_8));
    try {
      Signature signer = Signature.getInstance(algorithm.jcaName());
      AlgorithmParameterSpec pss = SignatureCheck.pssParams(algorithm);
      if (pss != null) {
        signer.setParameter(pss);
      }
      signer.initSign(key);
      signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return Secret.of(signingInput + "." + b64.encodeToString(signer.sign()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("signing with " + algorithm + " failed (" + e.getClass().getSimpleName() + ")");
    }
  }

  @Override
  public String toString() {
    return "JwtMinter[" + algorithm + ", kid=" + kid + ", aud=" + audience + ", lifetime=" + lifetime + "]";
  }

  /** Configures a {@link JwtMinter}. Not thread-safe. */
  public static final class Builder {
    private final PrivateKey key;
    private final String kid;
    private JwsAlgorithm algorithm;
    private List<String> audience = List.of();
    private Optional<String> issuer = Optional.empty();
    private Optional<String> subject = Optional.empty();
    private final Map<String, Object> extraClaims = new LinkedHashMap<>();
    private Duration lifetime = DEFAULT_LIFETIME;
    private Clock clock = Clock.systemUTC();

    private Builder(PrivateKey key, String kid) {
      this.key = key;
      this.kid = Objects.requireNonNull(kid, "kid");
      if (key instanceof RSAPrivateKey) {
        this.algorithm = JwsAlgorithm.RS256;
      } else if (key instanceof ECPrivateKey ec) {
        this.algorithm = JwsAlgorithm.forCurve(ec.getParams().getCurve().getField().getFieldSize());
      } else {
        this.algorithm = JwsAlgorithm.EdDSA;
      }
      algorithm.requireSuitable(key);
    }

    /**
     * Another algorithm for the key, such as PS256 for RSA.
     *
     * @param algorithm a JWS algorithm suiting the key, such as {@code PS256} or {@code ES256}; not HMAC
     * @return this builder
     */
    public Builder algorithm(String algorithm) {
      JwsAlgorithm alg = JwsAlgorithm.named(algorithm);
      if (alg.family() == JwsAlgorithm.Family.HMAC) {
        throw new IllegalArgumentException("a minter signs with private keys, not HMAC secrets");
      }
      alg.requireSuitable(key);
      this.algorithm = alg;
      return this;
    }

    /**
     * The {@code aud} claim (an array), such as Authgear's project id.
     *
     * @param audience the audiences, in order
     * @return this builder
     */
    public Builder audience(String... audience) {
      this.audience = List.of(audience);
      return this;
    }

    /**
     * The {@code iss} claim.
     *
     * @param issuer the issuer
     * @return this builder
     */
    public Builder issuer(String issuer) {
      this.issuer = Optional.of(issuer);
      return this;
    }

    /**
     * The {@code sub} claim.
     *
     * @param subject the subject
     * @return this builder
     */
    public Builder subject(String subject) {
      this.subject = Optional.of(subject);
      return this;
    }

    /**
     * An extra claim; the reserved ones ({@code iss}, {@code sub}, {@code aud}, {@code iat}, {@code exp}) are
     * set by the minter.
     *
     * @param name the claim's name; not a reserved one
     * @param value the claim's value, serialized as JSON
     * @return this builder
     */
    public Builder claim(String name, Object value) {
      if (List.of("iss", "sub", "aud", "iat", "exp").contains(name)) {
        throw new IllegalArgumentException("the minter sets '" + name + "' itself");
      }
      extraClaims.put(name, Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * How long each token lives; 5 minutes by default, at most a day.
     *
     * @param lifetime from 10 seconds to a day
     * @return this builder
     */
    public Builder lifetime(Duration lifetime) {
      if (lifetime.compareTo(Duration.ofSeconds(10)) < 0 || lifetime.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException("a token lifetime must be between 10 seconds and a day");
      }
      this.lifetime = lifetime;
      return this;
    }

    /**
     * The clock for {@code iat} and {@code exp}.
     *
     * @param clock the clock to use; never null
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The minter.
     *
     * @return a new minter
     */
    public JwtMinter build() {
      return new JwtMinter(this);
    }
  }
}
