package dev.latchkey.revocation;

/**
 * A shared revocation store could not record a revocation: the store's server is unreachable, too slow
 * or refused it. The message names the server by host and port only, never a password. Nothing was
 * revoked; revoking again once the server is back is safe.
 */
public final class RevocationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * A failure described by {@code message}.
   *
   * @param message what failed, naming the server by host and port only
   */
  public RevocationException(String message) {
    super(message);
  }
}
