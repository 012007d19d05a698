package dev.latchkey.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.latchkey.AuthResult;
import dev.latchkey.Authenticator;
import dev.latchkey.ConfigurationException;
import dev.latchkey.ConfigurationException.Problem;
import dev.latchkey.Credential;
import dev.latchkey.CredentialSource;
import dev.latchkey.Latchkey;
import dev.latchkey.Verdict;
import dev.latchkey.config.ConfigNode.Location;
import dev.latchkey.testing.MutableClock;
import dev.latchkey.testing.TestRequests;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The chain configuration read from a format-neutral tree: core alone, without a YAML reader. */
class ChainConfigurationTest {
  private static final String FILE = "latchkey.yaml";
  private int line;

  private ConfigNode.Mapping map(ConfigNode.Field... fields) {
    return new ConfigNode.Mapping(List.of(fields), new Location(FILE, ++line, 1));
  }

  private ConfigNode.Field field(String name, ConfigNode value) {
    return new ConfigNode.Field(name, new Location(FILE, value.location().line(), 1), value);
  }

  private ConfigNode.Field field(String name, String value) {
    return field(name, new ConfigNode.Scalar(value, new Location(FILE, ++line, 3)));
  }

  private ConfigNode.Sequence list(ConfigNode... items) {
    return new ConfigNode.Sequence(List.of(items), new Location(FILE, ++line, 1));
  }

  private ConfigNode.Scalar text(String value) {
    return new ConfigNode.Scalar(value, new Location(FILE, ++line, 5));
  }

  private Latchkey.Builder configure(ConfigNode.Mapping document) {
    return ChainConfiguration.configure(document, Path.of("."), Map.of(), MutableClock.standard());
  }

  @Test
  void buildsAnInMemoryChainThatAuthenticatesItsKeys() {
    ConfigNode.Mapping doc = map(
        field("realm", "api"),
        field("sources", list(map(
            field("type", "in-memory"),
            field("keys", list(map(field("key", "ci-secret-0123456789"), field("name", "ci-bot"),
                field("roles", list(text("deploy"))))))))));

    Authenticator auth = configure(doc).build();

    AuthResult result = auth.authenticate(TestRequests.bearer("ci-secret-0123456789"));
    assertThat(result).isInstanceOfSatisfying(AuthResult.Authenticated.class, ok -> {
      assertThat(ok.principal().name()).isEqualTo("ci-bot");
      assertThat(ok.principal().roles()).containsExactly("deploy");
      assertThat(ok.principal().sourceId()).isEqualTo("in-memory");
    });
  }

  @Test
  void namesTheArtifactToAddForABackendTypeWhoseModuleIsMissing() {
    ConfigNode.Mapping doc = map(
        field("sources", list(map(field("type", "in-memory"), field("keys", list())))),
        field("policies", map(field("rate_limits", map(
            field("limit", map(field("permits", "10"), field("period", "1m"))),
            field("backend", map(field("type", "redis"), field("url", "redis://:pw@cache:6379"))))))));

    ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> configure(doc));

    assertThat(e.problems()).extracting(ConfigurationException.Problem::key, ConfigurationException.Problem::message).containsExactly(
        tuple("policies.rate_limits.backend.type", "'redis' backends need dev.latchkey:latchkey-redis on the class path or module path"));
  }

  @Test
  void namesTheArtifactToAddForASourceTypeWhoseModuleIsMissing() {
    ConfigNode.Mapping doc = map(field("sources", list(map(field("type", "jwt")))));

    ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> configure(doc));

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.key()).isEqualTo("sources[0].type");
      assertThat(p.line()).isPositive();
      assertThat(p.message()).isEqualTo("'jwt' sources need dev.latchkey:latchkey-jwt on the class path or module path");
    });
  }

  @Test
  void reportsEveryProblemAtOnceEachWithLineAndColumn() {
    ConfigNode.Mapping doc = map(
        field("realm", ""),
        field("on_reject", "sometimes"),
        field("carriers", list(text("bearer"), text("carrier-pigeon"))),
        field("sources", list(map(field("type", "in-memory"), field("keys", list(map(field("name", "k"))))))),
        field("policies", map(field("ip_allowlist", list(text("10.0.0.0/8"), text("not-an-address"))))),
        field("messages", map(field("no_such_reason", "x"))),
        field("colour", "blue"));

    ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> configure(doc));

    assertThat(e.problems()).extracting(Problem::key).containsExactlyInAnyOrder(
        "realm", "on_reject", "carriers[1]", "sources[0].keys[0]", "policies.ip_allowlist[1]",
        "messages.no_such_reason", "colour");
    assertThat(e.problems()).allSatisfy(p -> {
      assertThat(p.file()).isEqualTo(FILE);
      assertThat(p.line()).isPositive();
      assertThat(p.column()).isPositive();
    });
  }

  @Test
  void refusesKeyNamesAndRolesWithControlCharactersAtTheirLines() {
    ConfigNode.Scalar name = text("ci\nbot");
    ConfigNode.Scalar role = text("deploy\u0000");
    ConfigNode.Mapping doc = map(field("sources", list(map(
        field("type", "in-memory"),
        field("keys", list(map(
            field("key", "ci-secret-0123456789"), field("name", name), field("roles", list(text("read"), role)))))))));

    ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> configure(doc));

    assertThat(e.problems()).containsExactlyInAnyOrder(
        new Problem(FILE, name.location().line(), 5, "sources[0].keys[0].name",
            "contains a control character, which no principal name may"),
        new Problem(FILE, role.location().line(), 5, "sources[0].keys[0].roles[1]",
            "contains a control character, which no role may"));
  }

  @Test
  void neverQuotesAConfiguredValueInAProblem() {
    String secretLookingValue = "sk_live_do_not_print_me";
    ConfigNode.Mapping doc = map(
        field("realm", secretLookingValue + "\u0001"),
        field("carrier_conflict", secretLookingValue),
        field("sources", list(map(field("type", secretLookingValue)))),
        field("policies", map(field("trusted_proxies", list(text(secretLookingValue))))));

    ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> configure(doc));

    assertThat(e.problems()).hasSize(4);
    assertThat(e.getMessage()).doesNotContain(secretLookingValue);
  }

  @Test
  void refusesTwoSourcesWithOneIdNamingTheFirst() {
    List<ConfigNode> sources = new ArrayList<>();
    for (String key : List.of("first-key-0123456789", "second-key-0123456789")) {
      sources.add(map(field("type", "in-memory"), field("keys", list(map(field("key", key), field("name", "k"))))));
    }
    ConfigNode.Mapping doc = map(field("sources", list(sources.toArray(new ConfigNode[0]))));

    ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> configure(doc));

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.key()).isEqualTo("sources[1].type");
      assertThat(p.message()).startsWith("gives the source the same id as sources[0]");
    });
  }

  @Test
  void closesTheSourcesItBuiltWhenTheLoadFails() {
    AtomicBoolean closed = new AtomicBoolean();
    CredentialSourceFactory closeable = new CredentialSourceFactory() {
      @Override
      public String type() {
        return "closeable";
      }

      @Override
      public Optional<CredentialSource> create(Settings settings, Context context) {
        return Optional.of(new ClosingSource(context.id(), closed));
      }
    };
    ConfigNode.Mapping doc = map(field("sources", list(map(field("type", "closeable")))), field("colour", "blue"));

    catchThrowableOfType(ConfigurationException.class, () -> ChainConfiguration.configure(
        doc, Path.of("."), Map.of(), MutableClock.standard(), Map.of("closeable", closeable)));

    assertThat(closed).isTrue();
  }

  /** A source holding a resource, such as a background thread. */
  private record ClosingSource(String id, AtomicBoolean closed) implements CredentialSource, AutoCloseable {
    @Override
    public Verdict verify(Credential credential) {
      return Verdict.abstain();
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }

  @Test
  void fromYamlWithoutTheYamlModuleNamesTheArtifactToAdd() {
    ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
        () -> Latchkey.fromYaml(Path.of("latchkey.yaml")));

    assertThat(e.problems()).singleElement().extracting(Problem::message)
        .isEqualTo("reading a YAML configuration needs dev.latchkey:latchkey-keystore-file on the class path or module path");
  }
}
