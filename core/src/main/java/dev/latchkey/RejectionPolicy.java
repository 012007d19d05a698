package dev.latchkey;

/** What the chain does when a source {@link Verdict.Reject rejects} a credential. */
public enum RejectionPolicy {
  /**
   * The default: the request is denied with the rejection's reason at once. A source that recognises
   * a credential owns it, so a later source cannot override its judgement.
   */
  STOP,
  /**
   * Ask the remaining sources; a later accept authenticates the request. If none accepts, the first
   * rejection decides (unless a source was unavailable, which makes it 503).
   */
  CONTINUE
}
