package dev.latchkey.keystore.file.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Expands {@code ${VAR}} and {@code ${VAR:-default}} in one text value: the default applies when the
 * variable is unset or empty (as in POSIX shells and mcp-data-platform); <code>$${</code> stands for a
 * literal <code>${</code>; a <code>$</code> not followed by <code>{</code> is kept as it is. Defaults are literal text
 * (no nested references). Stateless and thread-safe.
 */
final class VariableExpansion {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private VariableExpansion() {}

  /**
   * The outcome of expanding one value.
   *
   * @param value the expanded text (unresolved references replaced by nothing)
   * @param variables the names referenced, in order
   * @param problem the first reference that could not be expanded, if any; never quotes a value
   */
  record Expanded(String value, List<String> variables, Optional<String> problem) {}

  static Expanded expand(String text, Map<String, String> environment) {
    if (text.indexOf('$') < 0) {
      return new Expanded(text, List.of(), Optional.empty());
    }
    StringBuilder out = new StringBuilder(text.length());
    List<String> variables = new ArrayList<>();
    String problem = null;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '$' && text.startsWith("$${", i)) {
        out.append("${");
        i += 3;
      } else if (c == '$' && text.startsWith("${", i)) {
        int close = text.indexOf('}', i + 2);
        if (close < 0) {
          problem = problem != null ? problem : "has a ${ reference that is not closed with }";
          break;
        }
        String reference = text.substring(i + 2, close);
        int dash = reference.indexOf(":-");
        String name = dash < 0 ? reference : reference.substring(0, dash);
        if (!NAME.matcher(name).matches()) {
          problem = problem != null ? problem : "has a reference that is not ${NAME} or ${NAME:-default}";
        } else {
          variables.add(name);
          String value = environment.get(name);
          if (dash >= 0 && (value == null || value.isEmpty())) {
            out.append(reference, dash + 2, reference.length());
          } else if (value == null) {
            problem = problem != null ? problem : "${" + name + "} is not set and has no default (write ${" + name + ":-…} for one)";
          } else {
            out.append(value);
          }
        }
        i = close + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return new Expanded(out.toString(), variables, Optional.ofNullable(problem));
  }
}
