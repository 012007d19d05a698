package dev.latchkey.keystore.env;

import dev.latchkey.Credential;
import dev.latchkey.CredentialSource;
import dev.latchkey.Verdict;
import dev.latchkey.hash.GeneratedKeys;
import dev.latchkey.hash.HashedKeyIndex;
import dev.latchkey.hash.KeyEntry;
import dev.latchkey.hash.Peppers;
import dev.latchkey.keystore.env.EnvConfigurationException.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * API keys from environment variables and dotenv files, in one or more {@link EnvLayout}s (Omnidev,
 * MooseStack, generic).
 *
 * <p>Where variables come from, lowest precedence first: {@code .env}, then {@code .env.local}, then
 * the real environment, so a deployment's environment always wins over files checked out with the
 * code. {@link Builder#filesOverrideEnvironment()} reverses that for local development. Files that
 * do not exist are skipped. {@code ${NAME}} references in a file see earlier files and the
 * environment.
 *
 * <p>Keys are indexed as digests when loaded (O(1), constant-time look-ups); plaintext values are not
 * kept. Loading fails with an {@link EnvConfigurationException} listing every problem with its file,
 * line and variable, never a value. {@link #refresh()} re-reads everything; if that fails, the keys
 * loaded before stay in force.
 *
 * <p>Thread-safe: verification reads an immutable snapshot and never blocks; refreshes are serialised.
 */
public final class EnvKeySource implements CredentialSource {
  /** The id used unless configured. */
  public static final String DEFAULT_ID = "env";

  private final String id;
  private final Map<String, String> environment;
  private final List<Path> dotenvFiles;
  private final boolean environmentWins;
  private final List<EnvLayout> layouts;
  private final Peppers peppers;
  private final HashedKeyIndex index;

  private EnvKeySource(Builder b) {
    this.id = b.id;
    this.environment = Map.copyOf(b.environment);
    this.dotenvFiles = List.copyOf(b.dotenvFiles);
    this.environmentWins = b.environmentWins;
    this.layouts = List.copyOf(b.layouts);
    this.peppers = b.peppers;
    HashedKeyIndex.Builder index = HashedKeyIndex.builder(b.id).clock(b.clock);
    if (b.generatedKeys != null) {
      index.generatedKeys(b.generatedKeys);
    }
    this.index = index.build();
  }

  /** A builder: the process environment, {@code .env} and {@code .env.local} in the working directory. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Verdict verify(Credential credential) {
    return index.verify(credential);
  }

  /** The loaded keys (hashes and metadata only). */
  public List<KeyEntry> keys() {
    return index.entries();
  }

  /**
   * Re-reads the environment map and the dotenv files and replaces the keys at once.
   *
   * @throws EnvConfigurationException if anything is wrong; the keys loaded before stay in force
   */
  public synchronized void refresh() {
    EnvVariables variables = merge();
    List<KeyEntry> entries = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    for (EnvLayout layout : layouts) {
      try {
        entries.addAll(layout.entries(variables, peppers));
      } catch (EnvConfigurationException e) {
        problems.addAll(e.problems());
      }
    }
    if (problems.isEmpty()) {
      try {
        index.replaceAll(entries);
        return;
      } catch (IllegalArgumentException duplicate) {
        // Two variables hold the same key, or two layouts used one id: both are named, not the key.
        problems.add(new Problem("environment", "", duplicate.getMessage()));
      }
    }
    throw new EnvConfigurationException(problems);
  }

  private EnvVariables merge() {
    Map<String, EnvVariable> fromFiles = new LinkedHashMap<>();
    List<Problem> problems = new ArrayList<>();
    for (Path file : dotenvFiles) {
      if (!Files.exists(file)) {
        continue;
      }
      try {
        fromFiles.putAll(Dotenv.read(file, name -> lookUp(name, fromFiles)));
      } catch (EnvConfigurationException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new EnvConfigurationException(problems);
    }
    Map<String, EnvVariable> merged = new LinkedHashMap<>();
    Map<String, EnvVariable> fromEnvironment = new LinkedHashMap<>();
    environment.forEach((k, v) -> fromEnvironment.put(k, new EnvVariable(k, v, EnvVariable.ENVIRONMENT, 0)));
    if (environmentWins) {
      merged.putAll(fromFiles);
      merged.putAll(fromEnvironment);
    } else {
      merged.putAll(fromEnvironment);
      merged.putAll(fromFiles);
    }
    return new EnvVariables(merged);
  }

  /** A reference from a file: earlier files, then the environment (or the reverse, as configured). */
  private Optional<String> lookUp(String name, Map<String, EnvVariable> fromFiles) {
    Optional<String> file = Optional.ofNullable(fromFiles.get(name)).map(EnvVariable::value);
    Optional<String> env = Optional.ofNullable(environment.get(name));
    return environmentWins ? env.or(() -> file) : file.or(() -> env);
  }

  @Override
  public String toString() {
    return "EnvKeySource[id=" + id + ", layouts=" + layouts + ", keys=" + index.size() + "]";
  }

  /** Configures an {@link EnvKeySource}. Not thread-safe. */
  public static final class Builder {
    private String id = DEFAULT_ID;
    private Map<String, String> environment = System.getenv();
    private List<Path> dotenvFiles = List.of(Path.of(".env"), Path.of(".env.local"));
    private boolean environmentWins = true;
    private final List<EnvLayout> layouts = new ArrayList<>();
    private Peppers peppers = Peppers.none();
    private Clock clock = Clock.systemUTC();
    private GeneratedKeys generatedKeys;

    private Builder() {}

    /** The source id; {@value EnvKeySource#DEFAULT_ID} by default. */
    public Builder id(String id) {
      this.id = Objects.requireNonNull(id, "id");
      return this;
    }

    /** The variables standing for the environment; the process environment by default. */
    public Builder environment(Map<String, String> environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /** Read {@code .env} and then {@code .env.local} from {@code directory}. */
    public Builder dotenvDirectory(Path directory) {
      return dotenvFiles(directory.resolve(".env"), directory.resolve(".env.local"));
    }

    /** Read these dotenv files, each overriding the ones before it. */
    public Builder dotenvFiles(Path... files) {
      this.dotenvFiles = List.of(files);
      return this;
    }

    /** Read no dotenv files. */
    public Builder noDotenvFiles() {
      this.dotenvFiles = List.of();
      return this;
    }

    /** Let dotenv files override the environment (for local development); the default is the reverse. */
    public Builder filesOverrideEnvironment() {
      this.environmentWins = false;
      return this;
    }

    /** Adds a layout to read keys in; at least one is required. */
    public Builder layout(EnvLayout layout) {
      layouts.add(Objects.requireNonNull(layout, "layout"));
      return this;
    }

    /** Peppers for keyed hashes ({@code hmac-sha256:<id>:…}) in the generic layout. */
    public Builder peppers(Peppers peppers) {
      this.peppers = Objects.requireNonNull(peppers, "peppers");
      return this;
    }

    /** The clock expiry is judged by. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Refuse keys of this generated format whose checksum is wrong, before any digest. */
    public Builder generatedKeys(GeneratedKeys generatedKeys) {
      this.generatedKeys = Objects.requireNonNull(generatedKeys, "generatedKeys");
      return this;
    }

    /**
     * Loads the keys.
     *
     * @throws IllegalStateException if no layout was added
     * @throws EnvConfigurationException listing every problem in the variables and files
     */
    public EnvKeySource build() {
      if (layouts.isEmpty()) {
        throw new IllegalStateException("add at least one layout, such as EnvLayout.omnidev()");
      }
      EnvKeySource source = new EnvKeySource(this);
      source.refresh();
      return source;
    }
  }
}
