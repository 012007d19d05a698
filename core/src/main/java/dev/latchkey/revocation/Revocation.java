package dev.latchkey.revocation;

import dev.latchkey.Principal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One revocation: what it refuses, and until when ({@link #until()}; after that instant the entry drops
 * out of every store on its own). Made through {@link #token}, {@link #subject} and {@link #key}.
 *
 * <p>Revocations only ever widen: revoking what is already revoked keeps the later {@code until} (and,
 * for a subject, the later {@code issuedBefore}). Nothing withdraws a revocation before its
 * {@code until}. Values are immutable and thread-safe; ids are ordinary identifiers, never secrets.
 */
public sealed interface Revocation {

  /**
   * When this revocation ends and drops out of the set.
   *
   * @return the instant; empty for never
   */
  Optional<Instant> until();

  /**
   * Whether this revocation refuses {@code principal}, whatever the time: the same {@code jti}, the same
   * subject issued before the instant (or at an unknown time), or the same key id. Which kind of
   * principal a revocation concerns (a token's or a key's) is for the caller to know.
   *
   * @param principal an accepted principal
   * @return {@code true} if it is refused while this revocation lasts
   */
  boolean matches(Principal principal);

  /**
   * Whether this revocation has ended by {@code now}.
   *
   * @param now the current time
   * @return {@code true} once {@link #until()} is not after {@code now}
   */
  default boolean endedBy(Instant now) {
    Optional<Instant> until = until();
    return until.isPresent() && !until.get().isAfter(now);
  }

  /**
   * Revokes the JWT whose {@code jti} is {@code jti}, until {@code until}: its {@code exp}, plus the
   * issuer's clock-skew leeway if it has one (a JWT source accepts a token until {@code exp} plus the
   * leeway; after that the token is refused as expired anyway).
   *
   * @param jti the token's id; not blank
   * @param until when the entry drops out: the token's {@code exp} plus the issuer's leeway
   * @return the revocation
   */
  static Token token(String jti, Instant until) {
    return new Token(jti, Optional.of(Objects.requireNonNull(until, "until")));
  }

  /**
   * Revokes every token of {@code subject} issued before {@code issuedBefore}, for good ("log out
   * everywhere"): tokens issued later are accepted. A token without {@code iat} is refused.
   *
   * @param subject the principal name (a JWT's {@code sub}); not blank
   * @param issuedBefore tokens issued before this instant are refused
   * @return the revocation
   */
  static Subject subject(String subject, Instant issuedBefore) {
    return new Subject(subject, issuedBefore, Optional.empty());
  }

  /**
   * As {@link #subject(String, Instant)}, dropping out at {@code until}: once every token issued before
   * {@code issuedBefore} has expired (say {@code issuedBefore} plus the longest lifetime the issuers
   * allow), the entry is no longer needed.
   *
   * @param subject the principal name (a JWT's {@code sub}); not blank
   * @param issuedBefore tokens issued before this instant are refused
   * @param until when the entry drops out
   * @return the revocation
   */
  static Subject subject(String subject, Instant issuedBefore, Instant until) {
    return new Subject(subject, issuedBefore, Optional.of(Objects.requireNonNull(until, "until")));
  }

  /**
   * Revokes the API key whose id is {@code keyId}, for good: for key stores that cannot revoke a key
   * themselves or are not shared (environment keys, YAML keys, in-memory keys).
   *
   * @param keyId the key's id, as its principal's {@link Principal#credentialId()} carries it (an
   *     environment key's variable, such as {@code ADMIN_API_KEY} or {@code VALID_API_KEYS[0]}; a YAML or
   *     in-memory key's name; a key store's key id); not blank
   * @return the revocation
   */
  static Key key(String keyId) {
    return new Key(keyId, Optional.empty());
  }

  /**
   * As {@link #key(String)}, until {@code until}.
   *
   * @param keyId the key's id; not blank
   * @param until when the entry drops out
   * @return the revocation
   */
  static Key key(String keyId, Instant until) {
    return new Key(keyId, Optional.of(Objects.requireNonNull(until, "until")));
  }

  /**
   * A JWT revoked by its {@code jti}.
   *
   * @param jti the token's id
   * @param until when the entry drops out; always present
   */
  record Token(String jti, Optional<Instant> until) implements Revocation {
    /**
     * Validates.
     *
     * @param jti the token's id; not blank
     * @param until when the entry drops out; must be present
     * @throws IllegalArgumentException if {@code jti} is blank or {@code until} is empty
     */
    public Token {
      requireId(jti, "jti");
      if (Objects.requireNonNull(until, "until").isEmpty()) {
        throw new IllegalArgumentException("a revoked jti needs an until (the token's exp)");
      }
    }

    @Override
    public boolean matches(Principal principal) {
      Optional<String> id = principal.credentialId();
      return id.isPresent() && id.get().equals(jti);
    }
  }

  /**
   * Every token of a subject issued before an instant.
   *
   * @param subject the principal name
   * @param issuedBefore tokens issued before this instant are refused
   * @param until when the entry drops out; empty for never
   */
  record Subject(String subject, Instant issuedBefore, Optional<Instant> until) implements Revocation {
    /**
     * Validates.
     *
     * @param subject the principal name; not blank
     * @param issuedBefore tokens issued before this instant are refused
     * @param until when the entry drops out; empty for never
     * @throws IllegalArgumentException if {@code subject} is blank
     */
    public Subject {
      requireId(subject, "subject");
      Objects.requireNonNull(issuedBefore, "issuedBefore");
      Objects.requireNonNull(until, "until");
    }

    /** The same subject, issued before {@link #issuedBefore()}; a principal without an issue time is refused. */
    @Override
    public boolean matches(Principal principal) {
      if (!principal.name().equals(subject)) {
        return false;
      }
      Optional<Instant> issued = principal.issuedAt();
      return issued.isEmpty() || issued.get().isBefore(issuedBefore);
    }
  }

  /**
   * An API key revoked by its id.
   *
   * @param keyId the key's id
   * @param until when the entry drops out; empty for never
   */
  record Key(String keyId, Optional<Instant> until) implements Revocation {
    /**
     * Validates.
     *
     * @param keyId the key's id; not blank
     * @param until when the entry drops out; empty for never
     * @throws IllegalArgumentException if {@code keyId} is blank
     */
    public Key {
      requireId(keyId, "keyId");
      Objects.requireNonNull(until, "until");
    }

    @Override
    public boolean matches(Principal principal) {
      Optional<String> id = principal.credentialId();
      return id.isPresent() && id.get().equals(keyId);
    }
  }

  private static void requireId(String id, String what) {
    Objects.requireNonNull(id, what);
    if (id.isBlank()) {
      throw new IllegalArgumentException("a revocation's " + what + " must not be blank");
    }
  }
}
