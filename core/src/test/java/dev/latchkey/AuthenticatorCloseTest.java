package dev.latchkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.latchkey.testing.CapturingLogProvider;
import dev.latchkey.testing.TestRequests;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Closing an authenticator closes the sources that hold resources. */
class AuthenticatorCloseTest {
  private final List<String> closed = new ArrayList<>();

  /** A source with something to release. */
  private final class ClosingSource implements CredentialSource, AutoCloseable {
    private final String id;
    private final boolean fails;

    ClosingSource(String id, boolean fails) {
      this.id = id;
      this.fails = fails;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public Verdict verify(Credential credential) {
      return Verdict.abstain();
    }

    @Override
    public void close() {
      closed.add(id);
      if (fails) {
        throw new IllegalStateException("cannot close");
      }
    }
  }

  @Test
  void closingClosesEveryCloseableSourceOnceInOrder() {
    ClosingSource first = new ClosingSource("first", false);
    Authenticator auth = Latchkey.builder()
        .source(first)
        .source(ScriptedSource.answering("plain", Verdict.abstain()))
        .source(new ClosingSource("second", false))
        .build();

    auth.close();

    assertThat(closed).containsExactly("first", "second");
  }

  @Test
  void aSourceThatFailsToCloseIsLoggedAndTheOthersStillClose() {
    Authenticator auth = Latchkey.builder()
        .source(new ClosingSource("broken", true))
        .source(new ClosingSource("fine", false))
        .build();

    assertThatCode(auth::close).doesNotThrowAnyException();

    assertThat(closed).containsExactly("broken", "fine");
    assertThat(CapturingLogProvider.lines()).anySatisfy(line -> assertThat(line).contains("closing source 'broken' failed"));
  }

  @Test
  void aClosedAuthenticatorStillAnswers() {
    Authenticator auth = Latchkey.builder().source(new ClosingSource("only", false)).build();
    auth.close();

    assertThat(auth.authenticate(TestRequests.bearer("anything"))).isInstanceOf(AuthResult.Denied.class);
  }
}
