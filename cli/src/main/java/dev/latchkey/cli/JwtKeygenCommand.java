package dev.latchkey.cli;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;

/**
 * {@code latchkey jwt keygen}: a new signing key pair, as a PKCS#8 PEM private key (for
 * {@code jwt mint} or the caller's own code) and a public JWK set with a {@code kid} (for the server's
 * {@code JwtKeys.jwkSet}/{@code jwkSetFile}). Each goes to its file when one is named, else to standard
 * output (the private key first). A private key file is created readable by its owner only, and no
 * existing file is overwritten.
 */
@Command(
    name = "keygen",
    description = {
      "Generate a signing key pair: a PKCS#8 PEM private key and a public JWK set.",
      "Without --out-private / --out-jwks they are printed to standard output, the private key first."
    })
final class JwtKeygenCommand implements Callable<Integer> {
  /** The algorithms keys are made for. */
  enum Algorithm {
    /** RSA 2048 with SHA-256, as Authgear's Admin API uses. */
    RS256,
    /** ECDSA on P-256 with SHA-256. */
    ES256,
    /** Ed25519. */
    EdDSA
  }

  @Option(names = "--alg", paramLabel = "ALG", description = "RS256 (RSA 2048), ES256 (P-256) or EdDSA (Ed25519); default: ${DEFAULT-VALUE}.")
  private Algorithm algorithm = Algorithm.RS256;

  @Option(names = "--kid", paramLabel = "ID", description = "The key id; default: the key's RFC 7638 thumbprint.")
  private String kid;

  @Option(names = "--out-private", paramLabel = "FILE", description = "Write the private key here (created with mode 600; never overwritten).")
  private Path privateFile;

  @Option(names = "--out-jwks", paramLabel = "FILE", description = "Write the public JWK set here (never overwritten).")
  private Path jwksFile;

  private final Terminal terminal;

  JwtKeygenCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() {
    if (kid != null && kid.isBlank()) {
      throw CommandFailure.usage("--kid must not be blank");
    }
    for (Path file : new Path[] {privateFile, jwksFile}) {
      if (file != null && Files.exists(file)) {
        throw CommandFailure.failure(file + " exists; not overwritten");
      }
    }
    KeyPair pair = generate();
    JWK jwk = publicJwk(pair);
    String pem = pem(pair);
    String jwks = new JWKSet(jwk).toString(true);

    if (privateFile == null) {
      terminal.out().print(pem);
    } else {
      writeOwnerOnly(privateFile, pem);
      terminal.err().println("wrote the private key to " + privateFile + " (readable by its owner only)");
    }
    if (jwksFile == null) {
      terminal.out().println(jwks);
    } else {
      write(jwksFile, jwks + "\n");
      terminal.err().println("wrote the public JWK set to " + jwksFile + " (kid " + jwk.getKeyID() + ")");
    }
    return ExitCode.OK;
  }

  private KeyPair generate() {
    try {
      KeyPairGenerator generator;
      switch (algorithm) {
        case RS256:
          generator = KeyPairGenerator.getInstance("RSA");
          generator.initialize(2048);
          break;
        case ES256:
          generator = KeyPairGenerator.getInstance("EC");
          generator.initialize(new ECGenParameterSpec("secp256r1"));
          break;
        default:
          generator = KeyPairGenerator.getInstance("Ed25519");
          break;
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw CommandFailure.failure("this Java runtime cannot make " + algorithm + " keys (" + e.getClass().getSimpleName() + ")");
    }
  }

  private JWK publicJwk(KeyPair pair) {
    try {
      switch (algorithm) {
        case RS256:
          return withKid(new RSAKey.Builder((RSAPublicKey) pair.getPublic()).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256));
        case ES256:
          return withKid(new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic()).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256));
        default:
          // An Ed25519 SubjectPublicKeyInfo is a fixed 12-byte prefix and the 32-byte public key.
          byte[] spki = pair.getPublic().getEncoded();
          byte[] x = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
          return withKid(new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.EdDSA));
      }
    } catch (JOSEException e) {
      throw CommandFailure.failure("the key id could not be computed (" + e.getClass().getSimpleName() + ")");
    }
  }

  private JWK withKid(RSAKey.Builder builder) throws JOSEException {
    return (kid == null ? builder.keyIDFromThumbprint() : builder.keyID(kid)).build();
  }

  private JWK withKid(ECKey.Builder builder) throws JOSEException {
    return (kid == null ? builder.keyIDFromThumbprint() : builder.keyID(kid)).build();
  }

  private JWK withKid(OctetKeyPair.Builder builder) throws JOSEException {
    return (kid == null ? builder.keyIDFromThumbprint() : builder.keyID(kid)).build();
  }

  private static String pem(KeyPair pair) {
    Base64.Encoder lines = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    return "-----BEGIN PRIVATE KEY-----\n" + lines.encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
  }

  /** Creates {@code file} readable and writable by its owner only (where the file system has POSIX modes). */
  private static void writeOwnerOnly(Path file, String content) {
    try {
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(file);
      }
      Files.writeString(file, content, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw cannotWrite(file, e);
    }
  }

  private static void write(Path file, String content) {
    try {
      Files.writeString(Files.createFile(file), content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw cannotWrite(file, e);
    }
  }

  private static CommandFailure cannotWrite(Path file, IOException e) {
    return e instanceof FileAlreadyExistsException
        ? CommandFailure.failure(file + " exists; not overwritten")
        : CommandFailure.failure("cannot write " + file + " (" + e.getClass().getSimpleName() + ")");
  }
}
