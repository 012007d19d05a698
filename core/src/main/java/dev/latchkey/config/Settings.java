package dev.latchkey.config;

import dev.latchkey.ConfigurationException;
import dev.latchkey.ConfigurationException.Problem;
import dev.latchkey.Principal;
import dev.latchkey.Secret;
import dev.latchkey.config.ConfigNode.Location;
import dev.latchkey.policy.IpAllowlist;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A section of a configuration document (a {@link ConfigNode.Mapping}) read setting by setting, with
 * every problem recorded rather than thrown, so that one pass reports everything wrong in a file.
 *
 * <p>Each accessor converts a value and, when it cannot, records a {@link Problem} naming the file,
 * line, column and key path (such as {@code sources[1].issuers[0].audiences}) and returns an empty
 * result; reading goes on. A problem never quotes the configured value, which may be a secret. The
 * sections of one document share one list of problems: {@link #problems()} and
 * {@link #throwIfProblems()} see all of them. {@link #reportUnread()} turns every setting nobody read
 * into a problem, which catches misspelt keys.
 *
 * <p>Not thread-safe: one loader reads a document on one thread.
 */
public final class Settings {
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");

  private final ConfigNode.Mapping mapping;
  private final String keyPath;
  private final Path directory;
  private final List<Problem> problems;
  private final Set<String> read = new LinkedHashSet<>();
  private final Map<String, List<Settings>> children = new LinkedHashMap<>();
  private boolean unreadReported;

  private Settings(ConfigNode.Mapping mapping, String keyPath, Path directory, List<Problem> problems) {
    this.mapping = mapping;
    this.keyPath = keyPath;
    this.directory = directory;
    this.problems = problems;
  }

  /**
   * The settings of a whole document.
   *
   * @param root the document's top-level mapping
   * @param directory the directory relative file names are resolved against (usually the document's own)
   * @return the settings of {@code root}, with no problems recorded yet
   */
  public static Settings of(ConfigNode.Mapping root, Path directory) {
    return new Settings(
        Objects.requireNonNull(root, "root"), "", Objects.requireNonNull(directory, "directory"), new ArrayList<>());
  }

  /**
   * The key path of this section, such as {@code sources[2]}; empty for the document itself.
   *
   * @return the key path; empty for the document itself
   */
  public String keyPath() {
    return keyPath;
  }

  /**
   * The key path of the setting {@code name} in this section.
   *
   * @param name a setting in this section
   * @return the full key path, such as {@code sources[2].file}
   */
  public String keyPath(String name) {
    return keyPath.isEmpty() ? name : keyPath + "." + name;
  }

  /**
   * Where this section starts.
   *
   * @return the location of this section's mapping
   */
  public Location location() {
    return mapping.location();
  }

  /**
   * The directory relative file names are resolved against.
   *
   * @return the directory; never null
   */
  public Path directory() {
    return directory;
  }

  /**
   * The names of the settings in this section, in document order.
   *
   * @return the names, unmodifiable; empty if the section is empty
   */
  public List<String> names() {
    return mapping.fields().stream().map(ConfigNode.Field::name).toList();
  }

  /**
   * Whether the setting {@code name} is present (with any value, even an empty one).
   *
   * @param name the setting's name
   * @return {@code true} if the setting is present
   */
  public boolean has(String name) {
    return mapping.field(name).isPresent();
  }

  /**
   * The raw value of {@code name}, marking it read; empty if absent.
   *
   * @param name the setting's name
   * @return the value as parsed; empty if absent
   */
  public Optional<ConfigNode> node(String name) {
    read.add(name);
    return mapping.get(name);
  }

  /**
   * The text of {@code name}; a problem if it is not a text value. An empty value counts as absent.
   *
   * @param name the setting's name
   * @return the text; empty if absent, empty or wrong (the problem then recorded)
   */
  public Optional<String> text(String name) {
    Optional<ConfigNode> node = node(name);
    if (node.isEmpty() || node.get() instanceof ConfigNode.Empty) {
      return Optional.empty();
    }
    if (node.get() instanceof ConfigNode.Scalar scalar) {
      if (scalar.expansionProblem().isPresent()) {
        problem(name, scalar.expansionProblem().get());
        return Optional.empty();
      }
      return Optional.of(scalar.value());
    }
    problem(name, "must be a text value, not " + node.get().kind());
    return Optional.empty();
  }

  /**
   * The names of the variables expanded into the text value {@code name}, as {@code ${NAME}} for
   * messages, such as {@code " (from ${API_KEY_ADMIN})"}; empty text when it referenced none.
   *
   * @param name the setting's name
   * @return the variable note, starting with a space; empty text if none was referenced or the setting is
   *     absent
   */
  public String variablesOf(String name) {
    return mapping.get(name)
        .filter(ConfigNode.Scalar.class::isInstance)
        .map(n -> ((ConfigNode.Scalar) n).variables())
        .filter(v -> !v.isEmpty())
        .map(v -> " (from " + String.join(", ", v.stream().map(x -> "${" + x + "}").toList()) + ")")
        .orElse("");
  }

  /**
   * As {@link #text(String)}, recording a problem if the setting is absent or empty.
   *
   * @param name the setting's name
   * @return the text; empty if absent, empty or wrong (the problem then recorded)
   */
  public Optional<String> requiredText(String name) {
    Optional<String> text = text(name);
    if (text.isEmpty() && !isWrongKind(name)) {
      problem(name, "is required");
    }
    return text;
  }

  /**
   * The text of {@code name} as a {@link Secret}; the value is never put in a problem.
   *
   * @param name the setting's name
   * @return the secret; empty if absent, empty or wrong (the problem then recorded)
   */
  public Optional<Secret> secret(String name) {
    return text(name).map(Secret::of);
  }

  /**
   * The text of {@code name} if it is one of {@code allowed} (compared exactly); a problem naming
   * the allowed values otherwise.
   *
   * @param name the setting's name
   * @param allowed the accepted values
   * @return the text; empty if absent or not allowed (the problem then recorded)
   */
  public Optional<String> choice(String name, String... allowed) {
    Optional<String> text = text(name);
    if (text.isPresent() && !List.of(allowed).contains(text.get())) {
      problem(name, "must be one of " + String.join(", ", allowed));
      return Optional.empty();
    }
    return text;
  }

  /**
   * {@code true} or {@code false} (any case); a problem otherwise.
   *
   * @param name the setting's name
   * @return the flag; empty if absent or wrong (the problem then recorded)
   */
  public Optional<Boolean> flag(String name) {
    Optional<String> text = text(name);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String t = text.get().toLowerCase(Locale.ROOT);
    if (t.equals("true") || t.equals("false")) {
      return Optional.of(t.equals("true"));
    }
    problem(name, "must be true or false");
    return Optional.empty();
  }

  /**
   * As {@link #flag(String)}, with {@code otherwise} when absent or wrong.
   *
   * @param name the setting's name
   * @param otherwise the value to use when the setting is absent or wrong
   * @return the flag, or {@code otherwise}
   */
  public boolean flag(String name, boolean otherwise) {
    return flag(name).orElse(otherwise);
  }

  /**
   * A whole number from {@code min} to {@code max}; a problem otherwise.
   *
   * @param name the setting's name
   * @param min the smallest value allowed
   * @param max the largest value allowed
   * @return the number ({@code _} may separate digits); empty if absent or wrong (the problem then recorded)
   */
  public Optional<Long> number(String name, long min, long max) {
    Optional<String> text = text(name);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      long value = Long.parseLong(text.get().replace("_", ""));
      if (value >= min && value <= max) {
        return Optional.of(value);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problem(name, "must be a whole number from " + min + " to " + max);
    return Optional.empty();
  }

  /**
   * A duration: a whole number followed by {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}
   * ({@code 30s}, {@code 5m}), or ISO-8601 ({@code PT5M}). A problem if it is neither, or not positive.
   *
   * @param name the setting's name
   * @return the duration, positive; empty if absent or wrong (the problem then recorded)
   */
  public Optional<Duration> duration(String name) {
    Optional<String> text = text(name);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Optional<Duration> parsed = parseDuration(text.get().strip());
    if (parsed.isEmpty() || parsed.get().isNegative() || parsed.get().isZero()) {
      problem(name, "must be a positive duration such as 30s, 5m, 1h or PT5M");
      return Optional.empty();
    }
    return parsed;
  }

  private static Optional<Duration> parseDuration(String text) {
    Matcher m = DURATION.matcher(text);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      switch (m.group(2)) {
        case "ms":
          return Optional.of(Duration.ofMillis(n));
        case "s":
          return Optional.of(Duration.ofSeconds(n));
        case "m":
          return Optional.of(Duration.ofMinutes(n));
        case "h":
          return Optional.of(Duration.ofHours(n));
        default:
          return Optional.of(Duration.ofDays(n));
      }
    }
    try {
      return Optional.of(Duration.parse(text));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  /**
   * An instant: an RFC 3339 timestamp with an offset ({@code 2027-01-31T12:00:00Z}) or a date
   * ({@code 2027-01-31}, the start of that day in UTC). A problem otherwise.
   *
   * @param name the setting's name
   * @return the instant; empty if absent or wrong (the problem then recorded)
   */
  public Optional<Instant> instant(String name) {
    Optional<String> text = text(name);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String t = text.get().strip();
    try {
      return Optional.of(OffsetDateTime.parse(t).toInstant());
    } catch (DateTimeException e) {
      // not a timestamp; perhaps a date
    }
    try {
      return Optional.of(LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant());
    } catch (DateTimeException e) {
      problem(name, "must be an RFC 3339 timestamp with an offset (2027-01-31T12:00:00Z) or a date (2027-01-31)");
      return Optional.empty();
    }
  }

  /**
   * A file name, resolved against {@link #directory()} when relative.
   *
   * @param name the setting's name
   * @return the path, resolved against {@link #directory()} when relative; empty if absent or wrong (the
   *     problem then recorded)
   */
  public Optional<Path> file(String name) {
    Optional<String> text = text(name);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(directory.resolve(text.get()).normalize());
    } catch (InvalidPathException e) {
      problem(name, "is not a valid file name");
      return Optional.empty();
    }
  }

  /**
   * As {@link #file(String)}, recording a problem if the setting is absent.
   *
   * @param name the setting's name
   * @return the path; empty if absent or wrong (the problem then recorded)
   */
  public Optional<Path> requiredFile(String name) {
    Optional<Path> file = file(name);
    if (!has(name)) {
      problem(name, "is required");
    }
    return file;
  }

  /**
   * As {@link #file(String)}, recording a problem at the setting if the file named does not exist, is
   * a directory or cannot be read, so a missing file is reported with the line and key that name it.
   *
   * @param name the setting
   * @return the resolved path of a readable regular file; empty if absent or unusable
   */
  public Optional<Path> existingFile(String name) {
    return file(name).filter(path -> isReadableFile(name, path));
  }

  /**
   * As {@link #existingFile(String)}, recording a problem if the setting is absent.
   *
   * @param name the setting
   * @return the resolved path of a readable regular file; empty if absent or unusable
   */
  public Optional<Path> requiredExistingFile(String name) {
    return requiredFile(name).filter(path -> isReadableFile(name, path));
  }

  private boolean isReadableFile(String name, Path path) {
    if (java.nio.file.Files.isDirectory(path)) {
      problem(name, path + " is a directory, not a file");
      return false;
    }
    if (!java.nio.file.Files.exists(path)) {
      problem(name, path + " does not exist" + (path.isAbsolute() && !text(name).map(t -> Path.of(t).isAbsolute()).orElse(true)
          ? " (relative names are resolved against the configuration file's folder)" : ""));
      return false;
    }
    if (!java.nio.file.Files.isReadable(path)) {
      problem(name, path + " cannot be read (permission denied)");
      return false;
    }
    return true;
  }

  /**
   * The text values of {@code name}: a list of text values, or one text value standing for a list of
   * one. Empty if absent; a problem for each item that is not a text value.
   *
   * @param name the setting's name
   * @return the text values in order, unmodifiable; never null
   */
  public List<String> texts(String name) {
    Optional<ConfigNode> node = node(name);
    if (node.isEmpty() || node.get() instanceof ConfigNode.Empty) {
      return List.of();
    }
    if (node.get() instanceof ConfigNode.Scalar) {
      return text(name).map(List::of).orElse(List.of());
    }
    if (!(node.get() instanceof ConfigNode.Sequence sequence)) {
      problem(name, "must be a list of text values, not " + node.get().kind());
      return List.of();
    }
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < sequence.items().size(); i++) {
      ConfigNode item = sequence.items().get(i);
      if (item instanceof ConfigNode.Scalar scalar && scalar.expansionProblem().isPresent()) {
        add(item.location(), keyPath(name) + "[" + i + "]", scalar.expansionProblem().get());
      } else if (item instanceof ConfigNode.Scalar scalar) {
        texts.add(scalar.value());
      } else {
        add(item.location(), keyPath(name) + "[" + i + "]", "must be a text value, not " + item.kind());
      }
    }
    return List.copyOf(texts);
  }

  /**
   * IP addresses and CIDR ranges ({@code 10.0.0.0/8}, {@code 2001:db8::/32}), as {@link #texts(String)}
   * reads them; a problem for each entry that is not one (named by its position, never quoted), and
   * for a list that is present but empty. Empty if absent or wrong.
   *
   * @param name the setting's name
   * @return the entries as written, unmodifiable; never null
   */
  public List<String> addresses(String name) {
    int before = problemCount();
    List<String> entries = texts(name);
    for (int i = 0; i < entries.size(); i++) {
      try {
        IpAllowlist.of(entries.get(i));
      } catch (IllegalArgumentException e) {
        // The exception quotes the entry; the problem names its position instead.
        problem(name, i, "is not an IP address or CIDR range");
      }
    }
    if (has(name) && entries.isEmpty() && problemCount() == before) {
      problem(name, "must list at least one address or range (leave it out for no restriction)");
    }
    return problemCount() > before ? List.of() : entries;
  }

  /**
   * Role names, as {@link #texts(String)} reads them; a problem for each that no principal may have
   * (one with a control character, see {@link Principal#problemWith(String)}), named by
   * its position, never quoted.
   *
   * @param name the setting
   * @return the roles; empty if absent or if any is refused
   */
  public List<String> roles(String name) {
    int before = problemCount();
    List<String> roles = texts(name);
    for (int i = 0; i < roles.size(); i++) {
      Optional<String> problem = Principal.problemWith(roles.get(i));
      if (problem.isPresent()) {
        problem(name, i, problem.get() + ", which no role may");
      }
    }
    return problemCount() > before ? List.of() : roles;
  }

  /**
   * The section {@code name}; empty if absent or empty, a problem if it is not a mapping.
   *
   * @param name the setting's name
   * @return the section, sharing this document's problems; empty if absent, empty or wrong
   */
  public Optional<Settings> section(String name) {
    Optional<ConfigNode> node = node(name);
    if (node.isEmpty() || node.get() instanceof ConfigNode.Empty) {
      return Optional.empty();
    }
    if (!(node.get() instanceof ConfigNode.Mapping m)) {
      problem(name, "must be a mapping, not " + node.get().kind());
      return Optional.empty();
    }
    return Optional.of(children.computeIfAbsent(name, n -> List.of(child(m, keyPath(n)))).get(0));
  }

  /**
   * As {@link #section(String)}, recording a problem if it is absent.
   *
   * @param name the setting's name
   * @return the section; empty if absent or wrong (the problem then recorded)
   */
  public Optional<Settings> requiredSection(String name) {
    Optional<Settings> section = section(name);
    if (section.isEmpty() && !isWrongKind(name)) {
      problem(name, "is required");
    }
    return section;
  }

  /**
   * The list of sections {@code name}; empty if absent, a problem for each item that is not a mapping.
   *
   * @param name the setting's name
   * @return the sections in order, sharing this document's problems, unmodifiable; never null
   */
  public List<Settings> sections(String name) {
    Optional<ConfigNode> node = node(name);
    if (node.isEmpty() || node.get() instanceof ConfigNode.Empty) {
      return List.of();
    }
    if (!(node.get() instanceof ConfigNode.Sequence sequence)) {
      problem(name, "must be a list of mappings, not " + node.get().kind());
      return List.of();
    }
    return children.computeIfAbsent(name, n -> {
      List<Settings> list = new ArrayList<>();
      for (int i = 0; i < sequence.items().size(); i++) {
        ConfigNode item = sequence.items().get(i);
        String path = keyPath(n) + "[" + i + "]";
        if (item instanceof ConfigNode.Mapping m) {
          list.add(child(m, path));
        } else {
          add(item.location(), path, "must be a mapping, not " + item.kind());
        }
      }
      return List.copyOf(list);
    });
  }

  private Settings child(ConfigNode.Mapping m, String path) {
    return new Settings(m, path, directory, problems);
  }

  /** Whether {@code name} is present with a value of a kind already reported as wrong. */
  private boolean isWrongKind(String name) {
    return mapping.get(name).filter(n -> !(n instanceof ConfigNode.Empty)).isPresent();
  }

  /**
   * Records a problem with the setting {@code name} (at its value, or at this section if absent).
   *
   * @param name the setting's name
   * @param message what is wrong, without the configured value
   */
  public void problem(String name, String message) {
    Location where = mapping.get(name).map(ConfigNode::location).orElse(mapping.location());
    add(where, keyPath(name), message);
  }

  /**
   * Records a problem with item {@code index} of the list {@code name}.
   *
   * @param name the list setting's name
   * @param index the 0-based position of the item at fault
   * @param message what is wrong, without the configured value
   */
  public void problem(String name, int index, String message) {
    Location where = mapping.get(name)
        .filter(ConfigNode.Sequence.class::isInstance)
        .map(n -> ((ConfigNode.Sequence) n).items())
        .filter(items -> index >= 0 && index < items.size())
        .map(items -> items.get(index).location())
        .orElse(mapping.get(name).map(ConfigNode::location).orElse(mapping.location()));
    add(where, keyPath(name) + "[" + index + "]", message);
  }

  /**
   * Records a problem with this section as a whole.
   *
   * @param message what is wrong, without any configured value
   */
  public void problem(String message) {
    add(mapping.location(), keyPath, message);
  }

  /**
   * Records a problem, unless the same setting already has one: the first problem found with a setting
   * is its cause (an unset variable makes the value missing, and missing is not a second problem).
   */
  private void add(Location where, String key, String message) {
    for (Problem known : problems) {
      if (known.key().equals(key) && known.file().equals(where.file()) && !key.isEmpty()) {
        return;
      }
    }
    problems.add(new Problem(where.file(), where.line(), where.column(), key, message));
  }

  /**
   * A hint for a misspelt name: {@code " (did you mean NAME?)"} naming the closest of {@code known}
   * within two edits (one for names of four letters or fewer), or empty text if none is that close.
   *
   * @param name the name written
   * @param known the names that would be understood here
   * @return the hint, with a leading space, or empty text
   */
  public static String didYouMean(String name, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    int allowed = name.length() <= 4 ? 1 : 2;
    for (String candidate : known) {
      int d = editDistance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (d > 0 && d <= allowed && d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best == null ? "" : " (did you mean " + best + "?)";
  }

  /** Levenshtein distance, with a swap of two neighbours counting as one edit. */
  private static int editDistance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  /**
   * Records problems found elsewhere, such as those of a {@link ConfigurationException} a source's
   * builder threw, so that they are reported with this document's.
   *
   * @param found the problems to add, in order
   */
  public void problems(List<Problem> found) {
    problems.addAll(found);
  }

  /**
   * Records a problem for every setting of this section and of the sections read from it that was
   * never read: usually a misspelt key.
   */
  public void reportUnread() {
    if (unreadReported) {
      return;
    }
    unreadReported = true;
    List<String> absent = new ArrayList<>();
    for (String name : read) {
      if (mapping.get(name).isEmpty()) {
        absent.add(name);
      }
    }
    for (ConfigNode.Field field : mapping.fields()) {
      if (!read.contains(field.name())) {
        Location at = field.nameLocation();
        add(at, keyPath(field.name()), "is not a known setting here" + didYouMean(field.name(), absent));
      }
    }
    children.values().forEach(list -> list.forEach(Settings::reportUnread));
  }

  /**
   * Never report this section's unread settings: for a section already refused as a whole (a source
   * of an unknown type), whose settings cannot be judged.
   */
  public void ignoreUnread() {
    unreadReported = true;
  }

  /**
   * Every problem recorded so far in this document, file by file (in the order the files were first
   * named) and in line and column order within each file.
   *
   * @return the problems
   */
  public List<Problem> problems() {
    List<String> files = new ArrayList<>();
    for (Problem p : problems) {
      if (!files.contains(p.file())) {
        files.add(p.file());
      }
    }
    List<Problem> sorted = new ArrayList<>(problems);
    sorted.sort(Comparator.comparingInt((Problem p) -> files.indexOf(p.file()))
        .thenComparingInt(Problem::line)
        .thenComparingInt(Problem::column));
    return List.copyOf(sorted);
  }

  /**
   * The number of problems recorded so far in this document.
   *
   * @return the count, across every section of the document
   */
  public int problemCount() {
    return problems.size();
  }

  /**
   * Throws if any problem was recorded in this document.
   *
   * @throws ConfigurationException listing every problem
   */
  public void throwIfProblems() {
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems());
    }
  }

  @Override
  public String toString() {
    return "Settings[" + (keyPath.isEmpty() ? "(document)" : keyPath) + " at " + mapping.location() + "]";
  }
}
