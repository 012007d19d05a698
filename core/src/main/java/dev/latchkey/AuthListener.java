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
}
