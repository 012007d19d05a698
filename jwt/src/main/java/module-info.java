/**
 * Latchkey JWT: verification of JWTs as a {@link dev.latchkey.CredentialSource}
 * ({@link dev.latchkey.jwt.JwtSource}) and minting of caller tokens ({@link dev.latchkey.jwt.JwtMinter}),
 * on nimbus-jose-jwt for parsing and BouncyCastle for key derivation.
 */
module dev.latchkey.jwt {
  requires transitive dev.latchkey.core;
  requires com.nimbusds.jose.jwt;
  requires org.bouncycastle.provider;
  requires org.slf4j;

  exports dev.latchkey.jwt;

  provides dev.latchkey.config.CredentialSourceFactory with
      dev.latchkey.jwt.internal.JwtSourceFactory;
}
