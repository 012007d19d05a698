package dev.latchkey;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Configuration that cannot be used: a key file, a YAML file, a chain definition. Thrown at load time,
 * never while authenticating a request. Lists every problem found, not only the first, each with its
 * file, line, column and the key at fault.
 *
 * <p>Never quotes a configured value: a mistyped file can hold a plaintext secret where a hash or a
 * name belongs. Immutable.
 */
public class ConfigurationException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  /**
   * An exception reporting {@code problems}.
   *
   * @param problems every problem found, in order; at least one
   * @throws IllegalArgumentException if {@code problems} is empty
   */
  public ConfigurationException(List<Problem> problems) {
    super(describe(problems));
    this.problems = List.copyOf(problems);
  }

  /**
   * An exception reporting one problem.
   *
   * @param problem the problem; never null
   */
  public ConfigurationException(Problem problem) {
    this(List.of(problem));
  }

  /**
   * Every problem, in the order found.
   *
   * @return the problems, unmodifiable; never empty
   */
  public List<Problem> problems() {
    return problems;
  }

  private static String describe(List<Problem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigurationException needs at least one problem");
    }
    return problems.stream().map(Problem::toString).collect(Collectors.joining("\n"));
  }

  /**
   * One problem in a configuration.
   *
   * @param file the file (or another origin, such as {@code environment}) at fault; empty if unknown
   * @param line the 1-based line, or 0 if unknown
   * @param column the 1-based column, or 0 if unknown
   * @param key the key or path at fault, such as {@code keys[3].hash}; empty if the problem is not about one key
   * @param message what is wrong, without any configured value
   */
  public record Problem(String file, int line, int column, String key, String message) {
    /**
     * Rejects nulls and negative positions.
     *
     * @param file the file (or another origin, such as {@code environment}) at fault; empty if unknown
     * @param line the 1-based line, or 0 if unknown
     * @param column the 1-based column, or 0 if unknown
     * @param key the key or path at fault, such as {@code keys[3].hash}; empty if the problem is not about
     *     one key
     * @param message what is wrong, without any configured value
     */
    public Problem {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(message, "message");
      if (line < 0 || column < 0) {
        throw new IllegalArgumentException("line and column are 1-based, or 0 when unknown");
      }
    }

    /** {@code file:line:column: key: message}, leaving out what is unknown. */
    @Override
    public String toString() {
      StringBuilder s = new StringBuilder(file);
      if (line > 0) {
        s.append(':').append(line);
        if (column > 0) {
          s.append(':').append(column);
        }
      }
      if (s.length() > 0) {
        s.append(": ");
      }
      if (!key.isEmpty()) {
        s.append(key).append(": ");
      }
      return s.append(message).toString();
    }
  }
}
