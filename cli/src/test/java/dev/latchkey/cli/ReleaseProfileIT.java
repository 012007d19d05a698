package dev.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.PGPDigestCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentVerifierBuilderProvider;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;
import org.bouncycastle.openpgp.operator.jcajce.JcePBESecretKeyEncryptorBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code release} profile builds what Maven Central takes: for core (the one module that needs no
 * other Latchkey artifact), a copy of the build signs the jar, the POM, the sources jar and the Javadoc
 * jar with a throwaway OpenPGP key made here, and each signature verifies against that key. Nothing is
 * installed or deployed: the copy's {@code target/} is all it writes.
 */
class ReleaseProfileIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String VERSION = System.getProperty("project.version", "0.1.0-SNAPSHOT");
  private static final char[] PASSPHRASE = "throwaway-release-check".toCharArray();

  @Test
  void releaseProfileSignsTheJarPomSourcesAndJavadocOfCore(@TempDir Path copy) throws Exception {
    KeyPair rsa = rsaKeyPair();
    PGPKeyPair pair = new JcaPGPKeyPair(PublicKeyPacket.VERSION_4, PGPPublicKey.RSA_GENERAL, rsa, new Date());
    copyBuild(copy);

    Process build = mavenRelease(copy, armoredSecretKey(pair));
    String log = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(build.waitFor(10, TimeUnit.MINUTES)).as("finished").isTrue();
    assertThat(build.exitValue()).as(log).isZero();

    Path target = copy.resolve("core/target");
    String base = "latchkey-core-" + VERSION;
    for (String file : List.of(base + ".jar", base + ".pom", base + "-sources.jar", base + "-javadoc.jar")) {
      Path signed = file.endsWith(".pom") ? copy.resolve("core/pom.xml") : target.resolve(file);
      assertThat(target.resolve(file + ".asc")).as(file + ".asc").isRegularFile();
      assertThat(verifies(target.resolve(file + ".asc"), Files.readAllBytes(signed), pair.getPublicKey())).as(file).isTrue();
    }
  }

  private static KeyPair rsaKeyPair() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  /** The key as {@code gpg --armor --export-secret-keys} would print it, protected by {@link #PASSPHRASE}. */
  private static String armoredSecretKey(PGPKeyPair pair) throws Exception {
    PGPDigestCalculator sha1 = new JcaPGPDigestCalculatorProviderBuilder().build().get(HashAlgorithmTags.SHA1);
    PGPSecretKey secret = new PGPSecretKey(PGPSignature.DEFAULT_CERTIFICATION, pair,
        "Latchkey release check <release-check@latchkey.invalid>", sha1, null, null,
        new JcaPGPContentSignerBuilder(pair.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA256),
        new JcePBESecretKeyEncryptorBuilder(PGPEncryptedData.AES_256, sha1).build(PASSPHRASE));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ArmoredOutputStream armored = new ArmoredOutputStream(bytes)) {
      secret.encode(armored);
    }
    return bytes.toString(StandardCharsets.US_ASCII);
  }

  /** The wrapper, the parent POM and core: what building core alone needs. */
  private static void copyBuild(Path copy) throws IOException {
    for (String file : List.of("mvnw", "pom.xml", "LICENSE")) {
      Files.copy(ROOT.resolve(file), copy.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
    }
    for (String tree : List.of(".mvn", "core/src/main")) {
      try (Stream<Path> files = Files.walk(ROOT.resolve(tree))) {
        for (Path from : files.toList()) {
          Path to = copy.resolve(ROOT.relativize(from).toString());
          if (Files.isDirectory(from)) {
            Files.createDirectories(to);
          } else {
            Files.copy(from, to);
          }
        }
      }
    }
    Files.copy(ROOT.resolve("core/pom.xml"), copy.resolve("core/pom.xml"));
  }

  /**
   * {@code ./mvnw -Prelease -f core/pom.xml verify} without tests, the key in the environment only. Not
   * offline: with everything in the local repository Maven asks no server, and on a fresh machine it
   * fetches the signing plugin the outer build never needed.
   */
  private static Process mavenRelease(Path copy, String armoredKey) throws IOException {
    List<String> command = List.of("./mvnw", "-B", "-ntp", "-q", "-Prelease", "-f", "core/pom.xml", "verify", "-Dmaven.test.skip=true");
    ProcessBuilder maven = new ProcessBuilder(command).directory(copy.toFile()).redirectErrorStream(true);
    maven.environment().put("MAVEN_GPG_KEY", armoredKey);
    maven.environment().put("MAVEN_GPG_PASSPHRASE", new String(PASSPHRASE));
    maven.environment().remove("MAVEN_ARGS");
    Process process = maven.start();
    process.getOutputStream().close();
    return process;
  }

  private static boolean verifies(Path asc, byte[] content, PGPPublicKey key) throws Exception {
    try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(asc))) {
      PGPSignature signature = ((PGPSignatureList) new JcaPGPObjectFactory(in).nextObject()).get(0);
      signature.init(new JcaPGPContentVerifierBuilderProvider(), key);
      signature.update(content);
      return signature.verify();
    }
  }
}
