/**
 * Latchkey JWT: verification of caller-signed and issuer-signed JWTs as a
 * {@code dev.latchkey.CredentialSource}, and JWT minting for callers, on nimbus-jose-jwt.
 *
 * <p>This module is a named placeholder in the build: its API package {@code dev.latchkey.jwt} is
 * added, and exported, with the JWT source.
 */
module dev.latchkey.jwt {
  requires transitive dev.latchkey.core;
}
