package dev.latchkey.keystore.file;

import dev.latchkey.ConfigurationException;
import dev.latchkey.Credential;
import dev.latchkey.CredentialSource;
import dev.latchkey.Principal;
import dev.latchkey.Verdict;
import dev.latchkey.hash.HashedKeyIndex;
import dev.latchkey.hash.KeyEntry;
import dev.latchkey.keystore.file.internal.BackgroundTasks;
import dev.latchkey.keystore.file.internal.OmnidevFileCodec;
import dev.latchkey.keystore.file.internal.StoreEvents;
import dev.latchkey.spi.WatchedFile;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>The file is never written. External edits are picked up like {@link FileKeyStore}'s; a broken edit
 * keeps the last good keys and emits {@link KeyStoreEvent.ReloadFailed}. Thread-safe; verification never
 * blocks, never reads the disk and never throws.
 */
public final class OmnidevKeyFile implements CredentialSource, AutoCloseable {
  /** The source id used unless configured. */
  public static final String DEFAULT_ID = "omnidev";

  private static final Logger LOG = LoggerFactory.getLogger(OmnidevKeyFile.class);

  private final String id;
  private final Path file;
  private final Set<String> roles;
  private final StoreEvents events;
  private final HashedKeyIndex index;
  private final WatchedFile watched;
  private final ReentrantLock reloading = new ReentrantLock();
  private final Optional<ScheduledExecutorService> background;

  private OmnidevKeyFile(Builder b) {
    this.id = b.id;
    this.file = b.file.toAbsolutePath().normalize();
    this.roles = Set.copyOf(b.roles);
    this.events = new StoreEvents(this.file, b.listener);
    this.index = HashedKeyIndex.builder(b.id).clock(b.clock).build();
    this.watched = new WatchedFile(file);
    WatchedFile.Content content;
    try {
      content = watched.read();
    } catch (IOException e) {
      throw new KeyStoreException(KeyStoreException.Problem.IO_FAILURE, file + ": cannot be read (" + e.getClass().getSimpleName() + ")", e);
    }
    install(content);
    this.background = BackgroundTasks.start("latchkey-omnidev-" + file.getFileName(), Map.of(this::reloadIfChanged, b.refreshInterval));
  }

  /** A builder for the Omnidev key file {@code file}. */
  public static Builder builder(Path file) {
    return new Builder(file);
  }

  private void install(WatchedFile.Content content) {
    // Marked as seen first, so a broken edit is reported once, not at every poll.
    watched.seen(content);
    List<KeyEntry> entries = new ArrayList<>();
    for (OmnidevFileCodec.Record r : OmnidevFileCodec.read(content.bytes(), file.toString())) {
      entries.add(KeyEntry.builder(id + "-" + r.index(), r.hash()).name(r.userId()).roles(roles).build());
    }
    try {
      index.replaceAll(entries);
    } catch (IllegalArgumentException duplicate) {
      throw new ConfigurationException(new ConfigurationException.Problem(file.toString(), 0, 0, "", duplicate.getMessage()));
    }
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Verdict verify(Credential credential) {
    return index.verify(credential);
  }

  /** How many keys are loaded. */
  public int size() {
    return index.size();
  }

  /**
   * Loads the file if it changed; a file that cannot be loaded keeps the keys in force and emits
   * {@link KeyStoreEvent.ReloadFailed}. Returns at once if another thread is loading.
   *
   * @return whether new keys were loaded
   */
  public boolean reloadIfChanged() {
    if (!reloading.tryLock()) {
      return false;
    }
    try {
      Optional<WatchedFile.Content> changed = watched.poll();
      if (changed.isEmpty()) {
        return false;
      }
      install(changed.get());
      LOG.info("reloaded {} Omnidev keys from {}", size(), file);
      events.emit(new KeyStoreEvent.Reloaded(file, size()));
      return true;
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      failed(List.of(new ConfigurationException.Problem(file.toString(), 0, 0, "", "cannot be read (" + e.getClass().getSimpleName() + ")")));
      return false;
    } catch (ConfigurationException e) {
      failed(e.problems());
      return false;
    } finally {
      reloading.unlock();
    }
  }

  private void failed(List<ConfigurationException.Problem> problems) {
    events.reloadFailed(problems, size());
  }

  /** Stops the background thread. Idempotent. */
  @Override
  public void close() {
    background.ifPresent(ScheduledExecutorService::shutdownNow);
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

    /** The source id; {@value #DEFAULT_ID} by default. */
    public Builder id(String id) {
      this.id = Objects.requireNonNull(id, "id");
      return this;
    }

    /** The clock for the verification cache; the system UTC clock by default. */
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

    /** How often the file is checked for edits; {@link Duration#ZERO} for never (call {@link OmnidevKeyFile#reloadIfChanged()}). */
    public Builder refreshInterval(Duration interval) {
      if (interval.isNegative()) {
        throw new IllegalArgumentException("an interval must not be negative");
      }
      this.refreshInterval = interval;
      return this;
    }

    /** Receives reloads and failed reloads; must not block. */
    public Builder listener(Consumer<KeyStoreEvent> listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Opens the file.
     *
     * @throws ConfigurationException if it is malformed, with every problem's line and column
     * @throws KeyStoreException if it cannot be read
     */
    public OmnidevKeyFile open() {
      return new OmnidevKeyFile(this);
    }
  }
}
