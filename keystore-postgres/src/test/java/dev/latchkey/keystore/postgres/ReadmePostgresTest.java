package dev.latchkey.keystore.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.Authenticator;
import dev.latchkey.AuthResult;
import dev.latchkey.Latchkey;
import dev.latchkey.keystore.file.IssuedKey;
import dev.latchkey.keystore.file.KeyRequest;
import dev.latchkey.testing.TestRequests;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The README's PostgreSQL snippet, run for real; {@code dev.latchkey.ReadmeQuickstartTest} keeps README and this in step. */
class ReadmePostgresTest {
  @Test
  void postgresSnippetCreatesAKeyTheAuthenticatorAcceptsAndRevokesIt() {
    DataSource dataSource = TestPostgres.dataSource();
    // README-BEGIN
    PostgresKeyStore store = PostgresKeyStore.builder(dataSource)   // package dev.latchkey.keystore.postgres
        .tablePrefix("latchkey_")
        .createSchema(true)                  // or PostgresKeyStore.migrate(dataSource, "latchkey_"), or Flyway
        .open();
    IssuedKey key = store.create(KeyRequest.named("ci-bot").roles("deploy").build());
    Authenticator auth = Latchkey.builder().source(store).build();   // the listener and the poll run on its background
    store.revoke(key.key().id());                                     // refused by every replica within a second
    // README-END

    assertThat(auth.authenticate(TestRequests.bearer(key.secret().expose()))).isInstanceOf(AuthResult.Denied.class);
    auth.close();
  }
}
