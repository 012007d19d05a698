package dev.latchkey.keystore.file;

import dev.latchkey.ConfigurationException;
import dev.latchkey.ConfigurationException.Problem;
import dev.latchkey.Credential;
import dev.latchkey.CredentialSource;
import dev.latchkey.Health;
import dev.latchkey.Latchkey;
import dev.latchkey.Principal;
import dev.latchkey.Verdict;
import dev.latchkey.config.KeyDefinition;
import dev.latchkey.config.KeyListReader;
import dev.latchkey.config.Settings;
import dev.latchkey.hash.HashedKeyIndex;
import dev.latchkey.hash.KeyEntry;
import dev.latchkey.hash.KeyState;
import dev.latchkey.hash.Peppers;
import dev.latchkey.keystore.file.internal.SafeYaml;
import dev.latchkey.spi.Background;
import dev.latchkey.spi.BackgroundSource;
import dev.latchkey.spi.Reload;
import dev.latchkey.spi.HealthReporting;
import dev.latchkey.spi.ReloadingFile;
import dev.latchkey.spi.WatchedFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Role-mapped API keys declared in YAML, in mcp-data-platform's schema, read verbatim from its
 * {@code platform.yaml}:
 *
 * <pre>{@code
 * auth:
 *   api_keys:
 *     enabled: true
 *     keys:
 *       - key: ${API_KEY_ADMIN}
 *         name: "admin-service"
 *         roles: ["admin"]
 * }</pre>
 *
 * <p>Besides {@code key}, {@code name} and {@code roles}, a key may have {@code key_hash} (any
 * self-describing hash, instead of {@code key}), {@code expires_at}, {@code disabled},
 * {@code description} and {@code allowed_ips} (addresses and CIDR ranges the key may be used from).
 * A key proves the principal {@code apikey:<name>} (the prefix is configurable) with its roles; its
 * credential id is its name. The rest of the file is not read, so the keys can live in a file shared
 * with other settings.
 *
 * <p>{@code ${VAR}} and {@code ${VAR:-default}} are expanded in values after parsing (never in
 * comments; <code>$${</code> is a literal <code>${</code>). Where mcp-data-platform silently turns an unset
 * variable into an empty key, loading fails: every problem (an unset variable, an empty key, a name or
 * key given twice, a bad hash, a misspelt setting) is reported at once in a
 * {@link ConfigurationException} with its file, line, key path and variable, never a value. Plaintext
 * keys are kept only as SHA-256 digests: a look-up is one digest and one table probe, the same work
 * for every key.
 *
 * <p>Hot reload, through {@link ReloadingFile}: the file is checked for changes every
 * {@link Builder#checkInterval check interval} on the authenticator's background (one shared daemon
 * thread, or the executor the host gave {@link Latchkey.Builder#scheduler}), never on a request thread;
 * or at once by {@link #reload()}. A source used on its own checks only when {@link #reload()} is
 * called, until it is {@link #start started} with a background. A change that cannot be loaded keeps the
 * last good keys, is logged (problems only) once, then at most once a minute while the file stays
 * unreadable, and is returned by {@link #reload()}.
 *
 * <p>Thread-safe: verification reads an immutable snapshot and never blocks or reads the file.
 */
public final class YamlKeySource implements CredentialSource, BackgroundSource, HealthReporting {
  /** The id used unless configured. */
  public static final String DEFAULT_ID = "yaml-keys";
  /** The prefix of principal names unless configured, as mcp-data-platform names API-key identities. */
  public static final String DEFAULT_NAME_PREFIX = "apikey:";
  /** Where the keys are in the file unless configured. */
  public static final String DEFAULT_SECTION = "auth.api_keys";
  /** How often the file is checked for changes unless configured. */
  public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(5);
  /** The attribute holding a key's description. */
  public static final String DESCRIPTION_ATTRIBUTE = "description";
  /**
   * The attribute holding a key's allowed addresses (a comma list), which the authenticator checks
   * unless configured to read another ({@link Latchkey#DEFAULT_ALLOWED_IPS_ATTRIBUTE}).
   */
  public static final String ALLOWED_IPS_ATTRIBUTE = Latchkey.DEFAULT_ALLOWED_IPS_ATTRIBUTE;

  private static final Logger LOG = LoggerFactory.getLogger(YamlKeySource.class);

  private final String id;
  private final Path path;
  private final List<String> section;
  private final String namePrefix;
  private final Map<String, String> environment;
  private final Peppers peppers;
  private final Optional<Duration> checkInterval;
  private final HashedKeyIndex index;
  /** The file and the keys it declares, published to {@link #index}. */
  private final ReloadingFile<List<KeyEntry>> file;
  private final AtomicBoolean started = new AtomicBoolean();

  private YamlKeySource(Builder b) {
    this.id = b.id;
    this.path = b.file;
    this.section = List.of(b.section.split("\\."));
    this.namePrefix = b.namePrefix;
    this.environment = Map.copyOf(b.environment);
    this.peppers = b.peppers;
    this.checkInterval = b.checkInterval;
    this.index = HashedKeyIndex.builder(b.id).clock(b.clock).build();
    this.file = ReloadingFile.builder(b.file, this::parse)
        .describedAs("API keys", List::size)
        .loggingAs(YamlKeySource.class)
        .clock(b.clock)
        .load();
  }

  /**
   * A builder for the keys in {@code file}.
   *
   * @param file the YAML file holding the keys
   * @return a new builder
   */
  public static Builder builder(Path file) {
    return new Builder(file);
  }

  @Override
  public String id() {
    return id;
  }

  /** Looks the key up in the keys in force; never reads the file. */
  @Override
  public Verdict verify(Credential credential) {
    return index.verify(credential);
  }

  /**
   * The keys in force (hashes and metadata only).
   *
   * @return the entries, unmodifiable; never holding a secret
   */
  public List<KeyEntry> keys() {
    return index.entries();
  }

  /**
   * The file the keys are read from.
   *
   * @return the path given to the builder
   */
  public Path file() {
    return path;
  }

  /**
   * Checks the file now, waiting for a check already running.
   *
   * @return what the check found; on {@link Reload.Failed} the keys in force stay
   */
  public Reload reload() {
    return file.reload();
  }

  /**
   * Schedules a check of the file every check interval on {@code background} (none if automatic
   * reloading is off). Called by {@link Latchkey.Builder#build()}; starting a started source does
   * nothing.
   *
   * @param background where the checks run
   */
  @Override
  public void start(Background background) {
    Objects.requireNonNull(background, "background");
    if (started.compareAndSet(false, true)) {
      checkInterval.ifPresent(interval -> file.watch(background, interval));
    }
  }

  /**
   * Reads the keys a content declares and publishes them to the index verification reads (the
   * file's {@link ReloadingFile} puts them in force right after).
   *
   * @throws ConfigurationException listing every problem; the index is left as it was
   */
  private List<KeyEntry> parse(WatchedFile.Content content) {
    List<KeyEntry> entries = entries(content.bytes());
    install(entries);
    return List.copyOf(entries);
  }

  /** The entries the file declares; throws listing every problem. */
  private List<KeyEntry> entries(byte[] bytes) {
    Path directory = Optional.ofNullable(path.toAbsolutePath().getParent()).orElse(Path.of("."));
    Settings root = Settings.of(SafeYaml.parse(bytes, path.toString(), environment), directory);
    Optional<Settings> apiKeys = Optional.of(root);
    for (String part : section) {
      apiKeys = apiKeys.flatMap(s -> s.requiredSection(part));
    }
    List<KeyEntry> entries = apiKeys.map(this::entries).orElse(List.of());
    apiKeys.ifPresent(Settings::reportUnread);
    root.throwIfProblems();
    return entries;
  }

  /** Puts {@code entries} in force at once, or throws leaving the keys in force as they are. */
  private void install(List<KeyEntry> entries) {
    try {
      index.replaceAll(entries);
    } catch (IllegalArgumentException e) {
      // What the reader cannot see: a plaintext key that is also another key's key_hash.
      throw new ConfigurationException(new Problem(path.toString(), 0, 0, String.join(".", section) + ".keys",
          "two keys are the same key (one given as key, the other as key_hash)"));
    }
  }

  private List<KeyEntry> entries(Settings apiKeys) {
    Optional<Boolean> enabled = apiKeys.flag("enabled");
    if (!apiKeys.has("enabled")) {
      apiKeys.problem("enabled", "is required (true to accept the keys listed)");
    }
    if (enabled.isPresent() && !enabled.get()) {
      apiKeys.ignoreUnread();
      LOG.info("API keys are disabled in {}", path);
      return List.of();
    }
    if (!apiKeys.has("keys")) {
      apiKeys.problem("keys", "is required");
    }
    KeyListReader reader = new KeyListReader(peppers);
    List<KeyEntry> entries = new ArrayList<>();
    for (Settings key : apiKeys.sections("keys")) {
      Optional<KeyDefinition> definition = reader.read(key);
      Map<String, String> attributes = new LinkedHashMap<>();
      key.text("description").ifPresent(d -> attributes.put(DESCRIPTION_ATTRIBUTE, d));
      List<String> allowed = key.addresses("allowed_ips");
      if (!allowed.isEmpty()) {
        attributes.put(ALLOWED_IPS_ATTRIBUTE, String.join(",", allowed));
      }
      definition.ifPresent(d -> entries.add(entryOf(d, attributes)));
    }
    return entries;
  }

  private KeyEntry entryOf(KeyDefinition key, Map<String, String> attributes) {
    KeyEntry.Builder entry = KeyEntry.builder(key.name(), key.hash())
        .name(namePrefix + key.name())
        .roles(key.roles())
        .state(key.disabled() ? KeyState.DISABLED : KeyState.ACTIVE)
        .attributes(attributes);
    key.expiresAt().ifPresent(entry::expiresAt);
    return entry.build();
  }

  /**
   * {@code UP} while the YAML file's content is in force, {@code DEGRADED}
   * while a change could not be loaded and the keys loaded before serve. Details: {@code file},
   * {@code loaded_at}, while a failure lasts {@code last_failure} (as {@code file:line:column: key:
   * message}, never a value) and {@code failed_since}, then {@code keys}, how many are loaded. Never
   * reads the file; thread-safe.
   *
   * @return the health
   */
  @Override
  public Health health() {
    return file.health().withDetail("keys", index.size());
  }

  @Override
  public String toString() {
    return "YamlKeySource[id=" + id + ", file=" + path + ", keys=" + index.size() + "]";
  }

  /** Configures a {@link YamlKeySource}. Not thread-safe. */
  public static final class Builder {
    private final Path file;
    private String id = DEFAULT_ID;
    private String section = DEFAULT_SECTION;
    private String namePrefix = DEFAULT_NAME_PREFIX;
    private Map<String, String> environment = System.getenv();
    private Peppers peppers = Peppers.none();
    private Clock clock = Clock.systemUTC();
    private Optional<Duration> checkInterval = Optional.of(DEFAULT_CHECK_INTERVAL);

    private Builder(Path file) {
      this.file = Objects.requireNonNull(file, "file");
    }

    /**
     * The source id; {@value YamlKeySource#DEFAULT_ID} by default.
     *
     * @param id the source id; never blank
     * @return this builder
     */
    public Builder id(String id) {
      Objects.requireNonNull(id, "id");
      if (id.isBlank()) {
        throw new IllegalArgumentException("a source id must not be blank");
      }
      this.id = id;
      return this;
    }

    /**
     * The dotted path of the mapping holding {@code enabled} and {@code keys};
     * {@value YamlKeySource#DEFAULT_SECTION} by default.
     *
     * @param section the dotted path, such as {@code auth.api_keys}
     * @return this builder
     * @throws IllegalArgumentException if a part of the path is empty
     */
    public Builder section(String section) {
      Objects.requireNonNull(section, "section");
      for (String part : section.split("\\.", -1)) {
        if (part.isBlank()) {
          throw new IllegalArgumentException("a section path is names separated by dots, such as auth.api_keys");
        }
      }
      this.section = section;
      return this;
    }

    /**
     * What principal names start with; {@value YamlKeySource#DEFAULT_NAME_PREFIX} by default ("" for
     * the bare name).
     *
     * @param namePrefix the prefix
     * @return this builder
     * @throws IllegalArgumentException if it has a control character, which no principal name may
     */
    public Builder namePrefix(String namePrefix) {
      Objects.requireNonNull(namePrefix, "namePrefix");
      Principal.problemWith(namePrefix).ifPresent(problem -> {
        throw new IllegalArgumentException("a name prefix " + problem);
      });
      this.namePrefix = namePrefix;
      return this;
    }

    /**
     * The variables {@code ${VAR}} references resolve to; the process environment by default.
     *
     * @param environment the variables to resolve against
     * @return this builder
     */
    public Builder environment(Map<String, String> environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /**
     * Peppers for keyed hashes ({@code hmac-sha256:<pepper id>:…}) in {@code key_hash}; none by default.
     *
     * @param peppers the peppers keyed hashes may name
     * @return this builder
     */
    public Builder peppers(Peppers peppers) {
      this.peppers = Objects.requireNonNull(peppers, "peppers");
      return this;
    }

    /**
     * The clock expiry is judged by and repeated warnings are paced by; the system UTC clock by default.
     *
     * @param clock the clock to use; never null
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How often the background checks the file for changes, once the source is
     * {@link YamlKeySource#start started}; {@link YamlKeySource#DEFAULT_CHECK_INTERVAL} by default.
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
     * Never check the file in the background; only {@link YamlKeySource#reload()} re-reads it.
     *
     * @return this builder
     */
    public Builder noAutomaticReload() {
      this.checkInterval = Optional.empty();
      return this;
    }

    /**
     * Loads the keys.
     *
     * @return the source, holding the keys found; never null
     * @throws ConfigurationException listing every problem in the file, or if it cannot be read
     */
    public YamlKeySource build() {
      return new YamlKeySource(this);
    }
  }
}
