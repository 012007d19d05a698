package dev.latchkey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.revocation.InMemoryRevocations;
import dev.latchkey.revocation.Revocation;
import dev.latchkey.revocation.Revocations;
import dev.latchkey.spi.RevocationListener;
import dev.latchkey.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Step 6 of the request path: a credential a source accepted is refused if it was revoked. */
class RevocationChainTest {
  private static final String KEY = "revocation-test-key";
  private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";

  private final MutableClock clock = MutableClock.standard();
  private final Instant issued = clock.instant().minusSeconds(60);
  private final InMemoryRevocations revocations = InMemoryRevocations.create(clock);
  private final TokenSource tokens = new TokenSource();
  private final ScriptedSource keys = new ScriptedSource("keys", c -> c.secret().expose().equals(KEY)
      ? Verdict.accept(Principal.builder("alice", "keys").credentialId("key-1").attribute("allowed_ips", "10.0.0.0/8").build())
      : Verdict.abstain("no such key"));

  /** A source that verifies JWTs (as far as the chain knows) and hears of revocations. */
  private final class TokenSource implements CredentialSource, RevocationListener {
    final List<Revocation> heard = new CopyOnWriteArrayList<>();

    @Override
    public String id() {
      return "jwt";
    }

    @Override
    public boolean verifiesJwts() {
      return true;
    }

    @Override
    public Verdict verify(Credential credential) {
      return credential.secret().expose().equals(TOKEN)
          ? Verdict.accept(Principal.builder("alice", "jwt").credentialId("jti-1").issuedAt(issued).build())
          : Verdict.abstain("not a token");
    }

    @Override
    public void revoked(Revocation revocation) {
      heard.add(revocation);
    }
  }

  private Authenticator authenticator() {
    return Latchkey.builder().source(tokens).source(keys).clock(clock).revocations(revocations).build();
  }

  private static AuthRequest bearer(String token) {
    return AuthRequest.builder().remoteAddress("10.1.2.3").header("Authorization", "Bearer " + token).build();
  }

  private static AuthRequest apiKey(String address) {
    return AuthRequest.builder().remoteAddress(address).header("X-API-Key", KEY).build();
  }

  private static String outcome(AuthResult result) {
    return result instanceof AuthResult.Denied d ? d.status() + " " + d.reason() + " " + d.message() : "authenticated";
  }

  @Test
  void aRevokedJtiIsDenied401RevokedAfterTheSourceAcceptedIt() {
    Authenticator auth = authenticator();
    String before = outcome(auth.authenticate(bearer(TOKEN)));

    revocations.revoke(Revocation.token("jti-1", clock.instant().plus(Duration.ofHours(1))));

    assertThat(before).isEqualTo("authenticated");
    assertThat(outcome(auth.authenticate(bearer(TOKEN)))).isEqualTo("401 REVOKED Invalid API key");
  }

  @Test
  void aSubjectRevokedBeforeTheTokenWasIssuedKeepsItAndOneRevokedAfterRefusesIt() {
    Authenticator auth = authenticator();

    revocations.revoke(Revocation.subject("alice", issued));
    String issuedAtTheInstant = outcome(auth.authenticate(bearer(TOKEN)));
    revocations.revoke(Revocation.subject("alice", issued.plusSeconds(1)));

    assertThat(issuedAtTheInstant).isEqualTo("authenticated");
    assertThat(outcome(auth.authenticate(bearer(TOKEN)))).isEqualTo("401 REVOKED Invalid API key");
    assertThat(outcome(auth.authenticate(apiKey("10.1.2.3")))).as("a subject revocation concerns tokens only").isEqualTo("authenticated");
  }

  @Test
  void aRevokedKeyIdIsDeniedAndATokenIsNotCheckedAgainstKeyIds() {
    Authenticator auth = authenticator();

    revocations.revoke(Revocation.key("key-1"));
    revocations.revoke(Revocation.key("jti-1"));

    assertThat(outcome(auth.authenticate(apiKey("10.1.2.3")))).isEqualTo("401 REVOKED Invalid API key");
    assertThat(outcome(auth.authenticate(bearer(TOKEN)))).isEqualTo("authenticated");
  }

  @Test
  void theRevocationIsCheckedBeforeThePerKeyAllowlist() {
    Authenticator auth = authenticator();
    revocations.revoke(Revocation.key("key-1"));

    assertThat(outcome(auth.authenticate(apiKey("192.0.2.1")))).isEqualTo("401 REVOKED Invalid API key");
  }

  @Test
  void sourcesThatListenHearEachRevocationUntilTheAuthenticatorIsClosed() {
    Authenticator auth = authenticator();
    revocations.revoke(Revocation.token("jti-1", clock.instant().plusSeconds(60)));

    auth.close();
    revocations.revoke(Revocation.token("jti-2", clock.instant().plusSeconds(60)));

    assertThat(tokens.heard).containsExactly(Revocation.token("jti-1", clock.instant().plusSeconds(60)));
  }

  @Test
  void aStoreThatFailsRefusesTheRequestAsUnavailable() {
    Revocations broken = new Revocations() {
      @Override
      public void revoke(Revocation revocation) {}

      @Override
      public Status check(Principal principal, Kind kind) {
        throw new IllegalStateException("broken store");
      }

      @Override
      public Registration listen(RevocationListener listener) {
        return () -> {};
      }

      @Override
      public int size() {
        return 0;
      }
    };
    Authenticator auth = Latchkey.builder().source(keys).revocations(broken).build();

    assertThat(outcome(auth.authenticate(apiKey("10.1.2.3")))).isEqualTo("503 SOURCE_UNAVAILABLE Authentication is temporarily unavailable");
  }
}
