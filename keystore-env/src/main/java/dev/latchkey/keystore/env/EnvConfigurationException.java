package dev.latchkey.keystore.env;

import dev.latchkey.ConfigurationException;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The environment or a dotenv file holds bad key configuration. Lists every problem found, each with
 * its file, line and variable; never the value of a variable, which may be a secret.
 */
public final class EnvConfigurationException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  /**
   * An exception reporting {@code problems} (at least one).
   *
   * @param problems every problem found, in order; at least one
   */
  public EnvConfigurationException(List<Problem> problems) {
    super(describe(problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an EnvConfigurationException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /**
   * An exception reporting one problem.
   *
   * @param problem the problem; never null
   */
  public EnvConfigurationException(Problem problem) {
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
    return problems.stream().map(Problem::toString).collect(Collectors.joining("\n"));
  }

  /**
   * One problem.
   *
   * @param location where: {@code file:line}, a file, or {@code environment}
   * @param variable the variable at fault, or empty when the problem is not about one variable
   * @param message what is wrong, without any value
   */
  public record Problem(String location, String variable, String message) {
    private static final Pattern FILE_AND_LINE = Pattern.compile("(.*):([0-9]+)");

    /**
     * Rejects nulls.
     *
     * @param location where: {@code file:line}, a file, or {@code environment}
     * @param variable the variable at fault, or empty when the problem is not about one variable
     * @param message what is wrong, without any value
     */
    public Problem {
      Objects.requireNonNull(location, "location");
      Objects.requireNonNull(variable, "variable");
      Objects.requireNonNull(message, "message");
    }

    /**
     * A problem with {@code variable}, located where it was defined.
     *
     * @param variable the variable at fault; its value is not used
     * @param message what is wrong, without the value
     * @return the problem, located at {@link EnvVariable#location()}
     */
    public static Problem of(EnvVariable variable, String message) {
      return new Problem(variable.location(), variable.name(), message);
    }

    /**
     * The same problem in the form every configuration problem takes: a {@code file:line} location
     * becomes the file and line; the variable becomes the key.
     *
     * @return the problem, with no column
     */
    public ConfigurationException.Problem toConfigurationProblem() {
      Matcher m = FILE_AND_LINE.matcher(location);
      if (m.matches()) {
        return new ConfigurationException.Problem(m.group(1), Integer.parseInt(m.group(2)), 0, variable, message);
      }
      return new ConfigurationException.Problem(location, 0, 0, variable, message);
    }

    /** {@code location: VARIABLE: message}. */
    @Override
    public String toString() {
      return location + ": " + (variable.isEmpty() ? "" : variable + ": ") + message;
    }
  }
}
