package dev.latchkey;

import java.util.Objects;
import java.util.Optional;

/**
 * A {@link CredentialSource}'s answer about one credential. The chain acts on it as follows:
 *
 * <ul>
 *   <li>{@link Abstain} — not this source's credential (wrong format, unknown prefix, no such key).
 *       The chain asks the next source.
 *   <li>{@link Accept} — the credential is valid; the chain stops and the request is authenticated.
 *   <li>{@link Reject} — the credential is this source's, but invalid (expired, revoked, bad
 *       signature). By default the chain stops and the request is denied with the reason.
 *   <li>{@link Unavailable} — the source could not decide (a key server is down, a store is
 *       unreadable). The chain asks the next source; if none accepts, the request is denied with 503,
 *       never a silent 401 and never an accept.
 * </ul>
 *
 * <p>Details are for logs and the explain trace; they must never contain the secret. Verdicts are
 * immutable and made through the static factories.
 */
public sealed interface Verdict
    permits Verdict.Abstain, Verdict.Accept, Verdict.Reject, Verdict.Unavailable {

  /**
   * Not this source's credential.
   *
   * @return an abstention without detail; the same instance every time
   */
  static Verdict abstain() {
    return Abstain.PLAIN;
  }

  /**
   * Not this source's credential, saying why (for the explain trace).
   *
   * @param detail why, without the secret
   * @return an abstention carrying {@code detail}
   */
  static Verdict abstain(String detail) {
    return new Abstain(detail);
  }

  /**
   * The credential is valid and proves {@code principal}.
   *
   * @param principal who the credential proves; never null
   * @return an acceptance of {@code principal}
   */
  static Verdict accept(Principal principal) {
    return new Accept(principal);
  }

  /**
   * The credential is this source's but invalid.
   *
   * @param reason the public reason; one that {@link Reason#judgesCredential() judges a credential}
   * @param detail what exactly failed, for logs; never the secret
   * @return a rejection for {@code reason}
   * @throws IllegalArgumentException if {@code reason} is one only the authenticator decides
   */
  static Verdict reject(Reason reason, String detail) {
    return new Reject(reason, detail);
  }

  /**
   * The source could not decide.
   *
   * @param detail what went wrong, for logs; never the secret
   * @return a verdict that the source is unavailable
   */
  static Verdict unavailable(String detail) {
    return new Unavailable(detail, Optional.empty());
  }

  /**
   * The source could not decide because of {@code cause}.
   *
   * @param detail what went wrong, for logs; never the secret
   * @param cause the underlying failure
   * @return a verdict that the source is unavailable, carrying {@code cause}
   */
  static Verdict unavailable(String detail, Throwable cause) {
    return new Unavailable(detail, Optional.of(cause));
  }

  /**
   * Not this source's credential.
   *
   * @param detail why, for the explain trace
   */
  record Abstain(String detail) implements Verdict {
    static final Abstain PLAIN = new Abstain("not recognised");

    /**
     * Rejects a null detail.
     *
     * @param detail why, for the explain trace
     */
    public Abstain {
      Objects.requireNonNull(detail, "detail");
    }
  }

  /**
   * The credential is valid.
   *
   * @param principal who it proves
   */
  record Accept(Principal principal) implements Verdict {
    /**
     * Rejects a null principal.
     *
     * @param principal who it proves
     */
    public Accept {
      Objects.requireNonNull(principal, "principal");
    }
  }

  /**
   * The credential is this source's but invalid.
   *
   * @param reason the public reason
   * @param detail what failed, for logs
   */
  record Reject(Reason reason, String detail) implements Verdict {
    /**
     * Rejects nulls and reasons that do not judge a credential.
     *
     * @param reason the public reason
     * @param detail what failed, for logs
     */
    public Reject {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
      if (!reason.judgesCredential()) {
        throw new IllegalArgumentException(
            reason + " is decided by the authenticator, not by a source; reject with a reason that judges the credential");
      }
    }
  }

  /**
   * The source could not decide.
   *
   * @param detail what went wrong, for logs
   * @param cause the underlying failure, if any
   */
  record Unavailable(String detail, Optional<Throwable> cause) implements Verdict {
    /**
     * Rejects nulls.
     *
     * @param detail what went wrong, for logs
     * @param cause the underlying failure, if any
     */
    public Unavailable {
      Objects.requireNonNull(detail, "detail");
      Objects.requireNonNull(cause, "cause");
    }

    /** The detail and the cause's class; never the cause's message, which may quote input. */
    @Override
    public String toString() {
      return "Unavailable[detail=" + detail + cause.map(c -> ", cause=" + c.getClass().getName()).orElse("") + "]";
    }
  }
}
