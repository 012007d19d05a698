package dev.latchkey;

/**
 * Receives an {@link AuthEvent} for every decision an {@link Authenticator} makes: for audit logs,
 * metrics and alerting.
 *
 * <p>Listeners run on the request thread, after the decision, in registration order; keep them fast
 * and hand slow work to a queue. A listener that throws is logged and skipped: it never changes the
 * decision and never stops other listeners. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface AuthListener {

  /**
   * Called once per decision.
   *
   * @param event the decision just made; never null and never holding a secret
   */
  void onEvent(AuthEvent event);

  /**
   * Whether this listener reads {@link AuthEvent#credentialFingerprint()}. The fingerprint is a keyed
   * hash of the secret, made for every event while a listener may read it; when no listener of an
   * authenticator does, events are made without it, and their fingerprint is empty. Answer
   * {@code false} only if {@link #onEvent} never reads it (a metrics listener that counts by outcome,
   * for example). Asked once, when the authenticator is built.
   *
   * @return {@code true} (the default) if this listener may read the credential's fingerprint
   */
  default boolean readsCredentialFingerprint() {
    return true;
  }
}
