package dev.latchkey.keystore.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.latchkey.AuthResult;
import dev.latchkey.Authenticator;
import dev.latchkey.ConfigurationException;
import dev.latchkey.ConfigurationException.Problem;
import dev.latchkey.Latchkey;
import dev.latchkey.Principal;
import dev.latchkey.Reason;
import dev.latchkey.config.ChainConfiguration;
import dev.latchkey.testing.MutableClock;
import dev.latchkey.testing.TestRequests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole chain declared in YAML: every kind of source, the policies and the messages. */
class ChainFromYamlTest {
  private static final Path CHAIN = Path.of("config-examples", "chain.yaml");
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final String HMAC_SECRET = "k7Qw2Zp9Lx4Vn8Rt1Yb6Hc3Jd5Mf0Gs2";
  private static final Map<String, String> ENV = Map.of(
      "ADMIN_API_KEY", "omni-admin-4f9a2c7e1b3d5f8a0c2e4b6d",
      "API_KEY_SERVICE", "mcp-service-9c1e3a5b7d9f1b3d5f7a",
      "JWT_HMAC_SECRET", HMAC_SECRET,
      "CI_KEY", "ci-2b4d6f8a0c2e4a6c8e0b");

  @TempDir Path dir;
  private final MutableClock clock = MutableClock.standard();

  private Authenticator chain() {
    return ChainConfiguration.load(CHAIN, ENV, clock).build();
  }

  private static Principal authenticated(AuthResult result) {
    assertThat(result).isInstanceOf(AuthResult.Authenticated.class);
    return ((AuthResult.Authenticated) result).principal();
  }

  /** An HS256 JWT signed with the secret the example configures. */
  private String token(String subject, String audience) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(HMAC_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String signingInput = signingInput("HS256", subject, audience);
    return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
  }

  /** A JWT signed with {@code key} by the JCA algorithm {@code jca} (RS256: SHA256withRSA). */
  private String signed(String alg, String jca, java.security.PrivateKey key, String subject, String audience) throws Exception {
    java.security.Signature signature = java.security.Signature.getInstance(jca);
    signature.initSign(key);
    String signingInput = signingInput(alg, subject, audience);
    signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + B64.encodeToString(signature.sign());
  }

  /** The header and claims of a token from https://auth.example.com, made by hand (RFC 7515). */
  private String signingInput(String alg, String subject, String audience) {
    String header = "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}";
    String claims = "{\"iss\":\"https://auth.example.com\",\"sub\":\"" + subject + "\",\"aud\":\"" + audience
        + "\",\"roles\":[\"analyst\"],\"exp\":" + clock.instant().plus(Duration.ofMinutes(5)).getEpochSecond() + "}";
    return B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
  }

  private Path write(String name, String yaml) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void authenticatesAnEnvironmentKeyThroughTheEnvSource() {
    Principal admin = authenticated(chain().authenticate(TestRequests.bearer(ENV.get("ADMIN_API_KEY"))));

    assertThat(admin).extracting(Principal::name, Principal::sourceId).containsExactly("admin", "env");
  }

  @Test
  void authenticatesAnMcpDataPlatformKeyThroughTheYamlKeysSource() {
    Principal service = authenticated(chain().authenticate(TestRequests.apiKey(ENV.get("API_KEY_SERVICE"))));

    assertThat(service).extracting(Principal::name, Principal::sourceId)
        .containsExactly("apikey:background-service", "yaml-keys");
  }

  @Test
  void authenticatesAManagedKeyThroughTheFileStoreSource() {
    Path storeFile = dir.resolve("keys.json");
    IssuedKey issued;
    try (FileKeyStore store = FileKeyStore.builder(storeFile).refreshInterval(Duration.ZERO).flushInterval(Duration.ZERO).open()) {
      issued = store.create(KeyRequest.named("reporting").roles("read").build());
    }
    Map<String, String> env = new java.util.HashMap<>(ENV);
    env.put("LATCHKEY_KEY_STORE", storeFile.toString());

    Principal reporting = authenticated(ChainConfiguration.load(CHAIN, env, clock).build()
        .authenticate(TestRequests.bearer(issued.secret().expose())));

    assertThat(reporting).extracting(Principal::name, Principal::sourceId, Principal::roles)
        .containsExactly("reporting", "file-store", java.util.Set.of("read"));
  }

  @Test
  void authenticatesAnOmnidevKeyThroughTheOmnidevFileSource() throws IOException {
    Path file = write("chain.yaml", """
        sources:
          - type: omnidev-file
            file: %s
            roles: [client]
        """.formatted(Path.of("config-examples", "keys", "omnidev-api-keys.json").toAbsolutePath()));

    Principal user = authenticated(ChainConfiguration.load(file, ENV, clock).build()
        .authenticate(TestRequests.apiKey(OmnidevKeyFileTest.KEY)));

    assertThat(user).extracting(Principal::name, Principal::sourceId, Principal::roles)
        .containsExactly("user-42", "omnidev-file", java.util.Set.of("client"));
  }

  @Test
  void reportsAKeyStoreFileProblemWithTheFilesOwnLineAndColumn() throws IOException {
    write("keys.json", "{\"version\": 1, \"keys\": [{\"id\": \"k1\", \"name\": \"a\"}]}");
    Path file = write("chain.yaml", """
        sources:
          - type: file-store
            file: keys.json
            key_prefix: Not-Valid
        """);

    ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> ChainConfiguration.load(file, ENV, clock));

    assertThat(e.problems()).extracting(Problem::file, Problem::line, Problem::key).containsExactly(
        Tuple.tuple(file.toString(), 4, "sources[0].key_prefix"));
    write("chain.yaml", "sources:\n  - type: file-store\n    file: keys.json\n");
    ConfigurationException fileProblem = catchThrowableOfType(ConfigurationException.class, () -> ChainConfiguration.load(file, ENV, clock));
    assertThat(fileProblem.problems()).extracting(Problem::file, Problem::line, Problem::key).containsExactly(
        Tuple.tuple(dir.resolve("keys.json").toString(), 1, "keys[0].hash"));
  }

  @Test
  void authenticatesAJwtThroughTheJwtSource() throws Exception {
    Principal user = authenticated(chain().authenticate(TestRequests.bearer(token("alice", "data-platform"))));

    assertThat(user).extracting(Principal::name, Principal::sourceId).containsExactly("alice", "jwt");
    assertThat(user.roles()).containsExactly("analyst");
  }

  @Test
  void authenticatesAKeyListedInTheFileThroughTheInMemorySource() {
    Principal ci = authenticated(chain().authenticate(TestRequests.bearer(ENV.get("CI_KEY"))));

    assertThat(ci).extracting(Principal::name, Principal::sourceId).containsExactly("ci-bot", "ci");
  }

  @Test
  void readsTheQueryParameterTheFileOptsInto() {
    AuthResult result = chain().authenticate(TestRequests.request().queryParameter("api_key", ENV.get("CI_KEY")).build());

    assertThat(authenticated(result).name()).isEqualTo("ci-bot");
  }

  @Test
  void deniesAJwtForAnotherAudience() throws Exception {
    AuthResult result = chain().authenticate(TestRequests.bearer(token("alice", "another-service")));

    assertThat(result).isInstanceOfSatisfying(AuthResult.Denied.class,
        d -> assertThat(d.reason()).isEqualTo(Reason.WRONG_AUDIENCE));
  }

  @Test
  void deniesAnUnknownKeyWithTheMessageAndRealmTheFileSets() {
    AuthResult result = chain().authenticate(TestRequests.bearer("no-such-key-0123456789"));

    assertThat(result).isInstanceOfSatisfying(AuthResult.Denied.class, d -> {
      assertThat(d.status()).isEqualTo(401);
      assertThat(d.message()).isEqualTo("Unknown API key or token");
      assertThat(d.headers().get("WWW-Authenticate")).startsWith("Bearer realm=\"data-platform\"");
    });
  }

  @Test
  void appliesTheRateLimitOfThePrincipalsRole() throws IOException {
    Path file = write("limits.yaml", """
        sources:
          - type: in-memory
            keys:
              - {key: "${CI_KEY}", name: ci-bot, roles: [deploy]}
        policies:
          rate_limits:
            limit: {permits: 100, period: 1h}
            roles:
              deploy: {permits: 1, period: 1m}
        """);
    Authenticator auth = ChainConfiguration.load(file, ENV, clock).build();

    authenticated(auth.authenticate(TestRequests.bearer(ENV.get("CI_KEY"))));
    AuthResult second = auth.authenticate(TestRequests.bearer(ENV.get("CI_KEY")));

    assertThat(second).isInstanceOfSatisfying(AuthResult.Denied.class, d -> {
      assertThat(d.status()).isEqualTo(429);
      assertThat(d.retryAfter()).isPresent();
    });
  }

  @Test
  void throttlesAClientAfterTheFailedAttemptsTheFileAllows() throws IOException {
    Path file = write("throttle.yaml", """
        sources:
          - type: in-memory
            keys: [{key: "${CI_KEY}", name: ci-bot}]
        policies:
          failed_attempts:
            per_client_address: {permits: 1, period: 10m}
        messages:
          too_many_failed_attempts: Locked out for a while
        """);
    Authenticator auth = ChainConfiguration.load(file, ENV, clock).build();

    auth.authenticate(TestRequests.bearer("wrong-key-0123456789"));
    AuthResult next = auth.authenticate(TestRequests.bearer(ENV.get("CI_KEY")));

    assertThat(next).isInstanceOfSatisfying(AuthResult.Denied.class, d -> {
      assertThat(d.reason()).isEqualTo(Reason.TOO_MANY_FAILED_ATTEMPTS);
      assertThat(d.message()).isEqualTo("Locked out for a while");
    });
  }

  @Test
  void countsFailuresPerNetworkWhenTheFileAsksTo() throws IOException {
    Path file = write("network.yaml", """
        sources:
          - type: in-memory
            keys: [{key: "${CI_KEY}", name: ci-bot}]
        policies:
          failed_attempts:
            per_client_address: {permits: 5, period: 10m}
            per_network: {permits: 2, period: 10m}
        """);
    Authenticator auth = ChainConfiguration.load(file, ENV, clock).build();

    auth.authenticate(TestRequests.request().remoteAddress("198.51.100.1").header("X-API-Key", "wrong-key-0123456789").build());
    auth.authenticate(TestRequests.request().remoteAddress("198.51.100.2").header("X-API-Key", "wrong-key-0123456789").build());
    AuthResult neighbour = auth.authenticate(TestRequests.request().remoteAddress("198.51.100.3").header("X-API-Key", ENV.get("CI_KEY")).build());
    AuthResult elsewhere = auth.authenticate(TestRequests.request().remoteAddress("203.0.113.3").header("X-API-Key", ENV.get("CI_KEY")).build());

    assertThat(neighbour).isInstanceOfSatisfying(AuthResult.Denied.class, d -> assertThat(d.reason()).isEqualTo(Reason.TOO_MANY_FAILED_ATTEMPTS));
    assertThat(elsewhere).isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void refusesClientsOutsideTheIpAllowlistBehindTrustedProxies() throws IOException {
    Path file = write("allowlist.yaml", """
        sources:
          - type: in-memory
            keys: [{key: "${CI_KEY}", name: ci-bot}]
        policies:
          trusted_proxies: [10.0.0.0/8]
          ip_allowlist: [203.0.113.0/24]
        """);
    Authenticator auth = ChainConfiguration.load(file, ENV, clock).build();

    AuthResult inside = auth.authenticate(TestRequests.request().remoteAddress("10.1.2.3")
        .header("X-Forwarded-For", "203.0.113.9").header("Authorization", "Bearer " + ENV.get("CI_KEY")).build());
    AuthResult outside = auth.authenticate(TestRequests.request().remoteAddress("10.1.2.3")
        .header("X-Forwarded-For", "198.51.100.1").header("Authorization", "Bearer " + ENV.get("CI_KEY")).build());

    assertThat(authenticated(inside).name()).isEqualTo("ci-bot");
    assertThat(outside).isInstanceOfSatisfying(AuthResult.Denied.class, d -> assertThat(d.status()).isEqualTo(403));
  }

  @Test
  void readsTheChainUnderALatchkeyKeyOfALargerFile() {
    String hash = dev.latchkey.hash.KeyHashes.sha256(dev.latchkey.Secret.of("deploy-key-0123456789")).encoded();
    Authenticator auth = ChainConfiguration.load(Path.of("config-examples", "application.yml"), Map.of("DEPLOY_KEY_HASH", hash), clock).build();

    assertThat(authenticated(auth.authenticate(TestRequests.apiKey("deploy-key-0123456789"))).name()).isEqualTo("deploy");
  }

  @Test
  void fromYamlBuildsTheAuthenticatorAFileDeclares() throws IOException {
    String hash = dev.latchkey.hash.KeyHashes.sha256(dev.latchkey.Secret.of("literal-key-0123456789")).encoded();
    Path file = write("latchkey.yaml", "sources:\n  - type: in-memory\n    keys: [{key_hash: '" + hash + "', name: ops}]\n");

    assertThat(authenticated(Latchkey.fromYaml(file).authenticate(TestRequests.bearer("literal-key-0123456789"))).name())
        .isEqualTo("ops");
  }

  @Test
  void verifiesJwtsWithAPemKeyFileNamedRelativeToTheConfiguration() throws Exception {
    java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    java.security.KeyPair pair = generator.generateKeyPair();
    Files.writeString(dir.resolve("issuer.pem"), "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n");
    Path file = write("latchkey.yaml", """
        sources:
          - type: jwt
            issuers:
              - issuer: https://auth.example.com
                pem_file: issuer.pem
                audiences: [data-platform]
        """);
    Authenticator auth = ChainConfiguration.load(file, Map.of(), clock).build();

    String token = signed("RS256", "SHA256withRSA", pair.getPrivate(), "bob", "data-platform");

    assertThat(authenticated(auth.authenticate(TestRequests.bearer(token))).name()).isEqualTo("bob");
  }

  @Test
  void refusesPrincipalNamesAndRolesWithControlCharactersInEverySourceWithLineAndColumn() throws IOException {
    write("api-keys.json", "[]");
    Path file = write("latchkey.yaml", """
        sources:
          - type: in-memory
            keys:
              - {key: "${CI_KEY}", name: "ci\\nbot", roles: [deploy, "ops\\0"]}
          - type: omnidev-file
            file: api-keys.json
            roles: [client, "admin\\e[0m"]
          - type: yaml-keys
            file: api-keys.json
            principal_prefix: "apikey\\t"
        """);

    ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> ChainConfiguration.load(file, ENV, clock));

    assertThat(e.problems()).extracting(Problem::file, Problem::line, Problem::column, Problem::key, Problem::message).containsExactly(
        Tuple.tuple(file.toString(), 4, 34, "sources[0].keys[0].name", "contains a control character, which no principal name may"),
        Tuple.tuple(file.toString(), 4, 61, "sources[0].keys[0].roles[1]", "contains a control character, which no role may"),
        Tuple.tuple(file.toString(), 7, 21, "sources[1].roles[1]", "contains a control character, which no role may"),
        Tuple.tuple(file.toString(), 10, 23, "sources[2].principal_prefix", "contains a control character, which no principal name may"));
  }

  @Test
  void aJwtIssuerWithoutAudiencesIsRefusedAtItsLineUnlessItTakesAnyAudience() throws IOException {
    Path file = write("latchkey.yaml", """
        sources:
          - type: jwt
            issuers:
              - issuer: https://auth.example.com
                hmac_secret: ${JWT_HMAC_SECRET}
              - issuer: https://both.example.com
                hmac_secret: ${JWT_HMAC_SECRET}
                audiences: [api]
                any_audience: true
              - issuer: https://empty.example.com
                hmac_secret: ${JWT_HMAC_SECRET}
                audiences: []
              - issuer: https://false.example.com
                hmac_secret: ${JWT_HMAC_SECRET}
                any_audience: false
        """);

    ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> ChainConfiguration.load(file, ENV, clock));

    String required = "is required: list the audiences this service answers to (a token's aud must contain one), "
        + "or write any_audience: true to accept tokens for any audience (RFC 8725 §3.9)";
    assertThat(e.problems()).containsExactly(
        new Problem(file.toString(), 4, 9, "sources[0].issuers[0].audiences", required),
        new Problem(file.toString(), 9, 23, "sources[0].issuers[1].any_audience", "give either audiences or any_audience: true, not both"),
        new Problem(file.toString(), 12, 20, "sources[0].issuers[2].audiences", required),
        new Problem(file.toString(), 15, 23, "sources[0].issuers[3].any_audience",
            "must be true when given (leave it out and list audiences instead)"));
  }

  @Test
  void aJwtIssuerThatTakesAnyAudienceAcceptsATokenForAnyAudience() throws Exception {
    Path file = write("latchkey.yaml", """
        sources:
          - type: jwt
            issuers:
              - issuer: https://auth.example.com
                hmac_secret: ${JWT_HMAC_SECRET}
                any_audience: true
        """);
    Authenticator auth = ChainConfiguration.load(file, ENV, clock).build();

    assertThat(authenticated(auth.authenticate(TestRequests.bearer(token("carol", "some-other-service")))).name()).isEqualTo("carol");
  }

  @Test
  void reportsAnEnvironmentVariableProblemNamingTheVariable() throws IOException {
    Path file = write("latchkey.yaml", "sources:\n  - type: env\n    layouts: [omnidev]\n");

    ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
        () -> ChainConfiguration.load(file, Map.of("ADMIN_API_KEY", "has a space"), clock));

    assertThat(e.problems()).extracting(Problem::file, Problem::key).containsExactly(Tuple.tuple("environment", "ADMIN_API_KEY"));
    assertThat(e.getMessage()).doesNotContain("has a space");
  }

  @Test
  void reportsTheProblemsOfEverySourceAtOnceWithLineAndColumn() throws IOException {
    write("keys.yaml", "auth:\n  api_keys:\n    enabled: true\n    keys:\n      - {key: '${UNSET_KEY}', name: a}\n");
    Path file = write("latchkey.yaml", """
        sources:
          - type: env
            layouts: [omnidev, everything]
          - type: yaml-keys
            file: keys.yaml
          - type: jwt
            issuers:
              - issuer: https://auth.example.com
                hmac_secret: too-short
                leeway: 1h
          - type: in-memory
            keys:
              - {key: "${CI_KEY}", name: ci}
            colour: blue
          - type: file-store
          - type: no-such-type
        """);

    ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> ChainConfiguration.load(file, ENV, clock));

    assertThat(e.problems()).extracting(Problem::file, Problem::line, Problem::column, Problem::key).containsExactlyInAnyOrder(
        Tuple.tuple(file.toString(), 3, 24, "sources[0].layouts[1]"),
        Tuple.tuple(dir.resolve("keys.yaml").toString(), 5, 15, "auth.api_keys.keys[0].key"),
        Tuple.tuple(file.toString(), 8, 9, "sources[2].issuers[0].audiences"),
        Tuple.tuple(file.toString(), 9, 22, "sources[2].issuers[0].hmac_secret"),
        Tuple.tuple(file.toString(), 10, 17, "sources[2].issuers[0].leeway"),
        Tuple.tuple(file.toString(), 14, 5, "sources[3].colour"),
        Tuple.tuple(file.toString(), 15, 5, "sources[4].file"),
        Tuple.tuple(file.toString(), 16, 11, "sources[5].type"));
    assertThat(e.getMessage()).doesNotContain("too-short");
  }
}
