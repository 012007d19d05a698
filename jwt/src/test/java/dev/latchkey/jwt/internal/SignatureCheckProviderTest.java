package dev.latchkey.jwt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.jwt.CryptoProvider;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;

/** Which JCA provider each choice verifies with, per algorithm. */
class SignatureCheckProviderTest {
  private static final KeyPair RSA = generate("RSA");
  private static final KeyPair EC = generate("EC");
  private static final KeyPair ED = generate("Ed25519");

  private static KeyPair generate(String type) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(type);
      if (type.equals("RSA")) {
        g.initialize(2048);
      } else if (type.equals("EC")) {
        g.initialize(new ECGenParameterSpec("secp256r1"));
      }
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String provider(String alg, KeyPair pair, CryptoProvider choice) {
    return SignatureCheck.of(alg, pair.getPublic(), choice).providerName();
  }

  @Test
  void autoVerifiesRsaWithTheJdkAndEcdsaAndEdDsaWithBouncyCastleWhenNoNativeProviderIsInstalled() {
    assertThat(provider("RS256", RSA, CryptoProvider.auto())).isEqualTo("SunRsaSign");
    assertThat(provider("PS256", RSA, CryptoProvider.auto())).isEqualTo("SunRsaSign");
    assertThat(provider("ES256", EC, CryptoProvider.auto())).isEqualTo("BC");
    assertThat(provider("EdDSA", ED, CryptoProvider.auto())).isEqualTo("BC");
  }

  @Test
  void jdkVerifiesEveryAlgorithmWithTheJdksOwnProviders() {
    assertThat(provider("RS256", RSA, CryptoProvider.jdk())).isEqualTo("SunRsaSign");
    assertThat(provider("ES256", EC, CryptoProvider.jdk())).isEqualTo("SunEC");
    assertThat(provider("EdDSA", ED, CryptoProvider.jdk())).isEqualTo("SunEC");
  }

  @Test
  void bouncyCastleVerifiesEveryAlgorithm() {
    assertThat(provider("RS256", RSA, CryptoProvider.bouncyCastle())).isEqualTo("BC");
    assertThat(provider("PS256", RSA, CryptoProvider.bouncyCastle())).isEqualTo("BC");
    assertThat(provider("ES256", EC, CryptoProvider.bouncyCastle())).isEqualTo("BC");
    assertThat(provider("EdDSA", ED, CryptoProvider.bouncyCastle())).isEqualTo("BC");
  }

  @Test
  void aNamedProviderVerifiesWhatItOffersAndTheAutoChoiceTheRest() {
    CryptoProvider sunRsa = CryptoProvider.named("SunRsaSign");
    assertThat(provider("RS256", RSA, sunRsa)).isEqualTo("SunRsaSign");
    assertThat(provider("ES256", EC, sunRsa)).isEqualTo("BC");
  }

  @Test
  void aCheckOnAnotherChoiceIsMadeOnceAndTheSameChoiceIsTheCheckItself() {
    SignatureCheck auto = SignatureCheck.of("ES256", EC.getPublic());
    assertThat(auto.using(CryptoProvider.auto())).isSameAs(auto);
    SignatureCheck jdk = auto.using(CryptoProvider.jdk());
    assertThat(jdk.providerName()).isEqualTo("SunEC");
    assertThat(auto.using(CryptoProvider.jdk())).isSameAs(jdk);
  }

  @Test
  void autoPrefersAmazonCorrettoWhenInstalledForTheAlgorithmsItOffers() throws Exception {
    Provider standIn = new Provider(CryptoProvider.ACCP, "2.5", "stand-in offering RS256 only") {
      {
        putService(new Service(this, "Signature", "SHA256withRSA", DelegatingRsa.class.getName(), null, null) {
          @Override
          public Object newInstance(Object parameter) {
            return new DelegatingRsa();
          }
        });
      }
    };
    Security.insertProviderAt(standIn, 1);
    try {
      SignatureCheck rs = SignatureCheck.of("RS256", RSA.getPublic());
      assertThat(rs.providerName()).isEqualTo(CryptoProvider.ACCP);
      assertThat(provider("ES256", EC, CryptoProvider.auto())).isEqualTo("BC");
      assertThat(provider("RS256", RSA, CryptoProvider.jdk())).isEqualTo("SunRsaSign");
      byte[] input = "header.payload".getBytes();
      Signature signer = Signature.getInstance("SHA256withRSA", "SunRsaSign");
      signer.initSign(RSA.getPrivate());
      signer.update(input);
      byte[] signature = signer.sign();
      assertThat(rs.verify(input, signature)).isTrue();
      signature[10] ^= 1;
      assertThat(rs.verify(input, signature)).isFalse();
    } finally {
      Security.removeProvider(CryptoProvider.ACCP);
    }
  }

  /** The JDK's RS256 under another provider's name, standing in for a native one. */
  public static final class DelegatingRsa extends SignatureSpi {
    private final Signature jdk;

    public DelegatingRsa() {
      try {
        jdk = Signature.getInstance("SHA256withRSA", "SunRsaSign");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
      jdk.initVerify(publicKey);
    }

    @Override
    protected void engineInitSign(PrivateKey privateKey) {
      throw new UnsupportedOperationException("a verification-only stand-in signs nothing");
    }

    @Override
    protected void engineUpdate(byte b) throws SignatureException {
      jdk.update(b);
    }

    @Override
    protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
      jdk.update(b, off, len);
    }

    @Override
    protected byte[] engineSign() {
      throw new UnsupportedOperationException("a verification-only stand-in signs nothing");
    }

    @Override
    protected boolean engineVerify(byte[] sigBytes) throws SignatureException {
      return jdk.verify(sigBytes);
    }

    @Override
    @Deprecated
    protected void engineSetParameter(String param, Object value) {
      throw new InvalidParameterException();
    }

    @Override
    @Deprecated
    protected Object engineGetParameter(String param) {
      throw new InvalidParameterException();
    }
  }
}
