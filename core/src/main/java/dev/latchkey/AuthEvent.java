package dev.latchkey;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One authentication decision, as reported to {@link AuthListener}s for audit and metrics. Never
 * carries the secret: the credential appears only as its {@link Secret#fingerprint() fingerprint}.
 *
 * <p>A value with the accessors, constructors, {@code equals}, {@code hashCode} and {@code toString}
 * of a record of the ten components below (it was one). It is a final class so that the text an
 * event reports but most listeners never read is made only when asked for: the credential's
 * fingerprint (kept as its 64 bits, not as the secret) and the client's address are rendered on their
 * first access, which keeps the event cheap on the request path. Code that deconstructs it as a
 * record reads the accessors instead.
 *
 * <p>Immutable and thread-safe: text rendered on first access is the same whichever thread asks.
 */
public final class AuthEvent {
  private static final long NO_FINGERPRINT_BITS = 0L;

  /** The time, or a wall-clock reading the time is {@link #timeOffsetNanos} after. */
  private final Instant timeBase;
  private final long timeOffsetNanos;
  private final Outcome outcome;
  /** Null when authenticated. */
  private final Reason reason;
  /** Whether there is a status: a denial's. */
  private final boolean hasStatus;
  private final int status;
  /** Null when denied. */
  private final String principalName;
  /** Null when no source decided. */
  private final String sourceId;
  /** Whether a credential was presented, and so has a fingerprint. */
  private final boolean fingerprinted;
  /** The fingerprint's 64 bits, rendered on the first read of {@link #credentialFingerprint()}. */
  private final long fingerprintBits;
  /** The client, rendered on the first read of {@link #clientAddress()}; null if unknown or given as text. */
  private final InetAddress client;
  /** The duration as given; null when kept as {@link #durationNanos} until read. */
  private final Duration givenDuration;
  private final long durationNanos;
  /** Null when no credential was found. */
  private final CredentialCarrier carrier;
  /** The fingerprint's text once rendered (or as given); a benign race renders the same string. */
  private String fingerprintText;
  /** The address's text once rendered (or as given); a benign race renders the same string. */
  private String addressText;
  /** The time once computed; a benign race computes an equal instant. */
  private Instant time;

  /**
   * An event from its ten components, as the record's canonical constructor made it. Rejects nulls.
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
   * @throws NullPointerException if any argument is null (never an empty {@code Optional}'s content)
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
      Duration duration,
      Optional<CredentialCarrier> carrier) {
    this(
        Objects.requireNonNull(time, "time"),
        0L,
        Objects.requireNonNull(outcome, "outcome"),
        Objects.requireNonNull(reason, "reason").orElse(null),
        Objects.requireNonNull(status, "status").isPresent(),
        status.orElse(0),
        Objects.requireNonNull(principalName, "principalName").orElse(null),
        Objects.requireNonNull(sourceId, "sourceId").orElse(null),
        Objects.requireNonNull(credentialFingerprint, "credentialFingerprint").isPresent(),
        NO_FINGERPRINT_BITS,
        null,
        Objects.requireNonNull(duration, "duration"),
        0L,
        Objects.requireNonNull(carrier, "carrier").orElse(null));
    this.fingerprintText = credentialFingerprint.orElse(null);
    this.addressText = Objects.requireNonNull(clientAddress, "clientAddress").orElse(null);
  }

  /**
   * An event without the carrier, as events were made before they named it. Rejects nulls.
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
   * @throws NullPointerException if any argument is null
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

  private AuthEvent(
      Instant timeBase,
      long timeOffsetNanos,
      Outcome outcome,
      Reason reason,
      boolean hasStatus,
      int status,
      String principalName,
      String sourceId,
      boolean fingerprinted,
      long fingerprintBits,
      InetAddress client,
      Duration givenDuration,
      long durationNanos,
      CredentialCarrier carrier) {
    this.timeBase = timeBase;
    this.timeOffsetNanos = timeOffsetNanos;
    this.outcome = outcome;
    this.reason = reason;
    this.hasStatus = hasStatus;
    this.status = status;
    this.principalName = principalName;
    this.sourceId = sourceId;
    this.fingerprinted = fingerprinted;
    this.fingerprintBits = fingerprintBits;
    this.client = client;
    this.givenDuration = givenDuration;
    this.durationNanos = durationNanos;
    this.carrier = carrier;
  }

  /**
   * The event of a decision, as the authenticator makes it: the fingerprint, the address, the time and
   * the duration are made into objects only when read. Package-private, for {@link ChainAuthenticator}.
   *
   * @param timeBase a wall-clock reading
   * @param timeOffsetNanos how long after {@code timeBase} the decision was made
   * @param denied the denial, or null when {@code principalName} authenticated
   * @param credential the presented credential, or null; only its fingerprint's bits are kept
   * @param fingerprint whether to compute the credential's fingerprint; if not, it is empty
   * @param durationNanos how long the decision took
   */
  static AuthEvent of(
      Instant timeBase,
      long timeOffsetNanos,
      AuthResult.Denied denied,
      String principalName,
      String sourceId,
      Credential credential,
      boolean fingerprint,
      InetAddress client,
      long durationNanos) {
    return new AuthEvent(
        timeBase,
        timeOffsetNanos,
        denied == null ? Outcome.AUTHENTICATED : Outcome.DENIED,
        denied == null ? null : denied.reason(),
        denied != null,
        denied == null ? 0 : denied.status(),
        denied == null ? principalName : null,
        sourceId,
        fingerprint && credential != null,
        fingerprint && credential != null ? credential.secret().fingerprintBits() : NO_FINGERPRINT_BITS,
        client,
        null,
        durationNanos,
        credential == null ? null : credential.carrier());
  }

  /**
   * When the decision was made, from the authenticator's clock. With the system clock (the default),
   * the authenticator reads the wall clock at most once a second and advances that reading by the
   * monotonic time since it, so the time is exact to within the clock's adjustments over a second.
   *
   * @return the time; never null
   */
  public Instant time() {
    Instant t = time;
    if (t == null) {
      t = timeOffsetNanos == 0 ? timeBase : timeBase.plusNanos(timeOffsetNanos);
      time = t;
    }
    return t;
  }

  /**
   * Authenticated or denied.
   *
   * @return the outcome; never null
   */
  public Outcome outcome() {
    return outcome;
  }

  /**
   * Why the request was denied.
   *
   * @return the reason; empty when authenticated
   */
  public Optional<Reason> reason() {
    return Optional.ofNullable(reason);
  }

  /**
   * The HTTP status of a denial.
   *
   * @return the status; empty when authenticated
   */
  public Optional<Integer> status() {
    return hasStatus ? Optional.of(status) : Optional.empty();
  }

  /**
   * Who the request authenticated as.
   *
   * @return the principal's name; empty when denied
   */
  public Optional<String> principalName() {
    return Optional.ofNullable(principalName);
  }

  /**
   * The source that accepted or rejected the credential.
   *
   * @return the source's id; empty if no source decided
   */
  public Optional<String> sourceId() {
    return Optional.ofNullable(sourceId);
  }

  /**
   * The presented credential's fingerprint ({@code fp_} and 16 hex characters), rendered on the first
   * call. Never the secret.
   *
   * @return the fingerprint; empty if no credential was presented, or if no listener of the
   *     authenticator {@link AuthListener#readsCredentialFingerprint() reads it}
   */
  public Optional<String> credentialFingerprint() {
    if (!fingerprinted) {
      return Optional.empty();
    }
    String text = fingerprintText;
    if (text == null) {
      text = Secret.renderFingerprint(fingerprintBits);
      fingerprintText = text;
    }
    return Optional.of(text);
  }

  /**
   * The client's address as text ({@link InetAddress#getHostAddress()}), rendered on the first call.
   *
   * @return the address; empty if unknown
   */
  public Optional<String> clientAddress() {
    String text = addressText;
    if (text == null && client != null) {
      text = client.getHostAddress();
      addressText = text;
    }
    return Optional.ofNullable(text);
  }

  /**
   * How long the decision took.
   *
   * @return the duration; never null
   */
  public Duration duration() {
    return givenDuration != null ? givenDuration : Duration.ofNanos(durationNanos);
  }

  /**
   * Where the credential was found (such as {@code Authorization: Bearer}).
   *
   * @return the carrier; empty if no credential was found
   */
  public Optional<CredentialCarrier> carrier() {
    return Optional.ofNullable(carrier);
  }

  /**
   * Whether {@code o} is an event with equal components, as a record compares.
   *
   * @param o the object to compare with
   * @return {@code true} if every component is equal
   */
  @Override
  public boolean equals(Object o) {
    return o == this
        || o instanceof AuthEvent other
            && time().equals(other.time())
            && outcome == other.outcome
            && reason().equals(other.reason())
            && status().equals(other.status())
            && Objects.equals(principalName, other.principalName)
            && Objects.equals(sourceId, other.sourceId)
            && credentialFingerprint().equals(other.credentialFingerprint())
            && clientAddress().equals(other.clientAddress())
            && duration().equals(other.duration())
            && Objects.equals(carrier, other.carrier);
  }

  /**
   * A hash of every component.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return Objects.hash(
        time(), outcome, reason(), status(), principalName(), sourceId(), credentialFingerprint(), clientAddress(), duration(), carrier());
  }

  /**
   * Every component, as a record prints it: {@code AuthEvent[time=…, outcome=…, …]}. Never a secret.
   *
   * @return the description
   */
  @Override
  public String toString() {
    return "AuthEvent[time=" + time()
        + ", outcome=" + outcome
        + ", reason=" + reason()
        + ", status=" + status()
        + ", principalName=" + principalName()
        + ", sourceId=" + sourceId()
        + ", credentialFingerprint=" + credentialFingerprint()
        + ", clientAddress=" + clientAddress()
        + ", duration=" + duration()
        + ", carrier=" + carrier()
        + "]";
  }

  /** The kind of decision. */
  public enum Outcome {
    /** The request was authenticated. */
    AUTHENTICATED,
    /** The request was denied. */
    DENIED
  }
}
