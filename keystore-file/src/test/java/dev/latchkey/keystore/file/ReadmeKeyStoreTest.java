package dev.latchkey.keystore.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.AuthResult;
import dev.latchkey.Authenticator;
import dev.latchkey.Latchkey;
import dev.latchkey.Secret;
import dev.latchkey.testing.TestRequests;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's key-store snippet, run for real (core's README test checks it is the README's text). */
class ReadmeKeyStoreTest {
  @TempDir Path dir;

  /** Stands in for the host's user table. */
  static final class Users {
    Optional<OwnerDirectory.OwnerStatus> statusOf(String userId) {
      return Optional.ofNullable(Map.of("alice", OwnerDirectory.OwnerStatus.ACTIVE).get(userId));
    }
  }

  @Test
  void keyStoreSnippetIssuesRegeneratesAndRevokes() {
    Users users = new Users();
    Path data = dir;
    Map<String, String> env = Map.of("KEY_ENCRYPTION_KEY", "a-long-random-encryption-key");
    // README-BEGIN
    FileKeyStore store = FileKeyStore.builder(data.resolve("keys.json"))   // package dev.latchkey.keystore.file
        .encryptionKey(Secret.of(env.get("KEY_ENCRYPTION_KEY")))          // optional: owners may view keys again
        .ownerDirectory(userId -> users.statusOf(userId))                 // optional: Strapi's owner checks
        .open();

    IssuedKey key = store.create(KeyRequest.named("ci-bot").roles("deploy").owner("alice")
        .lifespan(Lifespan.DAYS_30).build());
    String shownOnce = key.secret().expose();   // the file holds only its SHA-256

    Authenticator auth = Latchkey.builder().source(store).build();
    IssuedKey rolled = store.regenerate(key.key().id(), Duration.ofHours(24));   // the old secret works 24 h more
    store.revoke(key.key().id());
    // README-END

    assertThat(store.view(key.key().id(), "alice").expose()).isEqualTo(rolled.secret().expose());
    assertThat(auth.authenticate(TestRequests.bearer(shownOnce))).isInstanceOf(AuthResult.Denied.class);
    assertThat(auth.authenticate(TestRequests.bearer(rolled.secret().expose()))).isInstanceOf(AuthResult.Denied.class);
    store.close();
  }
}
