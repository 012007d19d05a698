package dev.latchkey.keystore.file;

import java.util.Objects;

/**
 * A key-store operation that could not be done: an unknown key, a requester who does not own it, a
 * file that cannot be read or written. Never thrown on the request path ({@link FileKeyStore#verify}
 * answers with a verdict), and never quotes a secret.
 */
public final class KeyStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What kind of failure this is; never null. */
  private final Problem problem;

  /**
   * An exception of kind {@code problem} with {@code message}.
   *
   * @param problem what kind of failure this is
   * @param message what failed, never quoting a secret
   */
  public KeyStoreException(Problem problem, String message) {
    super(message);
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  /**
   * An exception of kind {@code problem} with {@code message}, caused by {@code cause}.
   *
   * @param problem what kind of failure this is
   * @param message what failed, never quoting a secret
   * @param cause the underlying failure, such as an {@link java.io.IOException}
   */
  public KeyStoreException(Problem problem, String message, Throwable cause) {
    super(message, cause);
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  /**
   * What kind of failure this is.
   *
   * @return the kind; never null
   */
  public Problem problem() {
    return problem;
  }

  /** The kinds of failure. */
  public enum Problem {
    /** No key has the given id. */
    NO_SUCH_KEY,
    /** The requester does not own the key. */
    NOT_OWNER,
    /** The key has no viewable copy, or it cannot be decrypted with the configured encryption key. */
    NOT_VIEWABLE,
    /** The request itself is invalid (a revoked key to regenerate, a bad lifespan, a missing owner). */
    INVALID_REQUEST,
    /** A key with the requested name is already in the store, and the request does not allow a duplicate. */
    DUPLICATE_NAME,
    /** The key file holds something this store cannot read; it is left untouched. */
    UNREADABLE_FILE,
    /** Reading or writing the key file failed. */
    IO_FAILURE
  }
}
