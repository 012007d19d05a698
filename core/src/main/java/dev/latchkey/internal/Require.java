package dev.latchkey.internal;

import java.util.Objects;

/** Argument checks shared by the API's value types. Stateless and thread-safe. */
public final class Require {
  private Require() {}

  /**
   * {@code value}, if it has non-whitespace text.
   *
   * @param value the value to check
   * @param what what it is, for the messages, such as {@code "a key's name"}
   * @throws NullPointerException if it is null
   * @throws IllegalArgumentException if it is empty or blank
   */
  public static String nonBlank(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }
}
