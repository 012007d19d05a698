package dev.latchkey;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a decision was reached, for debugging: where the credential was found, and each source's
 * verdict in chain order. Never contains the secret: the credential appears only as its
 * {@link Secret#fingerprint() fingerprint}, and verdict details are written by sources under the rule
 * that they never include it.
 *
 * <p>Immutable and thread-safe.
 */
public final class AuthTrace {
  private static final AuthTrace EMPTY = new AuthTrace(Optional.empty(), null, "not recorded", List.of());

  private final Optional<CredentialCarrier> carrier;
  // Held only to compute the fingerprint on demand (a keyed hash is not worth computing on every
  // request); never exposed, and transient so reflective serializers skip it.
  private final transient Secret secret;
  private final String extraction;
  private final List<SourceStep> steps;

  AuthTrace(
      Optional<CredentialCarrier> carrier, Secret secret, String extraction, List<SourceStep> steps) {
    this.carrier = carrier;
    this.secret = secret;
    this.extraction = extraction;
    this.steps = List.copyOf(steps);
  }

  /**
   * A trace that records nothing: for hosts' own test doubles of {@link AuthResult}.
   *
   * @return the shared empty trace: no carrier, no credential, no steps
   */
  public static AuthTrace empty() {
    return EMPTY;
  }

  /**
   * Where the credential was found, if one was.
   *
   * @return the carrier the credential was read from; empty if none was found
   */
  public Optional<CredentialCarrier> carrier() {
    return carrier;
  }

  /**
   * The credential's fingerprint, if one was found.
   *
   * @return the {@link Secret#fingerprint() fingerprint}; empty if no credential was found
   */
  public Optional<String> credentialFingerprint() {
    return Optional.ofNullable(secret).map(Secret::fingerprint);
  }

  /**
   * What credential extraction found, such as {@code found in Authorization: Bearer}.
   *
   * @return a short description of the extraction; never null
   */
  public String extraction() {
    return extraction;
  }

  /**
   * Each source's verdict, in the order the sources were asked.
   *
   * @return the steps, unmodifiable; empty if no source was asked
   */
  public List<SourceStep> steps() {
    return steps;
  }

  /** One line per step, for logs and debugging. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("credential: ").append(extraction);
    credentialFingerprint().ifPresent(f -> out.append(" (").append(f).append(')'));
    for (SourceStep step : steps) {
      out.append('\n').append(step);
    }
    return out.toString();
  }

  /**
   * One source's verdict.
   *
   * @param sourceId the source's id
   * @param verdict its verdict
   */
  public record SourceStep(String sourceId, Verdict verdict) {
    /**
     * Rejects nulls.
     *
     * @param sourceId the source's id
     * @param verdict its verdict
     */
    public SourceStep {
      Objects.requireNonNull(sourceId, "sourceId");
      Objects.requireNonNull(verdict, "verdict");
    }

    /** {@code source id: VERDICT detail}. */
    @Override
    public String toString() {
      String tail;
      if (verdict instanceof Verdict.Accept a) {
        tail = "ACCEPT " + a.principal().name() + " " + a.principal().roles();
      } else if (verdict instanceof Verdict.Reject r) {
        tail = "REJECT " + r.reason() + ": " + r.detail();
      } else if (verdict instanceof Verdict.Unavailable u) {
        tail = "UNAVAILABLE " + u.detail();
      } else {
        tail = "ABSTAIN " + ((Verdict.Abstain) verdict).detail();
      }
      return "source " + sourceId + ": " + tail;
    }
  }
}
