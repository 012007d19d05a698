package dev.latchkey.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One value of a configuration document, in a form that does not depend on the file format: a
 * {@link Scalar}, a {@link Sequence}, a {@link Mapping} or an {@link Empty} value, each with the
 * {@link Location} it was read from. A reader (such as the YAML one in {@code latchkey-keystore-file})
 * builds the tree; {@link Settings} reads it for {@link CredentialSourceFactory factories}, recording
 * problems with their line and column.
 *
 * <p>Scalars hold configured values, which may be secrets (a key after {@code ${VAR}} expansion):
 * {@code toString} never prints a scalar's value, only its location. Immutable and thread-safe.
 */
public sealed interface ConfigNode
    permits ConfigNode.Scalar, ConfigNode.Sequence, ConfigNode.Mapping, ConfigNode.Empty {

  /**
   * Where the value starts.
   *
   * @return the location; never null
   */
  Location location();

  /**
   * A short name of the node's kind for messages: {@code a text value}, {@code a list}, {@code a mapping},
   * {@code an empty value}.
   *
   * @return the kind, with its article, for use in a sentence
   */
  String kind();

  /**
   * A place in a configuration file.
   *
   * @param file the file, as given to the reader
   * @param line the 1-based line, or 0 if unknown
   * @param column the 1-based column, or 0 if unknown
   */
  record Location(String file, int line, int column) {
    /**
     * Rejects a null file and negative positions.
     *
     * @param file the file, as given to the reader
     * @param line the 1-based line, or 0 if unknown
     * @param column the 1-based column, or 0 if unknown
     */
    public Location {
      Objects.requireNonNull(file, "file");
      if (line < 0 || column < 0) {
        throw new IllegalArgumentException("line and column are 1-based, or 0 when unknown");
      }
    }

    /** {@code file:line:column}, leaving out what is unknown. */
    @Override
    public String toString() {
      return file + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "");
    }
  }

  /**
   * A text value, after any variable expansion the reader does. Numbers and booleans are scalars
   * too; {@link Settings} converts them.
   *
   * <p>A reference that could not be expanded (an unset variable without a default, a malformed
   * {@code ${…}}) is not an error of the document: it becomes {@link #expansionProblem()}, reported only
   * if the value is read, so a file may hold references for settings other programs read.
   *
   * @param value the text; may be a secret, so it is never printed
   * @param variables the names of the variables expanded into it, in order (none if it had no
   *     {@code ${…}} reference), so a problem can name the variable at fault
   * @param expansionProblem why the value could not be expanded, naming the variable, never a value
   * @param location where it starts
   */
  record Scalar(String value, List<String> variables, Optional<String> expansionProblem, Location location)
      implements ConfigNode {
    /**
     * Rejects nulls and copies the variable names.
     *
     * @param value the text; may be a secret, so it is never printed
     * @param variables the names of the variables expanded into it, in order (none if it had no {@code ${…}}
     *     reference), so a problem can name the variable at fault
     * @param expansionProblem why the value could not be expanded, naming the variable, never a value
     * @param location where it starts
     */
    public Scalar {
      Objects.requireNonNull(value, "value");
      variables = List.copyOf(variables);
      Objects.requireNonNull(expansionProblem, "expansionProblem");
      Objects.requireNonNull(location, "location");
    }

    /**
     * A text value that referenced no variable.
     *
     * @param value the text
     * @param location where it starts
     */
    public Scalar(String value, Location location) {
      this(value, List.of(), Optional.empty(), location);
    }

    @Override
    public String kind() {
      return "a text value";
    }

    /** The location and variable names only: the value may be a secret. */
    @Override
    public String toString() {
      return "Scalar[" + location + (variables.isEmpty() ? "" : ", from " + variables) + "]";
    }
  }

  /**
   * A list.
   *
   * @param items the items, in order
   * @param location where the list starts
   */
  record Sequence(List<ConfigNode> items, Location location) implements ConfigNode {
    /**
     * Copies the items.
     *
     * @param items the items, in order
     * @param location where the list starts
     */
    public Sequence {
      items = List.copyOf(items);
      Objects.requireNonNull(location, "location");
    }

    @Override
    public String kind() {
      return "a list";
    }
  }

  /**
   * A mapping of names to values, in document order. A reader never builds one with a name twice.
   *
   * @param fields the entries, in order
   * @param location where the mapping starts
   */
  record Mapping(List<Field> fields, Location location) implements ConfigNode {
    /**
     * Copies the fields.
     *
     * @param fields the entries, in order
     * @param location where the mapping starts
     * @throws IllegalArgumentException if two fields have the same name
     */
    public Mapping {
      fields = List.copyOf(fields);
      Objects.requireNonNull(location, "location");
      List<String> names = new ArrayList<>();
      for (Field f : fields) {
        if (names.contains(f.name())) {
          throw new IllegalArgumentException(f.nameLocation() + ": '" + f.name() + "' is given twice");
        }
        names.add(f.name());
      }
    }

    /**
     * The field named {@code name}, if there is one.
     *
     * @param name the key, matched exactly
     * @return the field; empty if the mapping has no such key
     */
    public Optional<Field> field(String name) {
      for (Field f : fields) {
        if (f.name().equals(name)) {
          return Optional.of(f);
        }
      }
      return Optional.empty();
    }

    /**
     * The value named {@code name}, if there is one.
     *
     * @param name the key, matched exactly
     * @return the field's value; empty if the mapping has no such key
     */
    public Optional<ConfigNode> get(String name) {
      return field(name).map(Field::value);
    }

    @Override
    public String kind() {
      return "a mapping";
    }
  }

  /**
   * One entry of a {@link Mapping}.
   *
   * @param name the entry's name (a configuration key, never a secret)
   * @param nameLocation where the name is
   * @param value the value
   */
  record Field(String name, Location nameLocation, ConfigNode value) {
    /**
     * Rejects nulls.
     *
     * @param name the entry's name (a configuration key, never a secret)
     * @param nameLocation where the name is
     * @param value the value
     */
    public Field {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(nameLocation, "nameLocation");
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * No value: a key written without one, or YAML's {@code null} and {@code ~}.
   *
   * @param location where the value would be
   */
  record Empty(Location location) implements ConfigNode {
    /**
     * Rejects a null location.
     *
     * @param location where the value would be
     */
    public Empty {
      Objects.requireNonNull(location, "location");
    }

    @Override
    public String kind() {
      return "an empty value";
    }
  }
}
