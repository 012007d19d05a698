package dev.latchkey.keystore.env;

import dev.latchkey.ConfigurationException;
import dev.latchkey.Credential;
import dev.latchkey.CredentialSource;
import dev.latchkey.Health;
import dev.latchkey.Verdict;
import dev.latchkey.hash.GeneratedKeys;
import dev.latchkey.hash.HashedKeyIndex;
import dev.latchkey.hash.KeyEntry;
import dev.latchkey.hash.Peppers;
import dev.latchkey.keystore.env.EnvConfigurationException.Problem;
import dev.latchkey.spi.Background;
import dev.latchkey.spi.BackgroundSource;
import dev.latchkey.spi.HealthReporting;
import dev.latchkey.spi.Reload;
import dev.latchkey.spi.ReloadingFile;
import dev.latchkey.spi.WatchedFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

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
 * <p>Keys are indexed as digests when loaded (O(1), constant-time look-ups); plaintext values of the
 * dotenv files are not kept. Loading fails with an {@link EnvConfigurationException} listing every
 * problem with its file, line and variable, never a value.
 *
 * <p><b>What changes under a running program.</b> The environment is read once, when the source is
 * built: a process's environment does not change after it starts. The dotenv files can, and each is
 * watched through {@link ReloadingFile} (size, time and identity, then the content's digest): when one
 * changes, the whole set of files is read again with the environment and the keys are replaced at once.
 * The files count as one configuration: while any of them is broken, or a file that was loaded has
 * disappeared, the keys loaded before stay in force, and the problem is logged once, then at most once
 * a minute. To drop a file's keys, empty it. A file that did not exist when the source was built is
 * picked up when it appears.
 *
 * <p><b>Where checks run:</b> on the authenticator's background (one shared daemon thread, or the
 * executor the host gave {@code Latchkey.Builder.scheduler}), every {@link Builder#checkInterval check
 * interval}; never on a request thread. A source used on its own is checked only by {@link #refresh()},
 * until it is {@link #start started} with a background.
 *
 * <p>Thread-safe: verification reads an immutable snapshot and never blocks; reloads are serialised.
 */
public final class EnvKeySource implements CredentialSource, BackgroundSource, HealthReporting {
  /** The id used unless configured. */
  public static final String DEFAULT_ID = "env";
  /** How often the dotenv files are checked for changes unless configured. */
  public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(5);

  private final String id;
  private final Map<String, String> environment;
  private final List<Path> dotenvPaths;
  private final boolean environmentWins;
  private final List<EnvLayout> layouts;
  private final Peppers peppers;
  private final Optional<Duration> checkInterval;
  private final HashedKeyIndex index;
  /** One per dotenv file, in {@link #dotenvPaths} order; each value is the number of keys its reload put in force. */
  private final List<ReloadingFile<Integer>> dotenvFiles = new ArrayList<>();
  private final Object reloading = new Object();
  private final AtomicBoolean started = new AtomicBoolean();

  private EnvKeySource(Builder b) {
    this.id = b.id;
    this.environment = Map.copyOf(b.environment);
    this.dotenvPaths = List.copyOf(b.dotenvFiles);
    this.environmentWins = b.environmentWins;
    this.layouts = List.copyOf(b.layouts);
    this.peppers = b.peppers;
    this.checkInterval = b.checkInterval;
    HashedKeyIndex.Builder index = HashedKeyIndex.builder(b.id).clock(b.clock);
    if (b.generatedKeys != null) {
      index.generatedKeys(b.generatedKeys);
    }
    this.index = index.build();
    try {
      for (int i = 0; i < dotenvPaths.size(); i++) {
        int changed = i;
        // Each existing file's first load reads the whole set, as every later reload does.
        dotenvFiles.add(ReloadingFile.builder(dotenvPaths.get(i), content -> reloadWith(changed, content))
            .describedAs("API keys", keys -> keys)
            .loggingAs(EnvKeySource.class)
            .clock(b.clock)
            .loadIfExists(0));
      }
    } catch (ConfigurationException e) {
      throw asEnvProblem(e);
    }
    if (dotenvFiles.stream().noneMatch(ReloadingFile::hasBeenLoaded)) {
      publish(merge(Optional.empty()));
    }
  }

  /**
   * A builder: the process environment, {@code .env} and {@code .env.local} in the working directory.
   *
   * @return a new builder, with no layout yet
   */
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

  /**
   * The loaded keys (hashes and metadata only).
   *
   * @return the entries, unmodifiable; never holding a secret
   */
  public List<KeyEntry> keys() {
    return index.entries();
  }

  /**
   * {@code UP} while every dotenv file's content is in force, {@code DEGRADED} while a change to one
   * could not be loaded and the keys loaded before serve. Details: {@code keys}, how many are loaded;
   * components: each dotenv file by its path, as {@link ReloadingFile#health()} reports it (the last
   * failure as {@code file:line}, never a value). Never reads a file or the environment; thread-safe.
   *
   * @return the health
   */
  @Override
  public Health health() {
    Map<String, Health> files = new LinkedHashMap<>();
    for (ReloadingFile<Integer> file : dotenvFiles) {
      files.put(file.path().toString(), file.health());
    }
    return Health.aggregate(files).withDetail("keys", index.size());
  }

  /**
   * Checks every dotenv file now, waiting for a check in progress, and replaces the keys if one
   * changed. The environment is not read again: it cannot change under a running process.
   *
   * @return {@link Reload.Failed} with every problem if a change cannot be loaded (the keys loaded
   *     before stay in force); otherwise {@link Reload.Reloaded} with the number of keys if a file
   *     changed, or {@link Reload#unchanged()}
   */
  public Reload refresh() {
    Set<ConfigurationException.Problem> problems = new LinkedHashSet<>();
    boolean reloaded = false;
    for (ReloadingFile<Integer> file : dotenvFiles) {
      Reload outcome = file.reload();
      if (outcome instanceof Reload.Failed failed) {
        problems.addAll(failed.problems());
      }
      reloaded |= outcome instanceof Reload.Reloaded;
    }
    if (!problems.isEmpty()) {
      return Reload.failed(List.copyOf(problems));
    }
    return reloaded ? Reload.reloaded(index.size()) : Reload.unchanged();
  }

  /**
   * Schedules a check of each dotenv file every check interval on {@code background} (none if
   * automatic reloading is off or there are no dotenv files). Called by
   * {@code Latchkey.Builder.build()}; starting a started source does nothing.
   *
   * @param background where the checks run
   */
  @Override
  public void start(Background background) {
    Objects.requireNonNull(background, "background");
    if (started.compareAndSet(false, true)) {
      checkInterval.ifPresent(interval -> dotenvFiles.forEach(file -> file.watch(background, interval)));
    }
  }

  /**
   * Reads every dotenv file, with {@code content} standing for file {@code changed}, and puts the keys
   * in force.
   *
   * @return how many keys are in force
   * @throws ConfigurationException with every problem; the keys in force stay
   */
  private int reloadWith(int changed, WatchedFile.Content content) {
    try {
      // One reload at a time, so a reload that read older files never replaces a newer one's keys.
      synchronized (reloading) {
        return publish(merge(Optional.of(new Changed(changed, content.bytes()))));
      }
    } catch (EnvConfigurationException e) {
      ConfigurationException problems =
          new ConfigurationException(e.problems().stream().map(Problem::toConfigurationProblem).toList());
      problems.initCause(e);
      throw problems;
    }
  }

  /** A content of dotenv file {@code index} that is not yet in force. */
  private record Changed(int index, byte[] bytes) {}

  /**
   * Replaces the keys with those of {@code variables}.
   *
   * @return how many keys are in force
   * @throws EnvConfigurationException with every problem; the keys in force stay
   */
  private int publish(EnvVariables variables) {
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
        return entries.size();
      } catch (IllegalArgumentException duplicate) {
        // Two variables hold the same key, or two layouts used one id: both are named, not the key.
        problems.add(new Problem("environment", "", duplicate.getMessage()));
      }
    }
    throw new EnvConfigurationException(problems);
  }

  /** The problems of a file that could not be loaded, as this source reports them. */
  private static EnvConfigurationException asEnvProblem(ConfigurationException e) {
    if (e.getCause() instanceof EnvConfigurationException original) {
      return original;
    }
    return new EnvConfigurationException(e.problems().stream()
        .map(p -> new Problem(p.line() > 0 ? p.file() + ":" + p.line() : p.file(), p.key(), p.message()))
        .toList());
  }

  /**
   * The environment and every dotenv file, read now ({@code changed} standing for its file). A file
   * that was loaded and has disappeared is a problem: the keys it gave stay in force until it is back.
   */
  private EnvVariables merge(Optional<Changed> changed) {
    Map<String, EnvVariable> fromFiles = new LinkedHashMap<>();
    List<Problem> problems = new ArrayList<>();
    for (int i = 0; i < dotenvPaths.size(); i++) {
      Path file = dotenvPaths.get(i);
      try {
        if (changed.isPresent() && changed.get().index() == i) {
          fromFiles.putAll(Dotenv.read(changed.get().bytes(), file, name -> lookUp(name, fromFiles)));
        } else if (Files.exists(file)) {
          fromFiles.putAll(Dotenv.read(file, name -> lookUp(name, fromFiles)));
        } else if (i < dotenvFiles.size() && dotenvFiles.get(i).hasBeenLoaded()) {
          problems.add(new Problem(file.toString(), "", "does not exist; the keys loaded before stay in force until it is back"));
        }
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
    private Optional<Duration> checkInterval = Optional.of(DEFAULT_CHECK_INTERVAL);

    private Builder() {}

    /**
     * The source id; {@value EnvKeySource#DEFAULT_ID} by default.
     *
     * @param id the source id, unique within a chain
     * @return this builder
     */
    public Builder id(String id) {
      this.id = Objects.requireNonNull(id, "id");
      return this;
    }

    /**
     * The variables standing for the environment; the process environment by default.
     *
     * @param environment the variables to read instead of the process environment
     * @return this builder
     */
    public Builder environment(Map<String, String> environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /**
     * Read {@code .env} and then {@code .env.local} from {@code directory}.
     *
     * @param directory the directory holding the dotenv files; neither file needs to exist
     * @return this builder
     */
    public Builder dotenvDirectory(Path directory) {
      return dotenvFiles(directory.resolve(".env"), directory.resolve(".env.local"));
    }

    /**
     * Read these dotenv files, each overriding the ones before it.
     *
     * @param files the dotenv files, lowest precedence first; a missing file is skipped
     * @return this builder
     */
    public Builder dotenvFiles(Path... files) {
      this.dotenvFiles = List.of(files);
      return this;
    }

    /**
     * Read no dotenv files.
     *
     * @return this builder
     */
    public Builder noDotenvFiles() {
      this.dotenvFiles = List.of();
      return this;
    }

    /**
     * Let dotenv files override the environment (for local development); the default is the reverse.
     *
     * @return this builder
     */
    public Builder filesOverrideEnvironment() {
      this.environmentWins = false;
      return this;
    }

    /**
     * Adds a layout to read keys in; at least one is required.
     *
     * @param layout the layout to add; never null
     * @return this builder
     */
    public Builder layout(EnvLayout layout) {
      layouts.add(Objects.requireNonNull(layout, "layout"));
      return this;
    }

    /**
     * Peppers for keyed hashes ({@code hmac-sha256:<id>:…}) in the generic layout.
     *
     * @param peppers the peppers keyed hashes may name
     * @return this builder
     */
    public Builder peppers(Peppers peppers) {
      this.peppers = Objects.requireNonNull(peppers, "peppers");
      return this;
    }

    /**
     * The clock expiry is judged by and repeated warnings are paced by.
     *
     * @param clock the clock to use; the system UTC clock by default
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Refuse keys of this generated format whose checksum is wrong, before any digest.
     *
     * @param generatedKeys the generated-key format whose checksums to check
     * @return this builder
     */
    public Builder generatedKeys(GeneratedKeys generatedKeys) {
      this.generatedKeys = Objects.requireNonNull(generatedKeys, "generatedKeys");
      return this;
    }

    /**
     * How often the background checks the dotenv files for changes, once the source is
     * {@link EnvKeySource#start started}; {@link EnvKeySource#DEFAULT_CHECK_INTERVAL} by default.
     *
     * @param interval the delay between checks; positive
     * @return this builder
     * @throws IllegalArgumentException if it is not positive
     */
    public Builder checkInterval(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("a check interval must be positive");
      }
      this.checkInterval = Optional.of(interval);
      return this;
    }

    /**
     * Never check the dotenv files in the background; only {@link EnvKeySource#refresh()} reads them
     * again.
     *
     * @return this builder
     */
    public Builder noAutomaticReload() {
      this.checkInterval = Optional.empty();
      return this;
    }

    /**
     * Loads the keys. Starts no background work: see {@link EnvKeySource#start}.
     *
     * @return the source, holding the keys found; never null
     * @throws IllegalStateException if no layout was added
     * @throws EnvConfigurationException listing every problem in the variables and files
     */
    public EnvKeySource build() {
      if (layouts.isEmpty()) {
        throw new IllegalStateException("add at least one layout, such as EnvLayout.omnidev()");
      }
      return new EnvKeySource(this);
    }
  }
}
