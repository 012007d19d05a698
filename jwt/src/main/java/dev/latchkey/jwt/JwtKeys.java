package dev.latchkey.jwt;

import dev.latchkey.ConfigurationException;
import dev.latchkey.Health;
import dev.latchkey.Secret;
import dev.latchkey.jwt.internal.JwsAlgorithm;
import dev.latchkey.jwt.internal.KeyMaterial;
import dev.latchkey.jwt.internal.SignatureCheck;
import dev.latchkey.jwt.internal.VerificationKey;
import dev.latchkey.spi.Background;
import dev.latchkey.spi.Reload;
import dev.latchkey.spi.ReloadingFile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys an issuer's tokens are verified with. Each key is bound to one algorithm (its JWK
 * {@code alg}, or the usual one for its type and curve) and converted to its JCA form once.
 *
 * <ul>
 *   <li>{@link #jwkSet(String)} and {@link #jwkSetFile(Path)}: RSA (2048 bits or more), EC P-256/384/521
 *       and Ed25519 keys; encryption keys are skipped, symmetric keys refused.
 *   <li>{@link #pem(String)}: a {@code PUBLIC KEY}, a {@code CERTIFICATE}, or a PKCS#8
 *       {@code PRIVATE KEY} whose public part is used (Authgear hands users one).
 *   <li>{@link #hmacSecret(Secret, String)}: a shared secret of at least 256 bits that is not a
 *       published example secret.
 * </ul>
 *
 * <p>File-backed and remote keys change in the background of the {@link JwtSource} they belong to
 * (started and stopped with its {@link dev.latchkey.Authenticator}); a request only ever reads the
 * snapshot in force, except for the bounded first fetch of remote keys. Thread-safe. Error messages
 * never quote key material.
 */
public final class JwtKeys {
  /** How often a JWK set file is checked for changes. */
  static final Duration FILE_CHECK_INTERVAL = Duration.ofSeconds(1);

  private final Loader loader;

  private JwtKeys(Loader loader) {
    this.loader = loader;
  }

  /**
   * The signing keys of a JWK set given as JSON.
   *
   * @param json the JWK set, as a key server serves it
   * @return the set's signing keys; keys for encryption are left out
   * @throws IllegalArgumentException if the set cannot be read or holds an unusable signing key
   */
  public static JwtKeys jwkSet(String json) {
    return new JwtKeys(new Fixed(KeyMaterial.fromJwkSet(json, true)));
  }

  /**
   * The signing keys of a JWK set file, read now and re-read when it changes: checked every second on
   * the background of the authenticator the source is part of, never on a request thread (a source
   * that is never started keeps the keys read now). A change that cannot be used keeps the last good
   * keys and is logged once, then at most once a minute, until the file is good again.
   *
   * @param file the JWK set file
   * @return the keys
   * @throws IllegalArgumentException if the file cannot be read now, or holds an unusable key
   */
  public static JwtKeys jwkSetFile(Path file) {
    return jwkSetFile(file, Clock.systemUTC());
  }

  /**
   * As {@link #jwkSetFile(Path)}, with the clock that paces repeated warnings.
   *
   * @param file the JWK set file
   * @param clock the clock
   * @return the keys
   * @throws IllegalArgumentException if the file cannot be read now, or holds an unusable key
   */
  public static JwtKeys jwkSetFile(Path file, Clock clock) {
    return jwkSetFile(file, clock, r -> {});
  }

  /**
   * As {@link #jwkSetFile(Path, Clock)}, telling {@code listener} of every reload
   * ({@link Reload.Reloaded} with the number of signing keys) and every change that could not be used
   * ({@link Reload.Failed}, naming the file and what is wrong, never key material). The listener is
   * called on the background thread that checks the file.
   *
   * @param file the JWK set file
   * @param clock the clock that paces repeated warnings
   * @param listener who hears of reloads and failed reloads
   * @return the keys
   * @throws IllegalArgumentException if the file cannot be read now, or holds an unusable key
   */
  public static JwtKeys jwkSetFile(Path file, Clock clock, Consumer<Reload> listener) {
    ReloadingFile<List<VerificationKey>> reloading;
    try {
      reloading = ReloadingFile.<List<VerificationKey>>builder(file, content -> parseJwkSetFile(file, content.bytes()))
          .describedAs("signing keys", List::size)
          .listener(listener)
          .loggingAs(JwtKeys.class)
          .clock(clock)
          .load();
    } catch (ConfigurationException e) {
      throw new IllegalArgumentException(e.problems().stream().map(Object::toString).collect(Collectors.joining("; ")));
    }
    return new JwtKeys(new FileKeys(reloading));
  }

  private static List<VerificationKey> parseJwkSetFile(Path file, byte[] content) {
    try {
      return KeyMaterial.fromJwkSet(new String(content, StandardCharsets.UTF_8), true);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(new ConfigurationException.Problem(file.toString(), 0, 0, "", e.getMessage()));
    }
  }

  /**
   * One key from PEM text, bound to the usual algorithm for its type (RSA → RS256, EC → by curve,
   * Ed25519 → EdDSA), without a key id.
   *
   * @param pem a PEM public key, certificate or private key (only its public part is kept)
   * @return the key
   * @throws IllegalArgumentException if the PEM is not a usable public key, certificate or private key
   */
  public static JwtKeys pem(String pem) {
    return pem(pem, Optional.empty(), Optional.empty());
  }

  /**
   * One key from PEM text with a key id and, optionally, an algorithm other than the usual one (such as
   * PS256 for an RSA key).
   *
   * @param pem a PEM public key, certificate or private key (only its public part is kept)
   * @param kid the key id tokens name it by; empty to match tokens whatever their {@code kid}
   * @param algorithm the JWS algorithm; empty for the usual one for the key's type
   * @return the key
   * @throws IllegalArgumentException if the PEM is unusable or does not suit the algorithm
   */
  public static JwtKeys pem(String pem, Optional<String> kid, Optional<String> algorithm) {
    PublicKey key = KeyMaterial.publicKeyFromPem(pem);
    String alg = algorithm.orElseGet(() -> usualAlgorithm(key).name());
    VerificationKey verification = new VerificationKey(kid, SignatureCheck.of(alg, key), key.getAlgorithm());
    return new JwtKeys(new Fixed(List.of(verification)));
  }

  /**
   * A shared HMAC secret for {@code algorithm} (HS256, HS384 or HS512).
   *
   * @param secret the shared secret; never logged
   * @param algorithm {@code HS256}, {@code HS384} or {@code HS512}
   * @return the key
   * @throws IllegalArgumentException if the secret is shorter than the hash (32 bytes for HS256) or is a
   *     secret published in documentation, tutorials or attack tools
   */
  public static JwtKeys hmacSecret(Secret secret, String algorithm) {
    JwsAlgorithm alg = JwsAlgorithm.named(algorithm);
    if (alg.family() != JwsAlgorithm.Family.HMAC) {
      throw new IllegalArgumentException(algorithm + " is not an HMAC algorithm");
    }
    byte[] bytes = secret.utf8();
    if (bytes.length < 32) {
      throw new IllegalArgumentException("an HMAC secret must be at least 256 bits (32 bytes); this one is " + bytes.length + " bytes");
    }
    if (dev.latchkey.jwt.internal.PublishedSecrets.contains(bytes)) {
      throw new IllegalArgumentException("this HMAC secret is published in documentation or attack tools; generate a random one");
    }
    SignatureCheck check = SignatureCheck.of(algorithm, new SecretKeySpec(bytes, alg.jcaName()));
    VerificationKey key = new VerificationKey(Optional.empty(), check, "HMAC-" + bytes.length * 8);
    return new JwtKeys(new Fixed(List.of(key)));
  }

  /**
   * The one key a token naming {@code kid} (or none) may be verified with. A single key configured
   * without a kid matches any kid; without a kid in the token, the issuer must have exactly one key. A
   * kid that remote keys do not hold asks for a refresh in the background and is an unknown key now.
   */
  KeyChoice choose(Optional<String> kid) {
    List<VerificationKey> keys;
    try {
      keys = loader.keys();
    } catch (KeysUnavailableException e) {
      return new KeyChoice.Unavailable(e.getMessage());
    }
    if (kid.isPresent()) {
      for (VerificationKey key : keys) {
        if (key.kid().equals(kid)) {
          return new KeyChoice.Found(key);
        }
      }
      if (keys.size() == 1 && keys.get(0).kid().isEmpty()) {
        return new KeyChoice.Found(keys.get(0));
      }
      loader.unknownKid();
      return new KeyChoice.NoKey("no key of the issuer has the token's kid");
    }
    return keys.size() == 1
        ? new KeyChoice.Found(keys.get(0))
        : new KeyChoice.NoKey("the token names no kid and the issuer has " + keys.size() + " keys");
  }

  /** Schedules the background work of file-backed and remote keys on {@code background}; once. */
  void start(Background background) {
    loader.start(background);
  }

  /** What the keys' background work last found; never does I/O. */
  Health health() {
    return loader.health();
  }

  /** Stops that background work; remote keys abort a fetch in progress and fetch no more. */
  void close() {
    loader.close();
  }

  /** The outcome of choosing a key for a token. */
  sealed interface KeyChoice {
    /** The key to verify with. */
    record Found(VerificationKey key) implements KeyChoice {}

    /** No key fits. */
    record NoKey(String detail) implements KeyChoice {}

    /** The keys could not be had (nothing usable is cached and the key server did not deliver in time). */
    record Unavailable(String detail) implements KeyChoice {}
  }

  /** Remote keys could not be fetched. */
  static final class KeysUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    KeysUnavailableException(String message) {
      super(message, null, false, false);
    }
  }

  private static JwsAlgorithm usualAlgorithm(PublicKey key) {
    if (key instanceof java.security.interfaces.RSAPublicKey) {
      return JwsAlgorithm.RS256;
    }
    if (key instanceof java.security.interfaces.ECPublicKey ec) {
      return JwsAlgorithm.forCurve(ec.getParams().getCurve().getField().getFieldSize());
    }
    return JwsAlgorithm.EdDSA;
  }

  /**
   * Keys fetched from a JWK set URL, as {@link RemoteJwks} describes: served from a snapshot, refreshed
   * ahead of expiry in the background, refreshed on an unknown {@code kid} at most once per interval,
   * served from the snapshot through an outage, each fetch bounded by a total deadline and a size cap,
   * redirects refused. Plain {@code http} is allowed only for loopback addresses.
   *
   * @param jwksUrl the JWK set URL
   * @return a builder for the keys
   * @throws IllegalArgumentException if the URL is not https (or http on loopback)
   */
  public static RemoteJwks.Builder remote(URI jwksUrl) {
    return RemoteJwks.builder(jwksUrl);
  }

  /**
   * Keys of an OpenID Connect issuer: {@link RemoteJwks.Builder#build()} reads
   * {@code <issuer>/.well-known/openid-configuration} (within the fetch deadline, redirects refused
   * unless allowed), checks that it names the same issuer and a {@code jwks_uri} on the issuer's host
   * (or one allowed with {@link RemoteJwks.Builder#jwksUriHosts}), and fetches keys from it as
   * {@link #remote(URI)} does.
   *
   * @param issuer the issuer
   * @return a builder for the keys
   * @throws IllegalArgumentException if the issuer is not https (or http on loopback)
   */
  public static RemoteJwks.Builder discover(URI issuer) {
    return RemoteJwks.discovering(issuer);
  }

  static JwtKeys of(RemoteJwks remote) {
    return new JwtKeys(new Loader() {
      @Override
      public List<VerificationKey> keys() throws KeysUnavailableException {
        return remote.keys();
      }

      @Override
      public void unknownKid() {
        remote.unknownKid();
      }

      @Override
      public void start(Background background) {
        remote.start(background);
      }

      @Override
      public void close() {
        remote.close();
      }

      @Override
      public String describe() {
        return remote.describe();
      }

      @Override
      public Health health() {
        return remote.health();
      }
    });
  }

  @Override
  public String toString() {
    return "JwtKeys[" + loader.describe() + "]";
  }

  private static String describe(List<VerificationKey> keys) {
    List<String> described = new ArrayList<>();
    for (VerificationKey k : keys) {
      described.add(k.kid().orElse("(no kid)") + " " + k.algorithm() + " " + k.description());
    }
    return String.join(", ", described);
  }

  /** Where the keys come from. */
  private interface Loader {
    /** The keys in force; never does I/O, except remote keys when none usable are cached (bounded). */
    List<VerificationKey> keys() throws KeysUnavailableException;

    /** A token named a kid that {@link #keys()} does not hold. */
    default void unknownKid() {}

    /** Schedules background work; once. */
    default void start(Background background) {}

    /** Stops background work. */
    default void close() {}

    /** The keys for {@code toString}; never does I/O. */
    String describe();

    /** What the background work last found; never does I/O. */
    Health health();
  }

  /** Keys that never change. */
  private record Fixed(List<VerificationKey> keys) implements Loader {
    @Override
    public String describe() {
      return JwtKeys.describe(keys);
    }

    @Override
    public Health health() {
      return Health.of(Health.Status.UP, Map.of("keys", keys.size()));
    }
  }

  /** A JWK set file, checked on the background; the last good keys stay when a change cannot be used. */
  private static final class FileKeys implements Loader {
    private final ReloadingFile<List<VerificationKey>> file;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile Background.Task checks;
    private volatile boolean closed;

    FileKeys(ReloadingFile<List<VerificationKey>> file) {
      this.file = Objects.requireNonNull(file, "file");
    }

    @Override
    public List<VerificationKey> keys() {
      return file.current();
    }

    @Override
    public void start(Background background) {
      if (!closed && started.compareAndSet(false, true)) {
        checks = file.watch(background, FILE_CHECK_INTERVAL);
      }
    }

    @Override
    public void close() {
      closed = true;
      Background.Task task = checks;
      if (task != null) {
        task.cancel();
      }
    }

    @Override
    public String describe() {
      return JwtKeys.describe(file.current()) + " from " + file.path();
    }

    @Override
    public Health health() {
      return file.health().withDetail("keys", file.current().size());
    }
  }
}
