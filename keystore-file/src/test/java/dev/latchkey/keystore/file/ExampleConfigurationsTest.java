package dev.latchkey.keystore.file;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.latchkey.config.ChainConfiguration;
import dev.latchkey.config.ConfigNode;
import dev.latchkey.keystore.file.internal.SafeYaml;
import dev.latchkey.hash.KeyHashes;
import dev.latchkey.Secret;
import dev.latchkey.testing.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps the published JSON Schema, the example files and the loader in step: every example is valid
 * against the schema and loads, the examples together use every setting the schema describes, and
 * files the loader refuses for their shape, the schema refuses too.
 */
class ExampleConfigurationsTest {
  private static final Path EXAMPLES = Path.of("config-examples");
  private static final String SCHEMA = "/dev/latchkey/keystore/file/latchkey-config.schema.json";
  private static final Map<String, String> ENV = Map.of(
      "ADMIN_API_KEY", "omni-admin-4f9a2c7e1b3d5f8a0c2e4b6d",
      "API_KEY_SERVICE", "mcp-service-9c1e3a5b7d9f1b3d5f7a",
      "JWT_HMAC_SECRET", "k7Qw2Zp9Lx4Vn8Rt1Yb6Hc3Jd5Mf0Gs2",
      "CI_KEY", "ci-2b4d6f8a0c2e4a6c8e0b",
      "LATCHKEY_KEY_OPS", "ops-3c5e7a9b1d3f5a7c9e1b",
      "DEPLOY_KEY_HASH", KeyHashes.sha256(Secret.of("deploy-key-0123456789")).encoded());

  private static Schema schema() throws IOException {
    try (InputStream in = ExampleConfigurationsTest.class.getResourceAsStream(SCHEMA)) {
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
    }
  }

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      List<Path> chains = files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
      assertThat(chains).hasSizeGreaterThanOrEqualTo(4);
      return chains.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExampleIsValidAgainstTheSchema(Path example) throws IOException {
    assertThat(schema().validate(Files.readString(example), InputFormat.YAML)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExampleLoads(Path example) {
    assertThat(ChainConfiguration.load(example, ENV, MutableClock.standard()).build()).isNotNull();
  }

  @Test
  void theSchemaKnowsEverySourceTypeOnTheClassPath() throws IOException {
    String schema = new String(schemaBytes(), java.nio.charset.StandardCharsets.UTF_8);

    assertThat(ChainConfiguration.availableTypes()).containsExactlyInAnyOrder("env", "in-memory", "jwt", "yaml-keys", "file-store", "omnidev-file");
    assertThat(ChainConfiguration.availableTypes()).allSatisfy(type -> assertThat(schema).contains("\"" + type + "\": {"));
  }

  @Test
  void theExamplesTogetherUseEverySettingTheSchemaDescribes() throws IOException {
    Set<String> used = new TreeSet<>();
    for (Path example : examples().toList()) {
      collectNames(SafeYaml.read(example, ENV), false, used);
    }
    // The Redis backend's example ships with latchkey-redis, whose tests load it.
    try (Stream<Path> redis = Files.list(Path.of("..", "redis", "config-examples"))) {
      for (Path example : redis.toList()) {
        collectNames(SafeYaml.read(example, Map.of("REDIS_URL", "redis://127.0.0.1:6379")), false, used);
      }
    }
    // So does the PostgreSQL store's, with latchkey-keystore-postgres.
    try (Stream<Path> postgres = Files.list(EXAMPLES.resolve("postgres-store"))) {
      for (Path example : postgres.toList()) {
        collectNames(SafeYaml.read(example, Map.of("DATABASE_HOST", "db", "DATABASE_PASSWORD", "p", "LATCHKEY_ENCRYPTION_KEY", "e", "REDIS_URL", "redis://127.0.0.1:6379")), false, used);
      }
    }
    Set<String> described = new TreeSet<>();
    collectNames(SafeYaml.parse(schemaBytes(), SCHEMA, Map.of()), true, described);
    // Discovery fetches the issuer's metadata while loading, so no example can use it offline (nor
    // jwks_uri_hosts, which only discovery takes).
    described.remove("discovery");
    described.remove("jwks_uri_hosts");

    assertThat(used).containsAll(described);
  }

  /** Every mapping name in the tree, or (for a schema) every name under a "properties" keyword. */
  private static void collectNames(ConfigNode node, boolean onlyProperties, Set<String> names) {
    if (node instanceof ConfigNode.Mapping mapping) {
      for (ConfigNode.Field field : mapping.fields()) {
        if (!onlyProperties) {
          names.add(field.name());
        } else if (field.name().equals("properties") && field.value() instanceof ConfigNode.Mapping properties) {
          properties.fields().forEach(p -> names.add(p.name()));
        }
        collectNames(field.value(), onlyProperties, names);
      }
    } else if (node instanceof ConfigNode.Sequence sequence) {
      sequence.items().forEach(item -> collectNames(item, onlyProperties, names));
    }
  }

  private static byte[] schemaBytes() throws IOException {
    try (InputStream in = ExampleConfigurationsTest.class.getResourceAsStream(SCHEMA)) {
      return in.readAllBytes();
    }
  }

  @ParameterizedTest
  @MethodSource("misshapenFiles")
  void theSchemaRefusesWhatTheLoaderRefuses(String yaml) throws IOException {
    assertThat(schema().validate(yaml, InputFormat.YAML)).isNotEmpty();
  }

  static Stream<String> misshapenFiles() {
    return Stream.of(
        "realm: api\n",
        "sources: []\n",
        "sources: [{type: carrier-pigeon}]\n",
        "sources: [{type: in-memory, keys: [{name: a}]}]\n",
        "sources: [{type: in-memory, keys: [{key: k, key_hash: 'sha256:00', name: a}]}]\n",
        "sources: [{type: yaml-keys, file: k.yaml, colour: blue}]\n",
        "sources: [{type: env, layouts: [everything]}]\n",
        "sources: [{type: jwt, issuers: [{issuer: x, pem: a, hmac_secret: b}]}]\n",
        "sources: [{type: jwt, issuers: [{hmac_secret: b}]}]\n",
        "sources: [{type: jwt, issuers: [{issuer: x, hmac_secret: b}]}]\n",
        "sources: [{type: jwt, issuers: [{issuer: x, hmac_secret: b, audiences: []}]}]\n",
        "sources: [{type: jwt, issuers: [{issuer: x, hmac_secret: b, audiences: [api], any_audience: true}]}]\n",
        "sources: [{type: jwt, issuers: [{issuer: x, hmac_secret: b, any_audience: false}]}]\n",
        "carriers: [carrier-pigeon]\nsources: [{type: env, layouts: [omnidev]}]\n",
        "on_reject: sometimes\nsources: [{type: env, layouts: [omnidev]}]\n",
        "messages: {no_such_reason: x}\nsources: [{type: env, layouts: [omnidev]}]\n",
        "policies: {rate_limits: {limit: {permits: 10}}}\nsources: [{type: env, layouts: [omnidev]}]\n",
        "policies: {failed_attempts: {per_key_prefix: {permits: 1, period: 1h}}}\nsources: [{type: env, layouts: [omnidev]}]\n",
        "revocations: {type: memory, url: 'redis://h'}\nsources: [{type: env, layouts: [omnidev]}]\n",
        "revocations: {type: redis}\nsources: [{type: env, layouts: [omnidev]}]\n");
  }
}
