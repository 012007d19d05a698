package dev.latchkey.hash;

/**
 * A stored key hash could not be read. The message says what is wrong with it and never repeats the
 * text, which may be a plaintext key put where a hash belongs; callers add the file, line and key.
 */
public final class InvalidKeyHashException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with {@code message}, which must not contain the hash text.
   *
   * @param message what is wrong with the hash, without its text
   */
  public InvalidKeyHashException(String message) {
    super(message);
  }
}
