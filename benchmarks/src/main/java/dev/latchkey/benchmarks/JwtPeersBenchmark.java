package dev.latchkey.benchmarks;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.latchkey.Credential;
import dev.latchkey.CredentialCarrier;
import dev.latchkey.Secret;
import dev.latchkey.Verdict;
import dev.latchkey.jwt.JwtIssuer;
import dev.latchkey.jwt.JwtKeys;
import dev.latchkey.jwt.JwtMinter;
import dev.latchkey.jwt.JwtSource;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One JWT verification per call, Latchkey against every JVM peer and the bare signature floor, for RS256,
 * ES256 and EdDSA (Ed25519), one thread. Every library verifies the very same token (minted once per
 * algorithm with {@code iss}, {@code sub}, {@code aud}, {@code iat}, {@code exp}) with its key parsed
 * beforehand, and checks the signature plus {@code exp} (required), {@code aud} and {@code iss}, as each
 * library's verifier is configured to; Latchkey's verified-token cache is off. {@code jca<Alg>} is the
 * floor: a bare {@code java.security.Signature} verify of the same signing input, with the
 * {@code Signature} prepared once ({@code initVerify}) and re-used, on the provider Latchkey's {@code auto} choice takes without a native
 * provider installed (SunRsaSign for RS256, BouncyCastle for ES256 and EdDSA). Two peers have no EdDSA
 * method: auth0 java-jwt has no EdDSA at all, and fusionauth-jwt 6.0 reads only the fully specified
 * {@code "alg": "Ed25519"} of RFC 9864, refusing the {@code "alg": "EdDSA"} (RFC 8037) of the token every
 * other library verifies. Nimbus's {@code DefaultJWTProcessor} has none either: its key selector hands
 * the verifier factory {@code java.security} keys, and an Ed25519 {@code OctetKeyPair} converts to none
 * ("no matching key(s) found"), so Nimbus verifies EdDSA only when wired by hand. {@link #setUp} checks that every method accepts the token and refuses it with one signature
 * byte changed, and with another audience.
 *
 * <p>Targets: {@code latchkeyRs256 <= 1.05 x jcaRs256}; {@code latchkey<Alg>} faster than every peer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JwtPeersBenchmark {
  static final String ISSUER = "https://issuer.example";
  static final String AUDIENCE = "api";
  private static final Provider BC = new BouncyCastleProvider();

  /** Everything one algorithm's methods need, prepared in {@link #setUp}. */
  static final class Alg {
    final String name;
    final String jcaName;
    final Provider floorProvider;
    final KeyPair pair;
    String token;
    byte[] signingInput;
    byte[] signature;
    JwtSource latchkey;
    io.fusionauth.jwt.Verifier fusionauth;
    JWTVerifier auth0;
    JwtParser jjwt;
    JwtConsumer jose4j;
    Signature floor;
    DefaultJWTProcessor<SecurityContext> nimbus;

    Alg(String name, String jcaName, Provider floorProvider, KeyPair pair) {
      this.name = name;
      this.jcaName = jcaName;
      this.floorProvider = floorProvider;
      this.pair = pair;
    }
  }

  private Alg rs;
  private Alg es;
  private Alg ed;

  /** The prepared algorithm named {@code name} (RS256, ES256 or EdDSA), after {@link #setUp}. */
  Alg alg(String name) {
    return switch (name) {
      case "RS256" -> rs;
      case "ES256" -> es;
      case "EdDSA" -> ed;
      default -> throw new IllegalArgumentException("no algorithm " + name + " (RS256, ES256, EdDSA)");
    };
  }

  @Setup
  public void setUp() throws Exception {
    rs = prepare(new Alg("RS256", "SHA256withRSA", null, generate("RSA")), AUDIENCE);
    es = prepare(new Alg("ES256", "SHA256withPLAIN-ECDSA", BC, generate("EC")), AUDIENCE);
    ed = prepare(new Alg("EdDSA", "Ed25519", BC, generate("Ed25519")), AUDIENCE);
    for (Alg a : List.of(rs, es, ed)) {
      checkAcceptsAndRefuses(a);
    }
  }

  static KeyPair generate(String type) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance(type);
    if (type.equals("RSA")) {
      g.initialize(2048);
    } else if (type.equals("EC")) {
      g.initialize(new ECGenParameterSpec("secp256r1"));
    }
    return g.generateKeyPair();
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type + "-----\n";
  }

  static String mint(PrivateKey key, String kid, String audience) {
    return JwtMinter.fromPkcs8Pem(pem("PRIVATE KEY", key.getEncoded()), kid).issuer(ISSUER).subject("svc").audience(audience)
        .lifetime(Duration.ofHours(12)).build().token().expose();
  }

  /** Every verifier for {@code a}'s key, and its token (for {@code audience}). */
  private static Alg prepare(Alg a, String audience) throws Exception {
    PublicKey pub = a.pair.getPublic();
    a.token = mint(a.pair.getPrivate(), "k1", audience);
    int dot = a.token.lastIndexOf('.');
    a.signingInput = a.token.substring(0, dot).getBytes(StandardCharsets.US_ASCII);
    a.signature = Base64.getUrlDecoder().decode(a.token.substring(dot + 1));

    a.floor = a.floorProvider == null ? Signature.getInstance(a.jcaName) : Signature.getInstance(a.jcaName, a.floorProvider);
    a.floor.initVerify(pub);
    a.latchkey = JwtSource.builder()
        .issuer(JwtIssuer.issuer(ISSUER).keys(JwtKeys.pem(pem("PUBLIC KEY", pub.getEncoded()), Optional.of("k1"), Optional.of(a.name)))
            .audiences(AUDIENCE).build())
        .build();

    switch (a.name) {
      case "RS256" -> {
        a.fusionauth = io.fusionauth.jwt.rsa.RSAVerifier.newVerifier(pub);
        a.auth0 = auth0(Algorithm.RSA256((RSAPublicKey) pub, null));
      }
      case "ES256" -> {
        a.fusionauth = io.fusionauth.jwt.ec.ECVerifier.newVerifier(pub);
        a.auth0 = auth0(Algorithm.ECDSA256((ECPublicKey) pub, null));
      }
      default -> { } // neither fusionauth-jwt nor auth0 java-jwt reads an EdDSA token (see the class comment)
    }

    a.jjwt = Jwts.parser().verifyWith(pub).requireIssuer(ISSUER).requireAudience(AUDIENCE).build();

    a.jose4j = new JwtConsumerBuilder()
        .setRequireExpirationTime()
        .setExpectedIssuer(ISSUER)
        .setExpectedAudience(AUDIENCE)
        .setVerificationKey(pub)
        .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, switch (a.name) {
          case "RS256" -> AlgorithmIdentifiers.RSA_USING_SHA256;
          case "ES256" -> AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256;
          default -> AlgorithmIdentifiers.EDDSA;
        })
        .build();

    if (a.name.equals("EdDSA")) {
      return a; // Nimbus's processor cannot select an OKP key (see the class comment)
    }
    JWK jwk = a.name.equals("RS256")
        ? new RSAKey.Builder((RSAPublicKey) pub).keyID("k1").build()
        : new ECKey.Builder(Curve.P_256, (ECPublicKey) pub).keyID("k1").build();
    DefaultJWTProcessor<SecurityContext> nimbus = new DefaultJWTProcessor<>();
    nimbus.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.parse(a.name), new ImmutableJWKSet<>(new JWKSet(jwk))));
    nimbus.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
        AUDIENCE, new JWTClaimsSet.Builder().issuer(ISSUER).build(), Set.of("exp")));
    a.nimbus = nimbus;
    return a;
  }

  private static JWTVerifier auth0(Algorithm algorithm) {
    return JWT.require(algorithm).withIssuer(ISSUER).withAudience(AUDIENCE).withClaimPresence("exp").build();
  }

  // ---- what each method does, on any Alg: shared with the checks in setUp ----

  static boolean latchkey(Alg a, String token) {
    return a.latchkey.verify(new Credential(Secret.of(token), CredentialCarrier.bearer())) instanceof Verdict.Accept;
  }

  static boolean jca(Alg a, byte[] signingInput, byte[] signature) throws Exception {
    a.floor.update(signingInput);
    return a.floor.verify(signature);
  }

  /** fusionauth-jwt checks the signature, {@code exp} and {@code nbf}; issuer and audience are the caller's to check. */
  static io.fusionauth.jwt.domain.JWT fusionauth(Alg a, String token) {
    io.fusionauth.jwt.domain.JWT jwt = io.fusionauth.jwt.domain.JWT.getDecoder().decode(token, a.fusionauth);
    if (jwt.expiration == null || !ISSUER.equals(jwt.issuer) || !hasAudience(jwt.audience)) {
      throw new IllegalArgumentException("exp, iss or aud");
    }
    return jwt;
  }

  private static boolean hasAudience(Object aud) {
    return aud instanceof Collection<?> list ? list.contains(AUDIENCE) : AUDIENCE.equals(aud);
  }

  static DecodedJWT auth0(Alg a, String token) {
    return a.auth0.verify(token);
  }

  /** jjwt checks {@code exp} when present; its presence is checked here. */
  static Jws<Claims> jjwt(Alg a, String token) {
    Jws<Claims> jws = a.jjwt.parseSignedClaims(token);
    if (jws.getPayload().getExpiration() == null) {
      throw new IllegalArgumentException("exp");
    }
    return jws;
  }

  static JwtClaims jose4j(Alg a, String token) throws Exception {
    return a.jose4j.processToClaims(token);
  }

  static JWTClaimsSet nimbus(Alg a, String token) throws Exception {
    return a.nimbus.process(token, null);
  }

  /** Each method accepts {@code a}'s token, and refuses it with a changed signature byte or another audience. */
  private static void checkAcceptsAndRefuses(Alg a) throws Exception {
    String badSignature = changeSignature(a.token);
    byte[] badBytes = a.signature.clone();
    badBytes[badBytes.length / 2] ^= 1;
    String otherAudience = mint(a.pair.getPrivate(), "k1", "another-service");
    require(a, "latchkey", latchkey(a, a.token) && !latchkey(a, badSignature) && !latchkey(a, otherAudience));
    require(a, "jca", jca(a, a.signingInput, a.signature) && !jca(a, a.signingInput, badBytes));
    if (a.fusionauth != null) {
      requireLibrary(a, "fusionauth", t -> fusionauth(a, t), badSignature, otherAudience);
    }
    if (a.auth0 != null) {
      requireLibrary(a, "auth0", t -> auth0(a, t), badSignature, otherAudience);
    }
    requireLibrary(a, "jjwt", t -> jjwt(a, t), badSignature, otherAudience);
    requireLibrary(a, "jose4j", t -> jose4j(a, t), badSignature, otherAudience);
    if (a.nimbus != null) {
      requireLibrary(a, "nimbus", t -> nimbus(a, t), badSignature, otherAudience);
    }
  }

  interface Verify {
    Object verify(String token) throws Exception;
  }

  private static void requireLibrary(Alg a, String library, Verify verify, String... refused) throws Exception {
    require(a, library, verify.verify(a.token) != null);
    for (String token : refused) {
      require(a, library + " refusing", fails(() -> verify.verify(token)));
    }
  }

  private static boolean fails(Callable<Object> call) {
    try {
      call.call();
      return false;
    } catch (Exception e) {
      return true;
    }
  }

  private static void require(Alg a, String what, boolean ok) {
    if (!ok) {
      throw new IllegalStateException(a.name + ": " + what + " does not verify as it must");
    }
  }

  static String changeSignature(String token) {
    int at = token.lastIndexOf('.') + 5;
    return token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
  }

  // ---- RS256 ----

  /** Latchkey's JwtSource, no verified-token cache. */
  @Benchmark
  public boolean latchkeyRs256() {
    return latchkey(rs, rs.token);
  }

  /** The floor: a bare JCA verify of the same signing input. */
  @Benchmark
  public boolean jcaRs256() throws Exception {
    return jca(rs, rs.signingInput, rs.signature);
  }

  /** fusionauth-jwt's JWTDecoder, then iss and aud. */
  @Benchmark
  public Object fusionauthRs256() {
    return fusionauth(rs, rs.token);
  }

  /** auth0 java-jwt's JWTVerifier requiring iss, aud and exp. */
  @Benchmark
  public Object auth0Rs256() {
    return auth0(rs, rs.token);
  }

  /** jjwt's JwtParser requiring iss and aud, then exp present. */
  @Benchmark
  public Object jjwtRs256() {
    return jjwt(rs, rs.token);
  }

  /** jose4j's JwtConsumer requiring exp, iss and aud. */
  @Benchmark
  public Object jose4jRs256() throws Exception {
    return jose4j(rs, rs.token);
  }

  /** Nimbus's DefaultJWTProcessor requiring exp, iss and aud. */
  @Benchmark
  public Object nimbusRs256() throws Exception {
    return nimbus(rs, rs.token);
  }

  // ---- ES256 ----

  /** Latchkey's JwtSource, no verified-token cache. */
  @Benchmark
  public boolean latchkeyEs256() {
    return latchkey(es, es.token);
  }

  /** The floor: a bare JCA verify of the same signing input (BouncyCastle). */
  @Benchmark
  public boolean jcaEs256() throws Exception {
    return jca(es, es.signingInput, es.signature);
  }

  /** fusionauth-jwt's JWTDecoder, then iss and aud. */
  @Benchmark
  public Object fusionauthEs256() {
    return fusionauth(es, es.token);
  }

  /** auth0 java-jwt's JWTVerifier requiring iss, aud and exp. */
  @Benchmark
  public Object auth0Es256() {
    return auth0(es, es.token);
  }

  /** jjwt's JwtParser requiring iss and aud, then exp present. */
  @Benchmark
  public Object jjwtEs256() {
    return jjwt(es, es.token);
  }

  /** jose4j's JwtConsumer requiring exp, iss and aud. */
  @Benchmark
  public Object jose4jEs256() throws Exception {
    return jose4j(es, es.token);
  }

  /** Nimbus's DefaultJWTProcessor requiring exp, iss and aud. */
  @Benchmark
  public Object nimbusEs256() throws Exception {
    return nimbus(es, es.token);
  }

  // ---- EdDSA (Ed25519); fusionauth-jwt, auth0 java-jwt and Nimbus's processor do not take these tokens ----

  /** Latchkey's JwtSource, no verified-token cache. */
  @Benchmark
  public boolean latchkeyEdDsa() {
    return latchkey(ed, ed.token);
  }

  /** The floor: a bare JCA verify of the same signing input (BouncyCastle). */
  @Benchmark
  public boolean jcaEdDsa() throws Exception {
    return jca(ed, ed.signingInput, ed.signature);
  }

  /** jjwt's JwtParser requiring iss and aud, then exp present. */
  @Benchmark
  public Object jjwtEdDsa() {
    return jjwt(ed, ed.token);
  }

  /** jose4j's JwtConsumer requiring exp, iss and aud. */
  @Benchmark
  public Object jose4jEdDsa() throws Exception {
    return jose4j(ed, ed.token);
  }

}
