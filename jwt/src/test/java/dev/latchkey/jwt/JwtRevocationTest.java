package dev.latchkey.jwt;

import static dev.latchkey.jwt.TestTokens.RSA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.AuthRequest;
import dev.latchkey.AuthResult;
import dev.latchkey.Authenticator;
import dev.latchkey.Credential;
import dev.latchkey.CredentialCarrier;
import dev.latchkey.Latchkey;
import dev.latchkey.Verdict;
import dev.latchkey.revocation.InMemoryRevocations;
import dev.latchkey.revocation.Revocation;
import dev.latchkey.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Revoking JWTs: the principal carries what the check needs, and no verified-token cache outlives a revocation. */
class JwtRevocationTest {
  private final MutableClock clock = MutableClock.standard();
  private final InMemoryRevocations revocations = InMemoryRevocations.create(clock);
  private final JwtSource source = JwtSource.builder().clock(clock).verifiedTokenCache(100, Duration.ofMinutes(10))
      .issuer(JwtIssuer.withoutIssuer().keys(JwtKeys.jwkSet(TestTokens.set(TestTokens.rsaJwk("k1", RSA.getPublic()))))
          .audiences("api").build())
      .build();

  private Credential token(String subject, String jti) {
    return new Credential(JwtMinter.fromPkcs8Pem(TestTokens.pkcs8Pem(RSA.getPrivate()), "k1")
        .subject(subject).claim("jti", jti).audience("api").clock(clock).build().token(), CredentialCarrier.bearer());
  }

  private static AuthRequest request(Credential token) {
    return AuthRequest.builder().remoteAddress("192.0.2.1").header("Authorization", "Bearer " + token.secret().expose()).build();
  }

  private static String outcome(AuthResult result) {
    return result instanceof AuthResult.Denied d ? d.status() + " " + d.reason() : "authenticated";
  }

  @Test
  void thePrincipalCarriesTheJtiSubjectAndIssueTime() {
    Verdict.Accept accepted = (Verdict.Accept) source.verify(token("alice", "jti-1"));

    assertThat(accepted.principal().name()).isEqualTo("alice");
    assertThat(accepted.principal().credentialId()).contains("jti-1");
    assertThat(accepted.principal().issuedAt()).contains(Instant.ofEpochSecond(clock.instant().getEpochSecond()));
  }

  @Test
  void aRevokedJtiSittingInTheVerifiedTokenCacheIsRefusedAtOnceAndLeavesTheCache() {
    Credential token = token("alice", "jti-1");
    Credential other = token("bob", "jti-2");
    try (Authenticator auth = Latchkey.builder().source(source).clock(clock).revocations(revocations).build()) {
      String first = outcome(auth.authenticate(request(token)));
      auth.authenticate(request(other));
      Verdict.Accept cachedOther = (Verdict.Accept) source.verify(other);
      Verdict.Accept cached = (Verdict.Accept) source.verify(token);

      revocations.revoke(Revocation.token("jti-1", clock.instant().plus(Duration.ofMinutes(5))));

      assertThat(first).isEqualTo("authenticated");
      assertThat(outcome(auth.authenticate(request(token)))).isEqualTo("401 REVOKED");
      assertThat(((Verdict.Accept) source.verify(token)).principal()).as("verified afresh: the cache dropped it").isNotSameAs(cached.principal());
      assertThat(((Verdict.Accept) source.verify(other)).principal()).as("other tokens stay cached").isSameAs(cachedOther.principal());
    }
  }

  @Test
  void loggingASubjectOutEverywhereRefusesItsCachedTokensAndAcceptsOnesIssuedAfterwards() {
    Credential old = token("alice", "jti-old");
    try (Authenticator auth = Latchkey.builder().source(source).clock(clock).revocations(revocations).build()) {
      auth.authenticate(request(old));
      clock.advance(Duration.ofSeconds(1));

      revocations.revoke(Revocation.subject("alice", clock.instant()));
      Credential fresh = token("alice", "jti-new");

      assertThat(outcome(auth.authenticate(request(old)))).isEqualTo("401 REVOKED");
      assertThat(outcome(auth.authenticate(request(fresh)))).isEqualTo("authenticated");
    }
  }
}
