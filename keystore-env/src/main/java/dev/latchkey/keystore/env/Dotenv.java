package dev.latchkey.keystore.env;

import dev.latchkey.keystore.env.EnvConfigurationException.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads dotenv files ({@code .env}, {@code .env.local}) strictly:
 *
 * <ul>
 *   <li>{@code NAME=value} lines; blank lines and {@code #} comments are skipped; {@code export } in
 *       front of a name is allowed; spaces around {@code =} are ignored.
 *   <li>Unquoted values end at the line's end or at a {@code #} that follows whitespace, and are
 *       trimmed. {@code ${NAME}} and {@code ${NAME:-default}} are replaced (the default applies when
 *       the variable is unset or empty); {@code $NAME} without braces is kept as it is.
 *   <li>Single-quoted values are literal: no escapes, no references, one line.
 *   <li>Double-quoted values may span lines and understand {@code \n \r \t \" \\ \$} and references.
 * </ul>
 *
 * <p>A reference names a variable defined earlier in the same file or known to the caller's look-up
 * (earlier files, then the environment); an unknown reference without a default is an error, never
 * an empty string. Every error names the file and line and never quotes a value. Stateless and
 * thread-safe.
 */
public final class Dotenv {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private Dotenv() {}

  /**
   * Reads {@code file}.
   *
   * @param file the dotenv file
   * @param outer resolves references to variables the file does not define itself
   * @return the variables, in file order
   * @throws EnvConfigurationException listing every problem in the file, or if it cannot be read
   */
  public static Map<String, EnvVariable> read(Path file, Function<String, Optional<String>> outer) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException | RuntimeException e) {
      throw unreadable(file, e);
    }
    return read(bytes, file, outer);
  }

  /**
   * Reads {@code bytes}, the content of {@code file}, as UTF-8.
   *
   * @throws EnvConfigurationException listing every problem, or if the bytes are not UTF-8
   */
  static Map<String, EnvVariable> read(byte[] bytes, Path file, Function<String, Optional<String>> outer) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw unreadable(file, e);
    }
    return parse(text, file.toString(), outer);
  }

  private static EnvConfigurationException unreadable(Path file, Exception e) {
    return new EnvConfigurationException(new Problem(file.toString(), "", "cannot be read (" + e.getClass().getSimpleName() + ")"));
  }

  /**
   * Parses dotenv text.
   *
   * @param text the content
   * @param origin the name to report in errors, usually the file's path
   * @param outer resolves references to variables the text does not define itself
   * @return the variables, in order
   * @throws EnvConfigurationException listing every problem found
   */
  public static Map<String, EnvVariable> parse(String text, String origin, Function<String, Optional<String>> outer) {
    return new Parser(text, origin, outer).parse();
  }

  private static final class Parser {
    private final String[] lines;
    private final String origin;
    private final Function<String, Optional<String>> outer;
    private final Map<String, EnvVariable> variables = new LinkedHashMap<>();
    private final List<Problem> problems = new ArrayList<>();
    private int index;

    Parser(String text, String origin, Function<String, Optional<String>> outer) {
      String normalised = text.startsWith("\uFEFF") ? text.substring(1) : text;
      this.lines = normalised.replace("\r\n", "\n").split("\n", -1);
      this.origin = origin;
      this.outer = outer;
    }

    Map<String, EnvVariable> parse() {
      for (index = 0; index < lines.length; index++) {
        int lineNumber = index + 1;
        try {
          parseLine(lines[index].strip(), lineNumber);
        } catch (LineError e) {
          problems.add(new Problem(origin + ":" + lineNumber, e.variable, e.getMessage()));
        }
      }
      if (!problems.isEmpty()) {
        throw new EnvConfigurationException(problems);
      }
      return variables;
    }

    private void parseLine(String line, int lineNumber) {
      if (line.isEmpty() || line.startsWith("#")) {
        return;
      }
      if (line.startsWith("export ") || line.startsWith("export\t")) {
        line = line.substring(7).stripLeading();
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        throw new LineError("", "expected NAME=value");
      }
      String name = line.substring(0, eq).strip();
      if (!NAME.matcher(name).matches()) {
        throw new LineError("", "a variable name must be letters, digits and '_', not starting with a digit");
      }
      EnvVariable earlier = variables.get(name);
      if (earlier != null) {
        throw new LineError(name, "defined twice in this file (first on line " + earlier.line() + ")");
      }
      String value = value(name, line.substring(eq + 1).stripLeading());
      variables.put(name, new EnvVariable(name, value, origin, lineNumber));
    }

    private String value(String name, String raw) {
      if (raw.startsWith("'")) {
        int close = raw.indexOf('\'', 1);
        if (close < 0) {
          throw new LineError(name, "unterminated single quote");
        }
        requireNothingAfter(name, raw.substring(close + 1));
        return raw.substring(1, close);
      }
      if (raw.startsWith("\"")) {
        return doubleQuoted(name, raw.substring(1));
      }
      int comment = commentStart(raw);
      return expand(name, (comment < 0 ? raw : raw.substring(0, comment)).strip());
    }

    /** Where an unquoted value's comment starts: a '#' at the start or after whitespace. */
    private static int commentStart(String raw) {
      for (int i = 0; i < raw.length(); i++) {
        if (raw.charAt(i) == '#' && (i == 0 || raw.charAt(i - 1) == ' ' || raw.charAt(i - 1) == '\t')) {
          return i;
        }
      }
      return -1;
    }

    private String doubleQuoted(String name, String rest) {
      int openedOn = index + 1;
      StringBuilder out = new StringBuilder();
      String current = rest;
      while (true) {
        for (int i = 0; i < current.length(); i++) {
          char c = current.charAt(i);
          if (c == '"') {
            requireNothingAfter(name, current.substring(i + 1));
            return out.toString();
          }
          if (c == '\\') {
            if (i + 1 >= current.length()) {
              throw new LineError(name, "a backslash at the end of a line escapes nothing");
            }
            char e = current.charAt(++i);
            switch (e) {
              case 'n' -> out.append('\n');
              case 'r' -> out.append('\r');
              case 't' -> out.append('\t');
              case '"', '\\', '$' -> out.append(e);
              default -> throw new LineError(name, "unknown escape \\" + e + " (use \\n \\r \\t \\\" \\\\ or \\$)");
            }
          } else if (startsReference(current, i)) {
            i = appendReference(name, current, i, out);
          } else {
            out.append(c);
          }
        }
        if (index + 1 >= lines.length) {
          throw new LineError(name, "unterminated double quote (opened on line " + openedOn + ")");
        }
        out.append('\n');
        current = lines[++index];
      }
    }

    private void requireNothingAfter(String name, String after) {
      String rest = after.strip();
      if (!rest.isEmpty() && !rest.startsWith("#")) {
        throw new LineError(name, "unexpected text after the closing quote");
      }
    }

    /** Replaces {@code ${...}} references in an unquoted value. */
    private String expand(String name, String value) {
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (startsReference(value, i)) {
          i = appendReference(name, value, i, out);
        } else {
          out.append(c);
        }
      }
      return out.toString();
    }

    private static boolean startsReference(String text, int i) {
      return text.charAt(i) == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{';
    }

    /** Appends the value of the reference starting at {@code dollar}; returns the index of its '}'. */
    private int appendReference(String name, String text, int dollar, StringBuilder out) {
      int close = text.indexOf('}', dollar);
      if (close < 0) {
        throw new LineError(name, "a ${ reference is not closed with }");
      }
      out.append(resolve(name, text.substring(dollar + 2, close)));
      return close;
    }

    private String resolve(String name, String reference) {
      int dash = reference.indexOf(":-");
      String target = dash < 0 ? reference : reference.substring(0, dash);
      if (!NAME.matcher(target).matches()) {
        throw new LineError(name, "a reference must read ${NAME} or ${NAME:-default}");
      }
      EnvVariable local = variables.get(target);
      Optional<String> value = local != null ? Optional.of(local.value()) : outer.apply(target);
      if (dash >= 0 && value.map(String::isEmpty).orElse(true)) {
        return reference.substring(dash + 2);
      }
      return value.orElseThrow(() -> new LineError(name, "${" + target + "} is not defined"));
    }
  }

  /** A problem on the current line; carries the variable name when known. */
  private static final class LineError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String variable;

    LineError(String variable, String message) {
      super(message, null, false, false);
      this.variable = variable;
    }
  }
}
