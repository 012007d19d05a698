package dev.latchkey.keystore.env;

import java.util.Objects;

/**
 * One variable and where it was defined. {@code toString} never shows the value.
 *
 * @param name the variable name
 * @param value its value
 * @param origin where it was defined: a dotenv file's path, or {@value #ENVIRONMENT}
 * @param line the line it was defined on in a file (where the definition starts); 0 for the environment
 */
public record EnvVariable(String name, String value, String origin, int line) {
  /** The origin of variables from the process environment (or the injected map standing for it). */
  public static final String ENVIRONMENT = "environment";

  /**
   * Rejects nulls.
   *
   * @param name the variable name
   * @param value its value
   * @param origin where it was defined: a dotenv file's path, or {@value #ENVIRONMENT}
   * @param line the line it was defined on in a file (where the definition starts); 0 for the environment
   */
  public EnvVariable {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(origin, "origin");
  }

  /**
   * Where it was defined, as {@code file:line} or {@code environment}.
   *
   * @return the location; never null
   */
  public String location() {
    return line > 0 ? origin + ":" + line : origin;
  }

  /** Name and location; never the value. */
  @Override
  public String toString() {
    return "EnvVariable[" + name + " at " + location() + "]";
  }
}
