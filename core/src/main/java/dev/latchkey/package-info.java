/**
 * The Latchkey API. A host hands an {@link dev.latchkey.AuthRequest} to an
 * {@link dev.latchkey.Authenticator} built by {@link dev.latchkey.Latchkey#builder()}, and gets back an
 * {@link dev.latchkey.AuthResult}: a {@link dev.latchkey.Principal}, or a denial carrying the HTTP
 * status, message and headers to send. {@link dev.latchkey.CredentialSource}s decide about credentials
 * with a {@link dev.latchkey.Verdict}; the chain composes them in order.
 */
package dev.latchkey;
