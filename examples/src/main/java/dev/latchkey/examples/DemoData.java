package dev.latchkey.examples;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import dev.latchkey.Secret;
import dev.latchkey.hash.GeneratedKey;
import dev.latchkey.hash.GeneratedKeys;
import dev.latchkey.jwt.JwtMinter;
import dev.latchkey.keystore.file.FileKeyStore;
import dev.latchkey.keystore.file.IssuedKey;
import dev.latchkey.keystore.file.KeyRequest;
import dev.latchkey.keystore.file.StoredKey;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The demo's embedded default configuration, in a data directory: {@code latchkey.yaml} declaring, in
 * order, a key store ({@code keys.json}, with an admin key made the first time), Omnidev's environment
 * keys ({@code ADMIN_API_KEY}, {@code VALID_API_KEYS}, if set), a YAML keys file
 * ({@code platform.yaml}, mcp-data-platform's layout, with one key made the first time) and JWTs
 * signed by an EC key made at every start (its public JWK set in {@code jwks.json}; the private key
 * stays in memory).
 *
 * <p>A secret is handed out only when it is made: the store and the YAML file keep digests, and a
 * second start finds the keys and hands out nothing but a new JWT. Immutable once prepared.
 *
 * @param directory the data directory
 * @param config the configuration file to load
 * @param adminKey the admin key in the store
 * @param newAdminSecret the admin key's secret, when it was made by this start
 * @param newYamlKey the YAML file's key, when it was made by this start
 * @param jwt a token the configuration accepts, valid for {@link #JWT_LIFETIME}
 */
public record DemoData(
    Path directory,
    Path config,
    StoredKey adminKey,
    Optional<Secret> newAdminSecret,
    Optional<Secret> newYamlKey,
    Secret jwt) {
  /** The name of the admin key in the store. */
  public static final String ADMIN_KEY_NAME = "demo-admin";
  /** The principal name of the YAML file's key ({@code apikey:} and this). */
  public static final String YAML_KEY_NAME = "reporting";
  /** The issuer and audience of the demo's JWTs. */
  public static final String JWT_ISSUER = "latchkey-demo";
  /** The subject of the printed JWT. */
  public static final String JWT_SUBJECT = "demo-user";
  /** How long the printed JWT works. */
  public static final Duration JWT_LIFETIME = Duration.ofHours(1);

  private static final String CONFIG = """
      # The configuration `latchkey demo` runs on, written at each start. To change it, copy it and
      # run `latchkey demo --config FILE`. Sources are asked in this order.
      realm: latchkey-demo
      sources:
        - type: file-store          # manage it with `latchkey keys … --store keys.json`
          file: keys.json
          create_if_missing: true
        - type: env                 # Omnidev's ADMIN_API_KEY and VALID_API_KEYS, when set
          layouts: [omnidev]
        - type: yaml-keys           # mcp-data-platform's auth.api_keys
          file: platform.yaml
        - type: jwt                 # tokens signed by the key the demo makes at each start
          issuers:
            - issuer: %s
              jwks_file: jwks.json
              audiences: [%s]       # a token's aud must name this service
      """;

  private static final String PLATFORM_YAML = """
      # mcp-data-platform's API keys; only the digest of each key is kept here.
      auth:
        api_keys:
          enabled: true
          keys:
            - key_hash: "%s"
              name: "%s"
              roles: ["analyst"]
      """;

  /** Rejects nulls. */
  public DemoData {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(adminKey, "adminKey");
    Objects.requireNonNull(newAdminSecret, "newAdminSecret");
    Objects.requireNonNull(newYamlKey, "newYamlKey");
    Objects.requireNonNull(jwt, "jwt");
  }

  /**
   * Writes the configuration into {@code directory} (made if missing), making the keys that are not
   * there yet, a new JWT signing key and a token.
   *
   * @throws IOException if a file cannot be written
   * @throws dev.latchkey.ConfigurationException if an existing key file cannot be used
   */
  public static DemoData prepare(Path directory, Clock clock) throws IOException {
    Files.createDirectories(directory);
    IssuedKey newAdmin = null;
    StoredKey admin;
    try (FileKeyStore store = FileKeyStore.builder(directory.resolve("keys.json"))
        .clock(clock).refreshInterval(Duration.ZERO).flushInterval(Duration.ZERO).open()) {
      Optional<StoredKey> existing =
          store.list().stream().filter(k -> k.name().equals(ADMIN_KEY_NAME) && !k.isRevoked() && !k.isExpiredAt(clock.instant())).findFirst();
      if (existing.isPresent()) {
        admin = existing.get();
      } else {
        // A revoked or expired admin key keeps its name in the store; the new one replaces it under the same name.
        newAdmin = store.create(KeyRequest.named(ADMIN_KEY_NAME).roles("admin").description("made by latchkey demo")
            .allowDuplicateName().build());
        admin = newAdmin.key();
      }
    }
    Optional<Secret> yamlKey = Optional.empty();
    Path platform = directory.resolve("platform.yaml");
    if (!Files.exists(platform)) {
      GeneratedKey key = GeneratedKeys.standard().generate();
      write(platform, PLATFORM_YAML.formatted(key.hash().encoded(), YAML_KEY_NAME));
      yamlKey = Optional.of(key.secret());
    }
    Secret jwt = jwtSigningKey(directory.resolve("jwks.json"), clock);
    Path config = directory.resolve("latchkey.yaml");
    write(config, CONFIG.formatted(JWT_ISSUER, JWT_ISSUER));
    return new DemoData(directory, config, admin, Optional.ofNullable(newAdmin).map(IssuedKey::secret), yamlKey, jwt);
  }

  /**
   * Removes what this start made but never showed: the new admin key from the store and the new YAML
   * keys file, so the next start makes (and prints) them afresh. For a start that failed before
   * printing its credentials.
   *
   * @throws IOException if the YAML keys file cannot be deleted
   */
  public void discardNewSecrets() throws IOException {
    if (newAdminSecret.isPresent()) {
      try (FileKeyStore store = FileKeyStore.builder(directory.resolve("keys.json"))
          .refreshInterval(Duration.ZERO).flushInterval(Duration.ZERO).open()) {
        store.delete(adminKey.id());
      }
    }
    if (newYamlKey.isPresent()) {
      Files.deleteIfExists(directory.resolve("platform.yaml"));
    }
  }

  /** Makes a P-256 key, publishes its public half in {@code jwksFile} and mints a token with it. */
  private static Secret jwtSigningKey(Path jwksFile, Clock clock) throws IOException {
    ECKey key;
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      key = new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic())
          .privateKey((ECPrivateKey) pair.getPrivate())
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.ES256)
          .keyIDFromThumbprint()
          .build();
    } catch (GeneralSecurityException | JOSEException e) {
      throw new IllegalStateException("this Java runtime cannot make P-256 keys (" + e.getClass().getSimpleName() + ")");
    }
    write(jwksFile, new JWKSet(key.toPublicJWK()).toString(true) + "\n");
    return JwtMinter.fromJwk(key.toJSONString())
        .issuer(JWT_ISSUER)
        .subject(JWT_SUBJECT)
        .audience(JWT_ISSUER)
        .claim("roles", List.of("reader"))
        .lifetime(JWT_LIFETIME)
        .clock(clock)
        .build()
        .token();
  }

  /** Replaces {@code file} whole, so a reader never sees half of it. */
  private static void write(Path file, String content) throws IOException {
    Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
    try {
      Files.writeString(temporary, content, StandardCharsets.UTF_8);
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /**
   * Prints the credentials this start made (each secret once), and {@code curl} commands that work
   * against {@code baseUrl} with them. Secrets made by an earlier start are not printed again.
   */
  public void printCredentials(PrintStream out, String baseUrl, Map<String, String> environment) {
    Path store = directory.resolve("keys.json");
    if (newAdminSecret.isPresent()) {
      out.println("New admin key '" + ADMIN_KEY_NAME + "' (" + adminKey.id() + ") in " + store + " (shown once; only its digest is kept):");
      out.println("  " + newAdminSecret.get().expose());
    } else {
      out.println("Admin key '" + ADMIN_KEY_NAME + "' (" + adminKey.id() + ", starts " + adminKey.start().orElse("?") + ") in " + store
          + " was shown when it was made; make another with");
      out.println("  latchkey keys create --store " + store + " --name NAME --role admin");
    }
    newYamlKey.ifPresent(key -> {
      out.println("New key 'apikey:" + YAML_KEY_NAME + "' in " + directory.resolve("platform.yaml") + " (shown once; only its digest is kept):");
      out.println("  " + key.expose());
    });
    out.println("JWT for '" + JWT_SUBJECT + "', signed by a key made at this start (works for " + JWT_LIFETIME.toHours() + " hour):");
    out.println("  " + jwt.expose());
    if (environment.containsKey("ADMIN_API_KEY") || environment.containsKey("VALID_API_KEYS")) {
      out.println("ADMIN_API_KEY / VALID_API_KEYS from the environment work too (principals admin, client-N).");
    }
    out.println();
    out.println("Try:");
    newAdminSecret.ifPresent(key -> {
      out.println("  " + DemoServer.curlWhoami(baseUrl, "Authorization", "Bearer " + key.expose()));
      out.println("  " + DemoServer.curlAsk(baseUrl, "X-API-Key", key.expose()));
    });
    newYamlKey.ifPresent(key -> out.println("  " + DemoServer.curlWhoami(baseUrl, "X-API-Key", key.expose())));
    out.println("  " + DemoServer.curlWhoami(baseUrl, "Authorization", "Bearer " + jwt.expose()));
    out.println("  " + DemoServer.curlAsk(baseUrl, "Authorization", "Bearer " + jwt.expose()));
    out.println("  curl -i " + baseUrl + "/whoami        # 401: no key");
  }
}
