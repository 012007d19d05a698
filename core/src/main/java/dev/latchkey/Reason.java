package dev.latchkey;

import java.util.Optional;

/**
 * Why a request was denied. Each reason carries its HTTP status, the RFC 6750 error code for the
 * {@code WWW-Authenticate} challenge where one applies, and a default public message (which a host
 * may override with {@link Latchkey.Builder#message(Reason, String)}).
 *
 * <p>Several reasons share one public message on purpose: a client learns that a key is invalid, not
 * whether it was revoked or disabled. The distinction is kept for logs, events and the explain trace.
 */
public enum Reason {
  /** No credential in any configured carrier. The message is Omnidev's. */
  MISSING_CREDENTIAL(
      401, null, "API key is required. Provide it via x-api-key header or Authorization: Bearer token"),
  /** No source recognised the credential. */
  INVALID_CREDENTIAL(401, "invalid_token", "Invalid API key"),
  /**
   * No source recognised a credential shaped like a JWT (see {@link CredentialSource#verifiesJwts()}),
   * in a chain that verifies JWTs: an unsigned ({@code alg: none}) or truncated token, or one from an
   * issuer no source knows. API keys that no source recognises stay {@link #INVALID_CREDENTIAL}.
   */
  INVALID_TOKEN(401, "invalid_token", "Invalid token"),
  /** The credential is not well formed (an empty Bearer token, spaces inside it, control characters). */
  MALFORMED_CREDENTIAL(400, "invalid_request", "Malformed credential"),
  /** The credential is larger than the configured limit (8 KiB by default). */
  CREDENTIAL_TOO_LARGE(400, "invalid_request", "Credential too large"),
  /** Different credentials were presented in more than one carrier (RFC 6750 §3.1). */
  CONFLICTING_CREDENTIALS(
      400, "invalid_request", "More than one credential was presented; send exactly one"),
  /** The credential is known but past its expiry. */
  EXPIRED(401, "invalid_token", "Token expired"),
  /** The credential is known but not valid yet ({@code nbf}). */
  NOT_YET_VALID(401, "invalid_token", "Token not yet valid"),
  /** The credential was revoked. */
  REVOKED(401, "invalid_token", "Invalid API key"),
  /** The credential is disabled. */
  DISABLED(401, "invalid_token", "Invalid API key"),
  /** The credential's owner no longer exists. The message is Strapi's. */
  OWNER_NOT_FOUND(401, "invalid_token", "Token owner not found"),
  /** The credential's owner is inactive or blocked. The message is Strapi's. */
  OWNER_DEACTIVATED(401, "invalid_token", "Token owner is deactivated"),
  /** A token's signature does not verify. */
  BAD_SIGNATURE(401, "invalid_token", "Invalid token"),
  /** A token is signed by a key the source does not know. */
  UNKNOWN_KEY(401, "invalid_token", "Invalid token"),
  /** A token's issuer is not the expected one. */
  WRONG_ISSUER(401, "invalid_token", "Invalid token"),
  /** A token's audience does not include this service. */
  WRONG_AUDIENCE(401, "invalid_token", "Invalid token"),
  /**
   * A token is not a well-formed JWT, or its claims cannot be used: bad encoding, bad JSON, a claim of
   * the wrong type, a subject or role claim with a control character.
   */
  MALFORMED_TOKEN(401, "invalid_token", "Invalid token"),
  /** A token uses an algorithm that is not allowed ({@code none}, JWE, or not the key's algorithm). */
  DISALLOWED_ALGORITHM(401, "invalid_token", "Invalid token"),
  /** A token marks a header critical that is not understood (RFC 7515 §4.1.11). */
  UNSUPPORTED_CRITICAL_HEADER(401, "invalid_token", "Invalid token"),
  /** A token lacks a required claim, such as {@code exp}. */
  MISSING_CLAIM(401, "invalid_token", "Invalid token"),
  /** A token lives longer ({@code exp} − {@code iat}) than allowed. */
  TOO_LONG_LIVED(401, "invalid_token", "Invalid token"),
  /** A token's {@code typ} header is not the expected one. */
  WRONG_TOKEN_TYPE(401, "invalid_token", "Invalid token"),
  /** The client address is not allowed. The message is Omnidev's. */
  IP_NOT_ALLOWED(403, null, "Access denied from this IP address"),
  /** The caller exceeded its rate limit. The message is Omnidev's. */
  RATE_LIMITED(429, null, "Rate limit exceeded. Please try again later."),
  /** Too many failed authentications from this client or for this key prefix; refused before any hashing. */
  TOO_MANY_FAILED_ATTEMPTS(429, null, "Too many failed attempts. Please try again later."),
  /** A source that might have recognised the credential could not decide, and none accepted. */
  SOURCE_UNAVAILABLE(503, null, "Authentication is temporarily unavailable"),
  /** Latchkey itself failed unexpectedly; the request is denied (fail closed). */
  INTERNAL_ERROR(500, null, "Authentication failed");

  private final int httpStatus;
  private final String bearerError;
  private final String defaultMessage;

  Reason(int httpStatus, String bearerError, String defaultMessage) {
    this.httpStatus = httpStatus;
    this.bearerError = bearerError;
    this.defaultMessage = defaultMessage;
  }

  /**
   * The HTTP status a denial for this reason carries.
   *
   * @return the status code, such as 401 or 429
   */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * The RFC 6750 {@code error} attribute for the {@code WWW-Authenticate} challenge
   * ({@code invalid_token}, {@code invalid_request}), if this reason has one.
   *
   * @return the error code; empty for reasons without one
   */
  public Optional<String> bearerError() {
    return Optional.ofNullable(bearerError);
  }

  /**
   * Whether a {@link CredentialSource} may give this reason in a {@link Verdict.Reject}: true for
   * judgements about a presented credential (invalid, expired, revoked, bad signature…, and a
   * per-key IP restriction); false for reasons only the authenticator itself decides (no credential,
   * malformed or conflicting credentials, rate limits, outages, internal errors).
   *
   * @return {@code true} if a source may reject with this reason
   */
  public boolean judgesCredential() {
    switch (this) {
      case MISSING_CREDENTIAL:
      case MALFORMED_CREDENTIAL:
      case CREDENTIAL_TOO_LARGE:
      case CONFLICTING_CREDENTIALS:
      case RATE_LIMITED:
      case TOO_MANY_FAILED_ATTEMPTS:
      case SOURCE_UNAVAILABLE:
      case INTERNAL_ERROR:
        return false;
      default:
        return true;
    }
  }

  /**
   * The public message sent to the client unless the host overrides it.
   *
   * @return the default message; never null
   */
  public String defaultMessage() {
    return defaultMessage;
  }
}
