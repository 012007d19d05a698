package dev.latchkey.jwt;

import java.security.Security;
import java.util.Locale;
import java.util.Objects;

/**
 * Which JCA provider verifies RSA, ECDSA and EdDSA signatures for a {@link JwtSource}
 * ({@link JwtSource.Builder#cryptoProvider}; {@code crypto_provider} in a {@code type: jwt} source of a
 * chain configuration). HMAC always uses the JDK's {@code Mac}.
 *
 * <ul>
 *   <li>{@link #auto()} (the default): Amazon Corretto Crypto Provider ({@value #ACCP}) for every
 *       algorithm it offers, when the host has registered it (see the README); otherwise the JDK for
 *       RSA and BouncyCastle for ECDSA and EdDSA, the faster of the two for each family as measured on
 *       Java 17 (docs/benchmarks.md, {@code NativeCryptoBenchmark}, bare verify: RS256 40 µs with either,
 *       so the JDK's; ES256 1.2 ms with the JDK against 105 µs with BouncyCastle; Ed25519 707 µs against
 *       89 µs). With ACCP the same verifies took 26 µs, 71 µs and 46 µs.
 *   <li>{@link #jdk()}: the JDK's own providers ({@code SunRsaSign} for RSA, {@code SunEC} for ECDSA and
 *       EdDSA), even when a faster one is installed.
 *   <li>{@link #bouncyCastle()}: BouncyCastle for every algorithm.
 *   <li>{@link #named(String)}: the registered provider of that name for every algorithm it offers, and
 *       the {@code auto} choice for the others.
 * </ul>
 *
 * <p>The provider is chosen for each key when a source first verifies with it, and the key is converted
 * to that provider's own key type once. A provider installed later is not picked up by keys already in
 * use: install it at start-up, before building sources. Immutable and thread-safe.
 */
public final class CryptoProvider {
  /** The name Amazon Corretto Crypto Provider registers under. */
  public static final String ACCP = "AmazonCorrettoCryptoProvider";

  private static final CryptoProvider AUTO = new CryptoProvider("auto");
  private static final CryptoProvider JDK = new CryptoProvider("jdk");
  private static final CryptoProvider BOUNCY_CASTLE = new CryptoProvider("bouncycastle");

  private final String name;

  private CryptoProvider(String name) {
    this.name = name;
  }

  /**
   * The measured choice per algorithm, preferring Amazon Corretto Crypto Provider when it is registered.
   *
   * @return the {@code auto} choice
   */
  public static CryptoProvider auto() {
    return AUTO;
  }

  /**
   * The JDK's own providers for every algorithm.
   *
   * @return the {@code jdk} choice
   */
  public static CryptoProvider jdk() {
    return JDK;
  }

  /**
   * BouncyCastle for every algorithm.
   *
   * @return the {@code bouncycastle} choice
   */
  public static CryptoProvider bouncyCastle() {
    return BOUNCY_CASTLE;
  }

  /**
   * The provider registered (in {@link java.security.Security}) under {@code providerName}, for the
   * algorithms it offers.
   *
   * @param providerName the name the provider is registered under, such as {@code AmazonCorrettoCryptoProvider}
   * @return the choice
   * @throws IllegalArgumentException if no provider of that name is registered
   */
  public static CryptoProvider named(String providerName) {
    Objects.requireNonNull(providerName, "providerName");
    if (Security.getProvider(providerName) == null) {
      throw new IllegalArgumentException("no security provider named '" + providerName + "' is installed"
          + (providerName.equals(ACCP) ? " (add the AmazonCorrettoCryptoProvider jar and call AmazonCorrettoCryptoProvider.install())" : "")
          + "; use auto, jdk, bouncycastle or the name of an installed provider");
    }
    return new CryptoProvider(providerName);
  }

  /**
   * The choice a setting names: {@code auto}, {@code jdk}, {@code bouncycastle} (any letter case), or the
   * name of a registered provider.
   *
   * @param setting the setting's text
   * @return the choice it names
   * @throws IllegalArgumentException for anything else
   */
  public static CryptoProvider parse(String setting) {
    Objects.requireNonNull(setting, "setting");
    switch (setting.strip().toLowerCase(Locale.ROOT)) {
      case "auto":
        return AUTO;
      case "jdk":
        return JDK;
      case "bouncycastle":
        return BOUNCY_CASTLE;
      default:
        return named(setting.strip());
    }
  }

  /**
   * The choice's name.
   *
   * @return {@code auto}, {@code jdk}, {@code bouncycastle}, or the provider's name
   */
  public String name() {
    return name;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CryptoProvider p && p.name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return name;
  }
}
