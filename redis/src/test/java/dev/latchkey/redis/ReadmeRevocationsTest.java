package dev.latchkey.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.AuthRequest;
import dev.latchkey.AuthResult;
import dev.latchkey.Authenticator;
import dev.latchkey.InMemoryCredentialSource;
import dev.latchkey.Latchkey;
import dev.latchkey.config.ChainConfiguration;
import dev.latchkey.revocation.Revocation;
import dev.latchkey.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's revocation snippets, run for real (core's README test checks the Java one is the README's text). */
class ReadmeRevocationsTest {
  private static final String KEY = "lk_readme_revoked_key_0123456789abcdef";

  @TempDir Path dir;

  @Test
  void revocationSnippetRefusesTheRevokedKeyOnAnotherReplica() throws InterruptedException {
    TestRedis redis = TestRedis.shared();
    Map<String, String> env = Map.of("REDIS_URL", redis.url());
    InMemoryCredentialSource keys = InMemoryCredentialSource.create().add(KEY, "ci-bot", "deploy");
    AuthRequest request = AuthRequest.builder().remoteAddress("192.0.2.5").header("X-API-Key", KEY).build();
    try (Authenticator other = Latchkey.builder().source(keys).revocations(RedisRevocations.builder(redis.url()).build()).build()) {
      RedisRevocations otherStore = (RedisRevocations) other.revocations().orElseThrow();
      long end = System.nanoTime() + 5_000_000_000L;
      while (otherStore.lastResync().isEmpty() && System.nanoTime() < end) {
        Thread.sleep(5);
      }
      // README-BEGIN
      RedisRevocations revocations = RedisRevocations.builder(env.get("REDIS_URL"))  // dev.latchkey.redis
          .build();                                    // one instance: InMemoryRevocations.create()
      Authenticator replica = Latchkey.builder()
          .source(keys)
          .revocations(revocations)                    // replica.close() closes it too
          .build();
      revocations.revoke(Revocation.key("ci-bot"));    // this API key, on every replica (dev.latchkey.revocation)
      revocations.revoke(Revocation.token("8f14e45fceea", Instant.now().plusSeconds(300)));  // a JWT by jti, until its exp
      revocations.revoke(Revocation.subject("alice", Instant.now()));                        // log alice out everywhere
      // README-END
      try (replica) {
        assertThat(replica.authenticate(request)).isInstanceOf(AuthResult.Denied.class);
        end = System.nanoTime() + 5_000_000_000L;
        while (other.authenticate(request) instanceof AuthResult.Authenticated && System.nanoTime() < end) {
          Thread.sleep(5);
        }
        assertThat(other.authenticate(request)).isInstanceOfSatisfying(AuthResult.Denied.class,
            d -> assertThat(d.status() + " " + d.reason()).isEqualTo("401 REVOKED"));
      }
    } finally {
      redis.inspect(r -> r.del("{latchkey:revocations}", "{latchkey:revocations}:until"));
    }
  }

  @Test
  void revocationYamlSnippetLoadsAfterASourcesList() throws IOException {
    List<String> readme = Files.readAllLines(Path.of("..", "README.md"));
    int heading = readme.indexOf("## Revoking tokens and keys");
    int start = readme.subList(heading, readme.size()).indexOf("```yaml") + heading + 1;
    int end = readme.subList(start, readme.size()).indexOf("```") + start;
    Path config = dir.resolve("latchkey.yaml");
    Files.writeString(config, "sources: [{type: in-memory, keys: [{key: " + KEY + ", name: ci-bot}]}]\n"
        + String.join("\n", readme.subList(start, end)) + "\n");

    try (Authenticator auth = ChainConfiguration.load(config, Map.of("REDIS_URL", TestRedis.shared().url()), MutableClock.standard()).build()) {
      assertThat(auth.revocations()).get().isInstanceOf(RedisRevocations.class)
          .hasToString("RedisRevocations[" + ((RedisRevocations) auth.revocations().get()).endpoint() + ", pubsub, on failure serve, 0 entries]");
    }
  }
}
