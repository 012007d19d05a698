package dev.latchkey;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One authentication decision, as reported to {@link AuthListener}s for audit and metrics. Never
 * carries the secret: the credential appears only as its {@link Secret#fingerprint() fingerprint}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param time when the decision was made, from the authenticator's clock
 * @param outcome authenticated or denied
 * @param reason why the request was denied; empty when authenticated
 * @param status the HTTP status of a denial; empty when authenticated
 * @param principalName who the request authenticated as; empty when denied
 * @param sourceId the source that accepted or rejected the credential, if one did
 * @param credentialFingerprint the presented credential's fingerprint, if one was presented
 * @param clientAddress the client's address, if known
 * @param duration how long the decision took
 * @param carrier where the credential was found (such as {@code Authorization: Bearer}), if one was
 */
public record AuthEvent(
    Instant time,
    Outcome outcome,
    Optional<Reason> reason,
    Optional<Integer> status,
    Optional<String> principalName,
    Optional<String> sourceId,
    Optional<String> credentialFingerprint,
    Optional<String> clientAddress,
    Duration duration,
    Optional<CredentialCarrier> carrier) {

  /**
   * Rejects nulls.
   *
   * @param time when the decision was made, from the authenticator's clock
   * @param outcome authenticated or denied
   * @param reason why the request was denied; empty when authenticated
   * @param status the HTTP status of a denial; empty when authenticated
   * @param principalName who the request authenticated as; empty when denied
   * @param sourceId the source that accepted or rejected the credential, if one did
   * @param credentialFingerprint the presented credential's fingerprint, if one was presented
   * @param clientAddress the client's address, if known
   * @param duration how long the decision took
   * @param carrier where the credential was found, if one was
   */
  public AuthEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(principalName, "principalName");
    Objects.requireNonNull(sourceId, "sourceId");
    Objects.requireNonNull(credentialFingerprint, "credentialFingerprint");
    Objects.requireNonNull(clientAddress, "clientAddress");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(carrier, "carrier");
  }

  /**
   * An event without the carrier, as events were made before they named it.
   *
   * @param time when the decision was made, from the authenticator's clock
   * @param outcome authenticated or denied
   * @param reason why the request was denied; empty when authenticated
   * @param status the HTTP status of a denial; empty when authenticated
   * @param principalName who the request authenticated as; empty when denied
   * @param sourceId the source that accepted or rejected the credential, if one did
   * @param credentialFingerprint the presented credential's fingerprint, if one was presented
   * @param clientAddress the client's address, if known
   * @param duration how long the decision took
   */
  public AuthEvent(
      Instant time,
      Outcome outcome,
      Optional<Reason> reason,
      Optional<Integer> status,
      Optional<String> principalName,
      Optional<String> sourceId,
      Optional<String> credentialFingerprint,
      Optional<String> clientAddress,
      Duration duration) {
    this(time, outcome, reason, status, principalName, sourceId, credentialFingerprint, clientAddress, duration, Optional.empty());
  }

  /** The kind of decision. */
  public enum Outcome {
    /** The request was authenticated. */
    AUTHENTICATED,
    /** The request was denied. */
    DENIED
  }
}
