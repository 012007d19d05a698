/**
 * Latchkey core: the authentication API ({@link dev.latchkey.Authenticator},
 * {@link dev.latchkey.CredentialSource}, {@link dev.latchkey.Verdict}, {@link dev.latchkey.AuthResult}),
 * the ordered credential chain behind {@link dev.latchkey.Latchkey#builder()}, credential extraction,
 * audit events and the in-memory source; {@code dev.latchkey.config} reads a chain from a configuration
 * file through the {@link dev.latchkey.config.CredentialSourceFactory} SPI; {@code dev.latchkey.revocation}
 * revokes tokens and keys before they expire; {@code dev.latchkey.testing} holds fixtures for host test suites.
 *
 * <p>Depends on {@code org.slf4j} only. Implementation packages ({@code dev.latchkey.internal}) are not
 * exported.
 */
@SuppressWarnings("module") // the qualified export names a module built after this one
module dev.latchkey.core {
  requires org.slf4j;

  exports dev.latchkey;
  exports dev.latchkey.config;
  exports dev.latchkey.hash;
  exports dev.latchkey.policy;
  exports dev.latchkey.revocation;
  exports dev.latchkey.spi;
  exports dev.latchkey.testing;
  exports dev.latchkey.internal.frozen to
      dev.latchkey.jwt;

  uses dev.latchkey.hash.KeyHashFormat;
  uses dev.latchkey.config.ConfigFileReader;
  uses dev.latchkey.config.CredentialSourceFactory;
  uses dev.latchkey.config.RateLimiterFactory;
  uses dev.latchkey.config.RevocationsFactory;

  provides dev.latchkey.config.CredentialSourceFactory with
      dev.latchkey.internal.InMemorySourceFactory;
  provides dev.latchkey.config.RevocationsFactory with
      dev.latchkey.internal.InMemoryRevocationsFactory;
}
