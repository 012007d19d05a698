package dev.latchkey.keystore.env;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The variables an {@link EnvLayout} reads: the environment and dotenv files merged, each with where it
 * was defined. Immutable; {@code toString} lists names only.
 */
public final class EnvVariables {
  private final Map<String, EnvVariable> variables;

  EnvVariables(Map<String, EnvVariable> variables) {
    this.variables = Collections.unmodifiableMap(variables);
  }

  /**
   * Variables from a plain map, all from the environment; for tests and custom layouts.
   *
   * @param environment variable names and values
   * @return the variables, each located in {@code environment}
   */
  public static EnvVariables of(Map<String, String> environment) {
    Map<String, EnvVariable> map = new java.util.LinkedHashMap<>();
    environment.forEach((k, v) -> map.put(k, new EnvVariable(k, v, EnvVariable.ENVIRONMENT, 0)));
    return new EnvVariables(map);
  }

  /**
   * The variable {@code name}, if defined.
   *
   * @param name the variable name, matched exactly
   * @return the variable; empty if it is not defined
   */
  public Optional<EnvVariable> get(String name) {
    return Optional.ofNullable(variables.get(name));
  }

  /**
   * Every defined name.
   *
   * @return the names, unmodifiable
   */
  public Set<String> names() {
    return variables.keySet();
  }

  @Override
  public String toString() {
    return "EnvVariables" + new java.util.TreeSet<>(variables.keySet());
  }
}
