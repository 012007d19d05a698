package dev.latchkey.keystore.file;

import dev.latchkey.ConfigurationException;
import dev.latchkey.ConfigurationException.Problem;
import dev.latchkey.Credential;
import dev.latchkey.CredentialSource;
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
import dev.latchkey.spi.WatchedFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
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
 * <p>Hot reload: the file is checked for changes at most once per {@link Builder#checkInterval check
 * interval} by whichever request comes first (the others never wait), or at once by {@link #reload()}.
 * A change that cannot be loaded keeps the last good keys, is logged once (problems only) and
 * returned by {@link #reload()}.
 *
 * <p>Thread-safe: verification reads an immutable snapshot and never blocks.
 */
public final class YamlKeySource implements CredentialSource {
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
  private final WatchedFile file;
  private final List<String> section;
  private final String namePrefix;
  private final Map<String, String> environment;
  private final Peppers peppers;
  private final Clock clock;
  private final Optional<Duration> checkInterval;
  private final HashedKeyIndex index;
  private final ReentrantLock reloading = new ReentrantLock();
  private volatile Instant nextCheck;

  private YamlKeySource(Builder b) {
    this.id = b.id;
    this.file = new WatchedFile(b.file);
    this.section = List.of(b.section.split("\\."));
    this.namePrefix = b.namePrefix;
    this.environment = Map.copyOf(b.environment);
    this.peppers = b.peppers;
    this.clock = b.clock;
    this.checkInterval = b.checkInterval;
    this.index = HashedKeyIndex.builder(b.id).clock(b.clock).build();
  }

  /** A builder for the keys in {@code file}. */
  public static Builder builder(Path file) {
    return new Builder(file);
  }

  @Override
  public String id() {
    return id;
  }

  /** Checks the file if a check is due and no other request is checking it, then looks the key up. */
  @Override
  public Verdict verify(Credential credential) {
    if (checkInterval.isPresent() && !clock.instant().isBefore(nextCheck) && reloading.tryLock()) {
      try {
        check();
      } catch (RuntimeException e) {
        LOG.warn("could not check {} for changes ({}); keeping the keys in force", file.path(), e.getClass().getSimpleName());
      } finally {
        reloading.unlock();
      }
    }
    return index.verify(credential);
  }

  /** The keys in force (hashes and metadata only). */
  public List<KeyEntry> keys() {
    return index.entries();
  }

  /** The file the keys are read from. */
  public Path file() {
    return file.path();
  }

  /**
   * Checks the file now, waiting for a check already running.
   *
   * @return what the check found; on {@link Reload.Failed} the keys in force stay
   */
  public Reload reload() {
    reloading.lock();
    try {
      return check();
    } finally {
      reloading.unlock();
    }
  }

  /** Called holding {@link #reloading}. */
  private Reload check() {
    checkInterval.ifPresent(interval -> nextCheck = clock.instant().plus(interval));
    Optional<WatchedFile.Content> changed;
    try {
      changed = file.poll();
    } catch (IOException e) {
      Problem problem = new Problem(file.path().toString(), 0, 0, "", "cannot be read (" + e.getClass().getSimpleName() + ")");
      LOG.warn("{}; keeping the {} keys in force", problem, index.size());
      return new Reload.Failed(List.of(problem));
    }
    if (changed.isEmpty()) {
      return new Reload.Unchanged();
    }
    file.seen(changed.get());
    try {
      List<KeyEntry> entries = entries(changed.get().bytes());
      install(entries);
      LOG.info("loaded {} API keys from {}", entries.size(), file.path());
      return new Reload.Reloaded(entries.size());
    } catch (ConfigurationException e) {
      LOG.warn("{} was changed but cannot be loaded; keeping the {} keys in force:\n{}", file.path(), index.size(), e.getMessage());
      return new Reload.Failed(e.problems());
    }
  }

  /** Loads the keys at build time. */
  private void load() {
    WatchedFile.Content content;
    try {
      content = file.read();
    } catch (IOException e) {
      throw new ConfigurationException(
          new Problem(file.path().toString(), 0, 0, "", "cannot be read (" + e.getClass().getSimpleName() + ")"));
    }
    install(entries(content.bytes()));
    file.seen(content);
    checkInterval.ifPresent(interval -> nextCheck = clock.instant().plus(interval));
  }

  /** The entries the file declares; throws listing every problem. */
  private List<KeyEntry> entries(byte[] bytes) {
    Path directory = Optional.ofNullable(file.path().toAbsolutePath().getParent()).orElse(Path.of("."));
    Settings root = Settings.of(SafeYaml.parse(bytes, file.path().toString(), environment), directory);
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
      throw new ConfigurationException(new Problem(file.path().toString(), 0, 0, String.join(".", section) + ".keys",
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
      LOG.info("API keys are disabled in {}", file.path());
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

  @Override
  public String toString() {
    return "YamlKeySource[id=" + id + ", file=" + file.path() + ", keys=" + index.size() + "]";
  }

  /** What a {@link #reload()} found. */
  public sealed interface Reload permits Reload.Unchanged, Reload.Reloaded, Reload.Failed {
    /** The file has not changed since the keys in force were loaded. */
    record Unchanged() implements Reload {}

    /**
     * The file changed and its keys are now in force.
     *
     * @param keys how many keys were loaded
     */
    record Reloaded(int keys) implements Reload {}

    /**
     * The file changed (or cannot be read) and cannot be loaded; the keys in force stay.
     *
     * @param problems every problem, with file, line and key; never a value
     */
    record Failed(List<Problem> problems) implements Reload {
      /** Copies the problems. */
      public Failed {
        problems = List.copyOf(problems);
      }
    }
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

    /** The source id; {@value YamlKeySource#DEFAULT_ID} by default. */
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

    /** The variables {@code ${VAR}} references resolve to; the process environment by default. */
    public Builder environment(Map<String, String> environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /** Peppers for keyed hashes ({@code hmac-sha256:<pepper id>:…}) in {@code key_hash}; none by default. */
    public Builder peppers(Peppers peppers) {
      this.peppers = Objects.requireNonNull(peppers, "peppers");
      return this;
    }

    /** The clock expiry and file checks are judged by; the system UTC clock by default. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How often a request checks the file for changes; {@link YamlKeySource#DEFAULT_CHECK_INTERVAL} by
     * default.
     *
     * @throws IllegalArgumentException if it is not positive
     */
    public Builder checkInterval(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("a check interval must be positive");
      }
      this.checkInterval = Optional.of(interval);
      return this;
    }

    /** Never check the file by itself; only {@link YamlKeySource#reload()} re-reads it. */
    public Builder noAutomaticReload() {
      this.checkInterval = Optional.empty();
      return this;
    }

    /**
     * Loads the keys.
     *
     * @throws ConfigurationException listing every problem in the file, or if it cannot be read
     */
    public YamlKeySource build() {
      YamlKeySource source = new YamlKeySource(this);
      source.load();
      return source;
    }
  }
}
