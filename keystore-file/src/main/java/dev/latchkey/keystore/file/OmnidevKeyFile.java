package dev.latchkey.keystore.file;

import dev.latchkey.ConfigurationException;
import dev.latchkey.Credential;
import dev.latchkey.CredentialSource;
import dev.latchkey.Health;
import dev.latchkey.Principal;
import dev.latchkey.Verdict;
import dev.latchkey.hash.HashedKeyIndex;
import dev.latchkey.hash.KeyEntry;
import dev.latchkey.keystore.file.internal.OmnidevFileCodec;
import dev.latchkey.keystore.file.internal.StoreEvents;
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
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Omnidev's dashboard key file ({@code workspaces/api-keys.json}) as a read-only {@link CredentialSource},
 * so an Omnidev deployment's keys keep working unchanged. Each record's bcrypt hash ({@code $2b$10$…})
 * is verified as bcrypt does, on the first 72 bytes of the key; legacy plaintext records
 * ({@code {"key": …}}) are reduced to a SHA-256 digest when loaded and never kept. The principal is
 * the record's {@code userId}, with the roles configured here.
 *
 * <p>bcrypt is deliberately slow, so each unknown key costs one bcrypt per record; successful
 * verifications are cached (an HMAC of the key under a per-process key), so a repeated key costs
 * microseconds. For many keys, {@link FileKeyStore#importOmnidev import} them into a {@link FileKeyStore},
 * which moves each to a fast digest on first use.
 *
 * <p>The file is never written. External edits are picked up like {@link FileKeyStore}'s, through
 * {@link ReloadingFile}, by a check every {@link Builder#refreshInterval refresh interval} on the
 * authenticator's background (one shared thread, or the host's
 * {@link dev.latchkey.Latchkey.Builder#scheduler scheduler}), never on a request thread; a source used on
 * its own checks only when {@link #reloadIfChanged()} is called, until it is {@link #start started}. A
 * broken, deleted or unreadable file keeps the last good keys, emits one
 * {@link KeyStoreEvent.ReloadFailed} and is warned of once, then at most once a minute. Thread-safe;
 * verification never blocks, never reads the disk and never throws.
 */
public final class OmnidevKeyFile implements CredentialSource, BackgroundSource, AutoCloseable, HealthReporting {
  /** The source id used unless configured. */
  public static final String DEFAULT_ID = "omnidev";

  private final String id;
  private final Path file;
  private final Set<String> roles;
  private final HashedKeyIndex index;
  private final Duration refreshInterval;
  /** The file and the keys it holds, published to {@link #index}. */
  private final ReloadingFile<List<KeyEntry>> keys;
  private Optional<Background.Task> checks = Optional.empty();
  private boolean started;

  private OmnidevKeyFile(Builder b) {
    this.id = b.id;
    this.file = b.file.toAbsolutePath().normalize();
    this.roles = Set.copyOf(b.roles);
    this.index = HashedKeyIndex.builder(b.id).clock(b.clock).build();
    this.refreshInterval = b.refreshInterval;
    StoreEvents events = new StoreEvents(this.file, b.listener);
    this.keys = ReloadingFile.builder(file, this::parse)
        .describedAs("Omnidev keys", List::size)
        .listener(events::reloaded)
        .loggingAs(OmnidevKeyFile.class)
        .clock(b.clock)
        .load();
  }

  /**
   * A builder for the Omnidev key file {@code file}.
   *
   * @param file the Omnidev key file ({@code workspaces/api-keys.json})
   * @return a new builder
   */
  public static Builder builder(Path file) {
    return new Builder(file);
  }

  /**
   * Reads the records and publishes their keys to the index verification reads (the file's
   * {@link ReloadingFile} puts them in force right after).
   *
   * @throws ConfigurationException with every problem; the index is left as it was
   */
  private List<KeyEntry> parse(WatchedFile.Content content) {
    List<KeyEntry> entries = new ArrayList<>();
    for (OmnidevFileCodec.Record r : OmnidevFileCodec.read(content.bytes(), file.toString())) {
      entries.add(KeyEntry.builder(id + "-" + r.index(), r.hash()).name(r.userId()).roles(roles).build());
    }
    try {
      index.replaceAll(entries);
    } catch (IllegalArgumentException duplicate) {
      throw new ConfigurationException(new ConfigurationException.Problem(file.toString(), 0, 0, "", duplicate.getMessage()));
    }
    return List.copyOf(entries);
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
   * How many keys are loaded.
   *
   * @return the number of keys, at least 0
   */
  public int size() {
    return index.size();
  }

  /**
   * Loads the file now if it changed; a file that cannot be loaded keeps the keys in force, is warned
   * of (once, then at most once a minute) and emits one {@link KeyStoreEvent.ReloadFailed}. Returns
   * {@link Reload#unchanged()} at once if another thread is loading. The background runs this every
   * refresh interval once the source is {@link #start started}.
   *
   * @return what the check found
   */
  public Reload reloadIfChanged() {
    return keys.reloadIfChanged();
  }

  /**
   * Schedules a check of the file every refresh interval on {@code background} (none if the interval
   * is zero). Called by {@link dev.latchkey.Latchkey.Builder#build()}; starting a started or closed
   * source does nothing.
   *
   * @param background where the checks run
   */
  @Override
  public synchronized void start(Background background) {
    Objects.requireNonNull(background, "background");
    if (started) {
      return;
    }
    started = true;
    if (!refreshInterval.isZero()) {
      checks = Optional.of(keys.watch(background, refreshInterval));
    }
  }

  /** Cancels the background checks; the keys in force keep answering. Idempotent. */
  @Override
  public synchronized void close() {
    started = true;
    checks.ifPresent(Background.Task::cancel);
    checks = Optional.empty();
  }

  /**
   * {@code UP} while the key file's content is in force, {@code DEGRADED}
   * while a change could not be loaded and the keys loaded before serve. Details: {@code file},
   * {@code loaded_at}, while a failure lasts {@code last_failure} (as {@code file:line:column: key:
   * message}, never a value) and {@code failed_since}, then {@code keys}, how many are loaded. Never
   * reads the file; thread-safe.
   *
   * @return the health
   */
  @Override
  public Health health() {
    return keys.health().withDetail("keys", size());
  }

  @Override
  public String toString() {
    return "OmnidevKeyFile[id=" + id + ", file=" + file + ", keys=" + size() + "]";
  }

  /** Configures an {@link OmnidevKeyFile}. Not thread-safe. */
  public static final class Builder {
    private final Path file;
    private String id = DEFAULT_ID;
    private Clock clock = Clock.systemUTC();
    private Set<String> roles = Set.of();
    private Duration refreshInterval = FileKeyStore.DEFAULT_REFRESH_INTERVAL;
    private Consumer<KeyStoreEvent> listener = event -> { };

    private Builder(Path file) {
      this.file = Objects.requireNonNull(file, "file");
    }

    /**
     * The source id; {@value #DEFAULT_ID} by default.
     *
     * @param id the source id, unique within a chain
     * @return this builder
     */
    public Builder id(String id) {
      this.id = Objects.requireNonNull(id, "id");
      return this;
    }

    /**
     * The clock for the verification cache; the system UTC clock by default.
     *
     * @param clock the clock to use; never null
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The roles every key grants (Omnidev's keys have none of their own); none by default.
     *
     * @param roles the roles
     * @return this builder
     * @throws IllegalArgumentException if a role has a control character, which no role may
     */
    public Builder roles(String... roles) {
      for (String role : roles) {
        Principal.problemWith(role).ifPresent(problem -> {
          throw new IllegalArgumentException("a role " + problem);
        });
      }
      this.roles = new LinkedHashSet<>(Arrays.asList(roles));
      return this;
    }

    /**
     * How often the background checks the file for edits, once the source is
     * {@link OmnidevKeyFile#start started}; {@link FileKeyStore#DEFAULT_REFRESH_INTERVAL} by default.
     * {@link Duration#ZERO} for never (call {@link OmnidevKeyFile#reloadIfChanged()}).
     *
     * @param interval the delay between checks; zero or positive
     * @return this builder
     */
    public Builder refreshInterval(Duration interval) {
      if (interval.isNegative()) {
        throw new IllegalArgumentException("an interval must not be negative");
      }
      this.refreshInterval = interval;
      return this;
    }

    /**
     * Receives reloads and failed reloads; must not block.
     *
     * @param listener the listener; never null
     * @return this builder
     */
    public Builder listener(Consumer<KeyStoreEvent> listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Opens the file. Starts no background work: see {@link OmnidevKeyFile#start}.
     *
     * @return the source
     * @throws ConfigurationException if it cannot be read or is malformed, with every problem's line and
     *     column
     */
    public OmnidevKeyFile open() {
      return new OmnidevKeyFile(this);
    }
  }
}
