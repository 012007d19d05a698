package dev.latchkey.benchmarks;

import com.nimbusds.jose.JWSAlgorithm;
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
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
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
 * Verifying one JWT, three ways in one run: through {@link JwtSource} ({@code latchkeyRs256}), through
 * Nimbus's {@code DefaultJWTProcessor} with the same key and claim checks ({@code nimbusProcessorRs256}),
 * and as a bare {@code java.security.Signature} verify of the same signing input ({@code jcaRs256}, the
 * floor). Targets: {@code latchkeyRs256 <= 1.15 x jcaRs256}; {@code latchkeyCachedRepeat <= 2 µs}.
 * {@code jdkEs256} and {@code bouncyCastleEs256} compare the two providers' bare ES256 verify.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JwtVerifyBenchmark {
  private static final String ISSUER = "https://issuer.example";
  private static final String AUDIENCE = "api";

  private JwtSource rsSource;
  private JwtSource esSource;
  private JwtSource edSource;
  private JwtSource cachedSource;
  private Credential rsToken;
  private Credential esToken;
  private Credential edToken;
  private DefaultJWTProcessor<SecurityContext> nimbus;
  private String rsTokenText;
  private byte[] rsSigningInput;
  private byte[] rsSignature;
  private PublicKey rsaPublic;
  private byte[] esSigningInput;
  private byte[] esSignature;
  private PublicKey ecPublic;

  @Setup
  public void setUp() throws Exception {
    KeyPair rsa = generate("RSA", null);
    KeyPair ec = generate("EC", new ECGenParameterSpec("secp256r1"));
    KeyPair ed = generate("Ed25519", null);
    rsaPublic = rsa.getPublic();
    ecPublic = ec.getPublic();

    rsSource = source(JwtKeys.pem(pem(rsa.getPublic()), Optional.of("rs"), Optional.empty()));
    esSource = source(JwtKeys.pem(pem(ec.getPublic()), Optional.of("es"), Optional.empty()));
    edSource = source(JwtKeys.pem(pem(ed.getPublic()), Optional.of("ed"), Optional.empty()));
    cachedSource =
        JwtSource.builder().verifiedTokenCache(10_000, Duration.ofMinutes(5))
            .issuer(JwtIssuer.issuer(ISSUER).keys(JwtKeys.pem(pem(rsa.getPublic()), Optional.of("rs"), Optional.empty())).audiences(AUDIENCE).build())
            .build();

    rsToken = mint(rsa.getPrivate(), "rs");
    esToken = mint(ec.getPrivate(), "es");
    edToken = mint(ed.getPrivate(), "ed");

    rsTokenText = rsToken.secret().expose();
    int dot = rsTokenText.lastIndexOf('.');
    rsSigningInput = rsTokenText.substring(0, dot).getBytes(StandardCharsets.US_ASCII);
    rsSignature = Base64.getUrlDecoder().decode(rsTokenText.substring(dot + 1));
    String esText = esToken.secret().expose();
    int esDot = esText.lastIndexOf('.');
    esSigningInput = esText.substring(0, esDot).getBytes(StandardCharsets.US_ASCII);
    esSignature = Base64.getUrlDecoder().decode(esText.substring(esDot + 1));

    nimbus = new DefaultJWTProcessor<>();
    JWKSet set = new JWKSet(new RSAKey.Builder((RSAPublicKey) rsa.getPublic()).keyID("rs").build());
    nimbus.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(set)));
    nimbus.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
        AUDIENCE, new JWTClaimsSet.Builder().issuer(ISSUER).build(), Set.of("exp", "iat", "sub")));

    for (Verdict v : new Verdict[] {latchkeyRs256(), latchkeyEs256(), latchkeyEdDsa(), latchkeyCachedRepeat()}) {
      if (!(v instanceof Verdict.Accept)) {
        throw new IllegalStateException("the benchmark token must verify: " + v);
      }
    }
    if (!jcaRs256() || !jdkEs256() || !bouncyCastleEs256()) {
      throw new IllegalStateException("the bare verifications must succeed");
    }
    nimbusProcessorRs256();
  }

  private static KeyPair generate(String algorithm, ECGenParameterSpec spec) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
    if (spec != null) {
      g.initialize(spec);
    } else if (algorithm.equals("RSA")) {
      g.initialize(2048);
    }
    return g.generateKeyPair();
  }

  private static String pem(PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
  }

  private static JwtSource source(JwtKeys keys) {
    return JwtSource.builder().issuer(JwtIssuer.issuer(ISSUER).keys(keys).audiences(AUDIENCE).build()).build();
  }

  private static Credential mint(PrivateKey key, String kid) {
    String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    Secret token = JwtMinter.fromPkcs8Pem(pem, kid).issuer(ISSUER).subject("svc").audience(AUDIENCE).lifetime(Duration.ofHours(12)).build().token();
    return new Credential(token, CredentialCarrier.bearer());
  }

  /** An RS256 token through JwtSource (no cache). */
  @Benchmark
  public Verdict latchkeyRs256() {
    return rsSource.verify(rsToken);
  }

  /** The same token through Nimbus's DefaultJWTProcessor with the same checks. */
  @Benchmark
  public JWTClaimsSet nimbusProcessorRs256() throws Exception {
    return nimbus.process(rsTokenText, null);
  }

  /** The floor: a prepared java.security.Signature verifying the same signing input. */
  @Benchmark
  public boolean jcaRs256() throws Exception {
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initVerify(rsaPublic);
    s.update(rsSigningInput);
    return s.verify(rsSignature);
  }

  /** An ES256 token through JwtSource. */
  @Benchmark
  public Verdict latchkeyEs256() {
    return esSource.verify(esToken);
  }

  /** An EdDSA (Ed25519) token through JwtSource. */
  @Benchmark
  public Verdict latchkeyEdDsa() {
    return edSource.verify(edToken);
  }

  /** The same RS256 token again through a source with the verified-token cache. */
  @Benchmark
  public Verdict latchkeyCachedRepeat() {
    return cachedSource.verify(rsToken);
  }

  /** A bare ES256 verify with the JDK's SunEC provider. */
  @Benchmark
  public boolean jdkEs256() throws Exception {
    Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
    s.initVerify(ecPublic);
    s.update(esSigningInput);
    return s.verify(esSignature);
  }

  private static final BouncyCastleProvider BC = new BouncyCastleProvider();

  /** A bare ES256 verify with BouncyCastle. */
  @Benchmark
  public boolean bouncyCastleEs256() throws Exception {
    Signature s = Signature.getInstance("SHA256withPLAIN-ECDSA", BC);
    s.initVerify(ecPublic);
    s.update(esSigningInput);
    return s.verify(esSignature);
  }
}
