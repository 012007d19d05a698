package dev.latchkey.benchmarks;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import dev.latchkey.Credential;
import dev.latchkey.CredentialCarrier;
import dev.latchkey.Secret;
import dev.latchkey.Verdict;
import dev.latchkey.jwt.CryptoProvider;
import dev.latchkey.jwt.JwtIssuer;
import dev.latchkey.jwt.JwtKeys;
import dev.latchkey.jwt.JwtSource;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.util.Base64;
import java.util.Optional;
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
 * JWT verification with a native JCA provider installed: Amazon Corretto Crypto Provider (ACCP, on
 * AWS-LC) is installed in the benchmark's JVM before any key is read, and Latchkey's {@code auto}
 * choice verifies with it ({@code latchkey<Alg>Native}, the same tokens and checks as
 * {@link JwtPeersBenchmark}). Beside them, the bare verify of each provider with a prepared
 * {@code Signature} ({@code accp<Alg>}, {@code jdk<Alg>}, {@code bouncyCastle<Alg>}): the measurements
 * the {@code auto} rule rests on. {@code benchmarks/run} runs {@code openssl speed} in the same run; target:
 * {@code latchkeyRs256Native} and {@code latchkeyEs256Native} at most 1.3 x OpenSSL's time per verify.
 * {@link #setUp} checks that Latchkey with ACCP accepts each token and refuses it tampered, exactly as with
 * the JDK's and BouncyCastle's providers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NativeCryptoBenchmark {
  private static final Provider BC = new BouncyCastleProvider();

  private Prepared rs;
  private Prepared es;
  private Prepared ed;

  /** One algorithm: its token, its Latchkey source (auto, so ACCP) and a prepared bare verify per provider. */
  static final class Prepared {
    Credential token;
    JwtSource latchkey;
    byte[] signingInput;
    byte[] signature;
    Signature accp;
    Signature jdk;
    Signature bouncyCastle;
  }

  @Setup
  public void setUp() throws Exception {
    AmazonCorrettoCryptoProvider.install();
    AmazonCorrettoCryptoProvider.INSTANCE.assertHealthy();
    if (!Security.getProviders()[0].getName().equals(CryptoProvider.ACCP)) {
      throw new IllegalStateException("ACCP is not the most preferred provider");
    }
    rs = prepare("RS256", "SHA256withRSA", "SunRsaSign", "SHA256withRSA", JwtPeersBenchmark.generate("RSA"));
    es = prepare("ES256", "SHA256withECDSAinP1363Format", "SunEC", "SHA256withPLAIN-ECDSA", JwtPeersBenchmark.generate("EC"));
    ed = prepare("EdDSA", "Ed25519", "SunEC", "Ed25519", JwtPeersBenchmark.generate("Ed25519"));
  }

  private static Prepared prepare(String alg, String jcaName, String jdkProvider, String bcName, KeyPair pair) throws Exception {
    Prepared p = new Prepared();
    String text = JwtPeersBenchmark.mint(pair.getPrivate(), "k1", JwtPeersBenchmark.AUDIENCE);
    p.token = new Credential(Secret.of(text), CredentialCarrier.bearer());
    int dot = text.lastIndexOf('.');
    p.signingInput = text.substring(0, dot).getBytes(StandardCharsets.US_ASCII);
    p.signature = Base64.getUrlDecoder().decode(text.substring(dot + 1));
    p.latchkey = source(alg, pair, CryptoProvider.auto());
    p.accp = Signature.getInstance(jcaName, AmazonCorrettoCryptoProvider.INSTANCE);
    p.accp.initVerify(pair.getPublic());
    p.jdk = Signature.getInstance(jcaName, jdkProvider);
    p.jdk.initVerify(pair.getPublic());
    p.bouncyCastle = Signature.getInstance(bcName, BC);
    p.bouncyCastle.initVerify(pair.getPublic());

    Credential tampered = new Credential(Secret.of(JwtPeersBenchmark.changeSignature(text)), CredentialCarrier.bearer());
    for (CryptoProvider choice : new CryptoProvider[] {CryptoProvider.auto(), CryptoProvider.named(CryptoProvider.ACCP),
        CryptoProvider.jdk(), CryptoProvider.bouncyCastle()}) {
      JwtSource source = choice.equals(CryptoProvider.auto()) ? p.latchkey : source(alg, pair, choice);
      if (!(source.verify(p.token) instanceof Verdict.Accept) || !(source.verify(tampered) instanceof Verdict.Reject)) {
        throw new IllegalStateException(alg + " with " + choice + " does not verify as it must");
      }
    }
    byte[] bad = p.signature.clone();
    bad[bad.length / 2] ^= 1;
    for (Signature s : new Signature[] {p.accp, p.jdk, p.bouncyCastle}) {
      if (!verify(s, p.signingInput, p.signature) || verify(s, p.signingInput, bad)) {
        throw new IllegalStateException(alg + " with " + s.getProvider().getName() + " does not verify as it must");
      }
    }
    return p;
  }

  private static JwtSource source(String alg, KeyPair pair, CryptoProvider choice) {
    String pem = JwtPeersBenchmark.pem("PUBLIC KEY", pair.getPublic().getEncoded());
    return JwtSource.builder().cryptoProvider(choice)
        .issuer(JwtIssuer.issuer(JwtPeersBenchmark.ISSUER).keys(JwtKeys.pem(pem, Optional.of("k1"), Optional.of(alg)))
            .audiences(JwtPeersBenchmark.AUDIENCE).build())
        .build();
  }

  private static boolean verify(Signature s, byte[] input, byte[] signature) throws Exception {
    s.update(input);
    return s.verify(signature);
  }

  /** An RS256 token through JwtSource, verified by ACCP. */
  @Benchmark
  public Verdict latchkeyRs256Native() {
    return rs.latchkey.verify(rs.token);
  }

  /** An ES256 token through JwtSource, verified by ACCP. */
  @Benchmark
  public Verdict latchkeyEs256Native() {
    return es.latchkey.verify(es.token);
  }

  /** An EdDSA token through JwtSource, verified by ACCP. */
  @Benchmark
  public Verdict latchkeyEdDsaNative() {
    return ed.latchkey.verify(ed.token);
  }

  /** A bare RS256 verify with ACCP. */
  @Benchmark
  public boolean accpRs256() throws Exception {
    return verify(rs.accp, rs.signingInput, rs.signature);
  }

  /** A bare RS256 verify with SunRsaSign. */
  @Benchmark
  public boolean jdkRs256() throws Exception {
    return verify(rs.jdk, rs.signingInput, rs.signature);
  }

  /** A bare RS256 verify with BouncyCastle. */
  @Benchmark
  public boolean bouncyCastleRs256() throws Exception {
    return verify(rs.bouncyCastle, rs.signingInput, rs.signature);
  }

  /** A bare ES256 verify with ACCP. */
  @Benchmark
  public boolean accpEs256() throws Exception {
    return verify(es.accp, es.signingInput, es.signature);
  }

  /** A bare ES256 verify with SunEC. */
  @Benchmark
  public boolean jdkEs256() throws Exception {
    return verify(es.jdk, es.signingInput, es.signature);
  }

  /** A bare ES256 verify with BouncyCastle. */
  @Benchmark
  public boolean bouncyCastleEs256() throws Exception {
    return verify(es.bouncyCastle, es.signingInput, es.signature);
  }

  /** A bare Ed25519 verify with ACCP. */
  @Benchmark
  public boolean accpEdDsa() throws Exception {
    return verify(ed.accp, ed.signingInput, ed.signature);
  }

  /** A bare Ed25519 verify with SunEC. */
  @Benchmark
  public boolean jdkEdDsa() throws Exception {
    return verify(ed.jdk, ed.signingInput, ed.signature);
  }

  /** A bare Ed25519 verify with BouncyCastle. */
  @Benchmark
  public boolean bouncyCastleEdDsa() throws Exception {
    return verify(ed.bouncyCastle, ed.signingInput, ed.signature);
  }
}
