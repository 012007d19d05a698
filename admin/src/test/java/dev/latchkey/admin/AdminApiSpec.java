package dev.latchkey.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.AuthRequest;
import dev.latchkey.AuthResult;
import dev.latchkey.Authenticator;
import dev.latchkey.InMemoryCredentialSource;
import dev.latchkey.Latchkey;
import dev.latchkey.Secret;
import dev.latchkey.keystore.file.ManagedKeyStore;
import dev.latchkey.testing.CapturingLogProvider;
import dev.latchkey.testing.MutableClock;
import dev.latchkey.testing.SecretLeakCheck;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The key management API's specification, run over real HTTP against every managed key store: each
 * store's test extends this class and says how to open (and break) a store. Every request and response
 * is checked against the served OpenAPI document.
 */
abstract class AdminApiSpec {
  static final String ADMIN = "admin-credential-for-the-spec";
  static final String ALICE = "alice-credential-for-the-spec";
  static final String BOB = "bob-credential-for-the-spec";

  final MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T10:00:00Z"));
  final List<AdminEvent> events = new CopyOnWriteArrayList<>();
  ManagedKeyStore store;
  Authenticator authenticator;
  AdminServer server;
  AdminClient admin;
  AdminClient alice;
  AdminClient bob;
  AdminClient nobody;

  /** A new, empty store on the clock; with an encryption key when given (owners may view secrets). */
  abstract ManagedKeyStore openStore(Clock clock, Optional<Secret> encryptionKey);

  /** Makes the store refuse writes from now on (a broken file, a database down). */
  abstract void makeStoreRefuseWrites();

  @BeforeEach
  void startServer() {
    start(Optional.of(Secret.of("spec-encryption-key")));
  }

  void start(Optional<Secret> encryptionKey) {
    store = openStore(clock, encryptionKey);
    InMemoryCredentialSource people = InMemoryCredentialSource.create()
        .add(ADMIN, "root", AdminHandler.DEFAULT_ADMIN_ROLE)
        .add(ALICE, "alice", "deploy")
        .add(BOB, "bob", "deploy");
    authenticator = Latchkey.builder().source(people).source(store).build();
    AdminHandler handler = AdminHandler.builder(store).authenticator(authenticator).clock(clock).listener(events::add).build();
    server = AdminServer.start(handler, authenticator);
    nobody = new AdminClient(server.origin(), handler.mountPath(), Optional.empty());
    admin = nobody.as(ADMIN);
    alice = nobody.as(ALICE);
    bob = nobody.as(BOB);
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
    if (authenticator != null) {
      authenticator.close();
    }
  }

  void restartWithoutEncryptionKey() {
    stopServer();
    start(Optional.empty());
  }

  JsonNode create(AdminClient as, String json) {
    AdminClient.Reply reply = as.post("api/keys", json);
    assertThat(reply.status()).as(reply.text()).isEqualTo(201);
    return reply.json();
  }

  int authenticate(String secret) {
    AuthResult result = authenticator.authenticate(AuthRequest.builder().header("Authorization", "Bearer " + secret).build());
    return result instanceof AuthResult.Denied denied ? denied.status() : 200;
  }

  static void assertProblem(AdminClient.Reply reply, int status, String field) {
    assertThat(reply.status()).as(reply.text()).isEqualTo(status);
    assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(reply.json().get("status").asInt()).isEqualTo(status);
    assertThat(reply.json().path("field").asText(null)).isEqualTo(field);
    assertThat(reply.text()).doesNotContain("Exception", "\tat ", "dev.latchkey.");
  }

  @Test
  void anAdminCreatesAKeyAndGetsItsSecretOnceNeverToBeCached() {
    AdminClient.Reply reply = admin.post("api/keys", "{\"name\":\"ci-bot\",\"roles\":[\"deploy\"],\"owner\":\"alice\",\"lifespan\":\"P30D\"}");

    assertThat(reply.status()).isEqualTo(201);
    assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
    JsonNode key = reply.json().get("key");
    assertThat(reply.header("Location")).isEqualTo("/latchkey/admin/api/keys/" + key.get("id").asText());
    assertThat(key.get("name").asText()).isEqualTo("ci-bot");
    assertThat(key.get("owner").asText()).isEqualTo("alice");
    assertThat(key.get("state").asText()).isEqualTo("active");
    assertThat(key.get("expiresAt").asText()).isEqualTo("2026-03-31T10:00:00Z");
    String secret = reply.json().get("secret").asText();
    assertThat(authenticate(secret)).isEqualTo(200);
    AdminClient.Reply again = admin.get("api/keys/" + key.get("id").asText());
    assertThat(again.text()).doesNotContain(secret).doesNotContain("\"secret\"");
  }

  @Test
  void theListFiltersByOwnerKindStateAndSearchAndPages() {
    create(admin, "{\"name\":\"alpha\",\"owner\":\"alice\"}");
    String revoked = create(admin, "{\"name\":\"beta\",\"owner\":\"alice\",\"kind\":\"content-api\",\"type\":\"read-only\"}").get("key").get("id").asText();
    create(admin, "{\"name\":\"gamma\",\"owner\":\"bob\"}");
    admin.post("api/keys/" + revoked + "/revoke", null);

    assertThat(names(admin.get("api/keys?owner=alice"))).containsExactly("alpha", "beta");
    assertThat(names(admin.get("api/keys?kind=content-api"))).containsExactly("beta");
    assertThat(names(admin.get("api/keys?state=active"))).containsExactly("alpha", "gamma");
    assertThat(names(admin.get("api/keys?q=GAM"))).containsExactly("gamma");
    JsonNode page = admin.get("api/keys?limit=2&offset=1").json();
    assertThat(names(page)).containsExactly("beta", "gamma");
    assertThat(page.get("total").asInt()).isEqualTo(3);
  }

  private static List<String> names(AdminClient.Reply reply) {
    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    return names(reply.json());
  }

  private static List<String> names(JsonNode page) {
    return java.util.stream.StreamSupport.stream(page.get("items").spliterator(), false).map(k -> k.get("name").asText()).toList();
  }

  @Test
  void anOwnerListsOnlyTheKeysTheyOwn() {
    create(admin, "{\"name\":\"alices\",\"owner\":\"alice\"}");
    create(admin, "{\"name\":\"bobs\",\"owner\":\"bob\"}");

    assertThat(names(alice.get("api/keys"))).containsExactly("alices");
    assertProblem(alice.get("api/keys?owner=bob"), 403, null);
  }

  @Test
  void anOwnerCannotSeeChangeOrDeleteAnotherOwnersKey() {
    String bobs = create(admin, "{\"name\":\"bobs\",\"owner\":\"bob\"}").get("key").get("id").asText();

    assertProblem(alice.get("api/keys/" + bobs), 403, null);
    assertProblem(alice.post("api/keys/" + bobs + "/revoke", null), 403, null);
    assertProblem(alice.post("api/keys/" + bobs + "/regenerate", "{}"), 403, null);
    assertProblem(alice.delete("api/keys/" + bobs), 403, null);
    assertThat(store.get(bobs).orElseThrow().isRevoked()).isFalse();
  }

  @Test
  void anOwnerCreatesKeysOwnedByThemselvesWithRolesTheyHold() {
    JsonNode mine = create(alice, "{\"name\":\"alice-ci\",\"roles\":[\"deploy\"]}");

    assertThat(mine.get("key").get("owner").asText()).isEqualTo("alice");
    assertProblem(alice.post("api/keys", "{\"name\":\"for-bob\",\"owner\":\"bob\"}"), 403, null);
    assertProblem(alice.post("api/keys", "{\"name\":\"escalate\",\"roles\":[\"latchkey-admin\"]}"), 403, null);
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void aKeyActsForItsOwner() {
    String alicesKey = create(admin, "{\"name\":\"alice-console\",\"owner\":\"alice\"}").get("secret").asText();
    create(admin, "{\"name\":\"bobs\",\"owner\":\"bob\"}");

    assertThat(names(nobody.as(alicesKey).get("api/keys"))).containsExactly("alice-console");
  }

  @Test
  void aRequestWithoutAValidCredentialIsRefusedWithTheAuthenticatorsDenial() {
    AdminClient.Reply reply = nobody.get("api/keys");

    assertProblem(reply, 401, null);
    assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
    assertProblem(nobody.as("not-a-key").post("api/keys", "{\"name\":\"x\"}"), 401, null);
    assertThat(store.size()).isZero();
  }

  @Test
  void revokingAKeyMakesItFailAtOnce() {
    JsonNode issued = create(admin, "{\"name\":\"ci-bot\"}");
    String id = issued.get("key").get("id").asText();

    AdminClient.Reply reply = admin.post("api/keys/" + id + "/revoke", null);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("state").asText()).isEqualTo("revoked");
    assertThat(reply.json().get("revokedAt").asText()).isEqualTo("2026-03-01T10:00:00Z");
    assertThat(authenticate(issued.get("secret").asText())).isEqualTo(401);
  }

  @Test
  void regeneratingWithGraceKeepsTheOldSecretWorkingUntilTheGraceEnds() {
    JsonNode issued = create(admin, "{\"name\":\"ci-bot\"}");
    String id = issued.get("key").get("id").asText();

    AdminClient.Reply reply = admin.post("api/keys/" + id + "/regenerate", "{\"grace\":\"PT1H\"}");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
    assertThat(reply.json().get("key").get("previousSecretValidUntil").asText()).isEqualTo("2026-03-01T11:00:00Z");
    String renewed = reply.json().get("secret").asText();
    assertThat(renewed).isNotEqualTo(issued.get("secret").asText());
    assertThat(authenticate(renewed)).isEqualTo(200);
    assertThat(authenticate(issued.get("secret").asText())).isEqualTo(200);
    clock.advance(Duration.ofMinutes(61));
    assertThat(authenticate(issued.get("secret").asText())).isEqualTo(401);
    assertThat(authenticate(renewed)).isEqualTo(200);
  }

  @Test
  void regeneratingARevokedKeyIsAConflict() {
    String id = create(admin, "{\"name\":\"ci-bot\"}").get("key").get("id").asText();
    admin.post("api/keys/" + id + "/revoke", "{}");

    assertProblem(admin.post("api/keys/" + id + "/regenerate", null), 409, null);
  }

  @Test
  void deletingAKeyRemovesIt() {
    JsonNode issued = create(admin, "{\"name\":\"ci-bot\"}");
    String id = issued.get("key").get("id").asText();

    AdminClient.Reply reply = admin.delete("api/keys/" + id);

    assertThat(reply.status()).isEqualTo(204);
    assertThat(reply.text()).isEmpty();
    assertProblem(admin.get("api/keys/" + id), 404, null);
    assertThat(authenticate(issued.get("secret").asText())).isEqualTo(401);
  }

  @Test
  void anUnknownKeyIdIsNotFound() {
    assertProblem(admin.get("api/keys/key_0000"), 404, null);
    assertProblem(admin.post("api/keys/key_0000/revoke", null), 404, null);
    assertProblem(admin.delete("api/keys/key_0000"), 404, null);
  }

  @Test
  void onlyTheOwnerViewsASecretAgain() {
    JsonNode issued = create(alice, "{\"name\":\"alice-ci\"}");
    String id = issued.get("key").get("id").asText();

    AdminClient.Reply viewed = alice.get("api/keys/" + id + "/secret");

    assertThat(viewed.status()).isEqualTo(200);
    assertThat(viewed.header("Cache-Control")).isEqualTo("no-store");
    assertThat(viewed.json().get("secret").asText()).isEqualTo(issued.get("secret").asText());
    assertProblem(admin.get("api/keys/" + id + "/secret"), 403, null);
    assertProblem(bob.get("api/keys/" + id + "/secret"), 403, null);
  }

  @Test
  void aSecretCannotBeViewedWhereTheStoreHasNoEncryptionKey() {
    restartWithoutEncryptionKey();
    String id = create(alice, "{\"name\":\"alice-ci\"}").get("key").get("id").asText();

    assertProblem(alice.get("api/keys/" + id + "/secret"), 409, null);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      malformed JSON                  | {"name":                                     | body
      not an object                   | ["name"]                                     | body
      an unknown field                | {"name":"a","colour":"red"}                  | colour
      a number for a string           | {"name":5}                                   | name
      a string for a list             | {"name":"a","roles":"deploy"}                | roles
      a number in a list of strings   | {"name":"a","roles":["deploy",7]}            | roles[1]
      a string for a boolean          | {"name":"a","viewable":"yes"}                | viewable
      a field given twice             | {"name":"a","name":"b"}                      | name
      no name                         | {"description":"x"}                          | name
      an invalid duration             | {"name":"a","lifespan":"30 days"}            | lifespan
      a negative lifespan             | {"name":"a","lifespan":"-P1D"}               | lifespan
      an unknown kind                 | {"name":"a","kind":"super"}                  | kind
      a type for a generic key        | {"name":"a","type":"read-only"}              | type
      an address that is not one      | {"name":"a","allowedIps":["10.0.0.0/99"]}    | allowedIps
      an admin key without owner      | {"name":"a","kind":"admin"}                  | owner
      trailing content                | {"name":"a"} {}                              | body
      """)
  void badInputToCreateIsRefusedNamingTheField(String what, String body, String field) {
    assertProblem(admin.post("api/keys", body), 400, field);
    assertThat(store.size()).isZero();
  }

  @Test
  void aBodyOverTheCapIsRefusedBeforeParsing() {
    String huge = "{\"name\":\"a\",\"description\":\"" + "x".repeat(AdminHandler.DEFAULT_MAX_BODY_BYTES) + "\"}";

    assertProblem(admin.post("api/keys", huge), 400, "body");
    assertThat(store.size()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      an invalid duration   | {"grace":"forever"}   | grace
      a grace over 30 days  | {"grace":"P31D"}      | grace
      an unknown field      | {"grace":"PT1H","x":1} | x
      a number for a string | {"grace":3600}        | grace
      """)
  void badInputToRegenerateIsRefusedNamingTheField(String what, String body, String field) {
    String id = create(admin, "{\"name\":\"ci-bot\"}").get("key").get("id").asText();

    assertProblem(admin.post("api/keys/" + id + "/regenerate", body), 400, field);
    assertThat(store.get(id).orElseThrow().previousSecretValidUntil()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      a limit of zero          | limit=0         | limit
      a limit that is no number| limit=ten       | limit
      an unknown state         | state=lost      | state
      an unknown kind          | kind=super      | kind
      an unknown parameter     | sort=name       | sort
      a parameter twice        | q=a&q=b         | q
      """)
  void badQueryParametersAreRefusedNamingTheParameter(String what, String query, String field) {
    assertProblem(admin.get("api/keys?" + query), 400, field);
  }

  @Test
  void aBodyThatIsNotJsonIsRefused() {
    AdminClient.Reply reply = admin.send("POST", "api/keys", Optional.of("name=ci-bot"), "application/x-www-form-urlencoded");

    assertProblem(reply, 415, null);
  }

  @Test
  void aMethodAPathDoesNotAnswerIsRefusedWithTheAllowedOnes() {
    AdminClient.Reply reply = admin.send("PUT", "api/keys", Optional.empty(), "application/json");

    assertProblem(reply, 405, null);
    assertThat(reply.header("Allow")).isEqualTo("GET, POST");
  }

  @Test
  void aStoreThatCannotBeWrittenAnswers503AndChangesNothing() {
    String id = create(admin, "{\"name\":\"ci-bot\"}").get("key").get("id").asText();
    makeStoreRefuseWrites();

    AdminClient.Reply reply = admin.post("api/keys", "{\"name\":\"another\"}");

    assertProblem(reply, 503, null);
    assertThat(reply.json().get("detail").asText()).contains("cannot be written");
    assertProblem(admin.post("api/keys/" + id + "/revoke", null), 503, null);
  }

  @Test
  void everyChangeIsAuditedWithoutItsSecret() {
    JsonNode issued = create(alice, "{\"name\":\"alice-ci\"}");
    String id = issued.get("key").get("id").asText();
    String renewed = alice.post("api/keys/" + id + "/regenerate", "{\"grace\":\"PT0S\"}").json().get("secret").asText();
    alice.get("api/keys/" + id + "/secret");
    admin.post("api/keys/" + id + "/revoke", null);
    admin.delete("api/keys/" + id);

    assertThat(events).extracting(AdminEvent::action).containsExactly(AdminEvent.Action.CREATED, AdminEvent.Action.REGENERATED,
        AdminEvent.Action.SECRET_VIEWED, AdminEvent.Action.REVOKED, AdminEvent.Action.DELETED);
    assertThat(events).extracting(AdminEvent::actor).containsExactly("alice", "alice", "alice", "root", "root");
    assertThat(events).allSatisfy(e -> {
      assertThat(e.keyId()).isEqualTo(id);
      assertThat(e.keyOwner()).contains("alice");
    });
    SecretLeakCheck.of(issued.get("secret").asText(), renewed).values(events.toArray()).logs().assertNoLeak();
  }

  @Test
  void theOpenApiDocumentIsServedWithoutACredential() {
    AdminClient.Reply reply = nobody.get("api/openapi.json");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("openapi").asText()).isEqualTo("3.1.0");
    assertThat(reply.text()).isEqualTo(OpenApiContract.resource());
  }

  @Test
  void theConsoleIsServedWithAStrictContentSecurityPolicy() {
    HttpResponse<String> page = nobody.raw("GET", "/latchkey/admin/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("Content-Security-Policy")).contains(AdminHandler.CONTENT_SECURITY_POLICY);
    assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");
    assertThat(page.body()).contains("<script src=\"console.js\" defer></script>").doesNotContain("<script>", "style=", "onclick");
    assertThat(nobody.raw("GET", "/latchkey/admin/console.js").headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
    HttpResponse<String> bare = nobody.raw("GET", "/latchkey/admin");
    assertThat(bare.statusCode()).isEqualTo(308);
    assertThat(bare.headers().firstValue("Location")).contains("/latchkey/admin/");
  }

  @ParameterizedTest
  @CsvSource({
      "/latchkey/admin/../admin/console.js",
      "/latchkey/admin/%2e%2e/pom.xml",
      "/latchkey/admin/console/index.html",
      "/latchkey/admin/openapi.json",
      "/latchkey/admin/dev/latchkey/admin/AdminHandler.class",
      "/latchkey/admin/index.html/",
      "/latchkey/adminx/console.js",
  })
  void onlyTheConsolesOwnFilesAreServed(String path) {
    assertThat(nobody.raw("GET", path).statusCode()).isEqualTo(404);
  }
}
