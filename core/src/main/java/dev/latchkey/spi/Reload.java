package dev.latchkey.spi;

import dev.latchkey.ConfigurationException;
import java.util.List;
import java.util.Objects;

/**
 * What one check of a reloaded file found. The same three outcomes for every file-backed source.
 */
public sealed interface Reload {

  /**
   * The file is as it was last loaded (or another check was already running).
   *
   * @return the outcome
   */
  static Reload unchanged() {
    return Unchanged.INSTANCE;
  }

  /**
   * The file changed and its new content is in force.
   *
   * @param items how many items (keys, JWKs) the new content holds
   * @return the outcome
   */
  static Reload reloaded(int items) {
    return new Reloaded(items);
  }

  /**
   * The file changed, vanished or cannot be read, and the last good content stays in force.
   *
   * @param problems what is wrong, each with file, line, column and key; never a value
   * @return the outcome
   */
  static Reload failed(List<ConfigurationException.Problem> problems) {
    return new Failed(problems);
  }

  /** Nothing changed. */
  enum Unchanged implements Reload {
    /** The one instance. */
    INSTANCE
  }

  /**
   * A new content is in force.
   *
   * @param items how many items it holds
   */
  record Reloaded(int items) implements Reload {}

  /**
   * The change could not be loaded; the last good content stays.
   *
   * @param problems what is wrong; at least one
   */
  record Failed(List<ConfigurationException.Problem> problems) implements Reload {
    /**
     * Copies and validates.
     *
     * @param problems what is wrong; at least one
     */
    public Failed {
      problems = List.copyOf(problems);
      if (problems.isEmpty()) {
        throw new IllegalArgumentException("a failed reload names at least one problem");
      }
    }
  }
}
