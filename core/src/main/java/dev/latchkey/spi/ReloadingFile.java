package dev.latchkey.spi;

import dev.latchkey.ConfigurationException;
import dev.latchkey.ConfigurationException.Problem;
import dev.latchkey.Health;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one reload primitive for file-backed state: a file parsed into an immutable value, checked for
 * changes in the background, the last good value kept when a change cannot be used.
 *
 * <ul>
 *   <li>A check costs one {@code stat} (size, modification time, identity); only when that changed is the
 *       file read and its SHA-256 compared, so a touch without a change is not a reload
 *       ({@link WatchedFile}).
 *   <li>New content is parsed by the caller's {@link Parser} into a value that is put in force at once;
 *       readers see the old value or the new, never a mix.
 *   <li>A broken edit, a deleted file, a file replaced by a directory: the last good value stays, the
 *       listener gets {@link Reload.Failed} with every problem (file, line, column, key, never a value)
 *       once per failure, not at every check, and the warning is logged once, then at most once a
 *       minute with a count ({@link RepeatedWarnings}) until the state changes. Broken content is
 *       checked once, not at every check. When the file can be read again it is loaded afresh (even
 *       with the content in force), the listener hears {@link Reload.Reloaded} and the warnings stop.
 *   <li>A file that may not exist yet ({@link Builder#loadIfExists}) is an absence, not a failure,
 *       until it has been loaded once; from then on its disappearance is a failure like any other.
 *   <li>Checks run on a {@link Background} ({@link #watch}), never on a request thread; {@link #current()}
 *       never does I/O.
 * </ul>
 *
 * <p>Writers of the file (a key store) hold {@link #exclusively} while they read, write and
 * {@link #installWritten} their own change, so a background check never reloads half of it.
 *
 * <p>Thread-safe.
 *
 * @param <T> the parsed, immutable value
 */
public final class ReloadingFile<T> {
  private static final Logger DEFAULT_LOG = LoggerFactory.getLogger(ReloadingFile.class);

  /**
   * Turns a file's content into the value a source serves.
   *
   * @param <T> the value
   */
  @FunctionalInterface
  public interface Parser<T> {
    /**
     * Parses {@code content}.
     *
     * @param content the file's bytes, digest and stamp
     * @return the value; never null
     * @throws ConfigurationException listing every problem, each with file, line, column and key; any
     *     other exception is reported by its class name only, as its message may quote the content
     */
    T parse(WatchedFile.Content content);
  }

  private final WatchedFile watched;
  private final Parser<T> parser;
  private final ToIntFunction<T> count;
  private final Consumer<Reload> listener;
  private final Logger log;
  private final RepeatedWarnings warnings;
  private final String what;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile T current;
  /** The SHA-256 of the content {@link #current} came from; empty while nothing was loaded. */
  private volatile byte[] inForce;
  /** Whether the file has been loaded or written once: from then on its absence is a failure. */
  private volatile boolean loaded;
  /** The failure that lasts, as given to the listener; null when there is none. */
  private volatile Failure reported;
  /** When the value in force was loaded, installed or written; null while nothing was loaded. */
  private volatile Instant loadedAt;
  /** Whether the last check could not read the file, so the next one loads it whatever it holds. */
  private volatile boolean readFailed;

  private ReloadingFile(Builder<T> b, T initial, Optional<WatchedFile.Content> loadedFrom, WatchedFile watched) {
    this.watched = watched;
    this.parser = b.parser;
    this.count = b.count;
    this.listener = b.listener;
    this.log = b.log;
    this.warnings = new RepeatedWarnings(b.log, b.clock, RepeatedWarnings.DEFAULT_INTERVAL);
    this.what = b.what;
    this.clock = b.clock;
    this.current = initial;
    this.inForce = loadedFrom.map(WatchedFile.Content::digest).orElse(new byte[0]);
    this.loaded = loadedFrom.isPresent();
    this.loadedAt = loaded ? b.clock.instant() : null;
  }

  /** A failure that lasts: what is wrong, and since when. */
  private record Failure(List<Problem> problems, Instant since) {}

  /**
   * Starts configuring a reloading file.
   *
   * @param <T> the parsed value
   * @param file the file
   * @param parser how its content becomes the value
   * @return a builder
   */
  public static <T> Builder<T> builder(Path file, Parser<T> parser) {
    return new Builder<>(file, parser);
  }

  /**
   * The value in force: the last content that parsed. Never does I/O.
   *
   * @return the value
   */
  public T current() {
    return current;
  }

  /**
   * The file.
   *
   * @return its path as given
   */
  public Path path() {
    return watched.path();
  }

  /**
   * Whether the file has been loaded (or {@link #installWritten written}) at least once. Until then a
   * file opened with {@link Builder#loadIfExists} may be absent; from then on its disappearance is a
   * failure, and the value in force stays.
   *
   * @return whether the value in force, or one before it, came from the file
   */
  public boolean hasBeenLoaded() {
    return loaded;
  }

  /**
   * What the last checks found, for a source's {@link HealthReporting#health()}: {@code UP} while the
   * content in force is the file's, {@code DEGRADED} while a change could not be used and the last good
   * value serves. Details: {@code file} (the path), {@code loaded_at} (when the value in force was
   * loaded, absent while the file was never loaded) and, while a failure lasts, {@code last_failure}
   * (every problem as {@code file:line:column: key: message}, never a value) and {@code failed_since}.
   * Never does I/O; reads what the background checks recorded.
   *
   * @return the file's health
   */
  public Health health() {
    Failure failure = reported;
    Instant at = loadedAt;
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("file", watched.path().toString());
    if (at != null) {
      details.put("loaded_at", at);
    }
    if (failure == null) {
      return Health.of(Health.Status.UP, details);
    }
    details.put("last_failure", failure.problems().stream().map(Problem::toString).collect(Collectors.joining("; ")));
    details.put("failed_since", failure.since());
    return Health.of(Health.Status.DEGRADED, details);
  }

  /**
   * Checks the file on {@code background} every {@code interval}.
   *
   * @param background where checks run
   * @param interval the delay between checks; positive
   * @return a handle that stops the checks
   */
  public Background.Task watch(Background background, Duration interval) {
    return background.every("check " + watched.path().getFileName(), interval, this::reloadIfChanged);
  }

  /**
   * Checks the file now unless another check is running (then it answers {@link Reload#unchanged()}
   * at once), and puts a changed content in force if it parses.
   *
   * @return what the check found: {@link Reload.Failed} at every check while the file cannot be read
   *     (the listener hears of it once), but only at the first check of a content that does not parse
   */
  public Reload reloadIfChanged() {
    if (!lock.tryLock()) {
      return Reload.unchanged();
    }
    try {
      return check();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Checks the file now, waiting for a check or write in progress.
   *
   * @return what the check found
   */
  public Reload reload() {
    lock.lock();
    try {
      return check();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs {@code action} while no check runs: for writers that read the file, write their change and
   * {@link #installWritten} it. Reentrant.
   *
   * @param <R> what the action returns
   * @param action the work
   * @return what it returned
   */
  public <R> R exclusively(Supplier<R> action) {
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The file's content now, read whole, and whether it is the content in force. For writers, under
   * {@link #exclusively}.
   *
   * @return the content
   * @throws IOException if it cannot be read (a missing file included)
   */
  public WatchedFile.Content read() throws IOException {
    return watched.read();
  }

  /**
   * Whether {@code content} is the content in force: what was last loaded, installed or written. A
   * broken edit that was checked and refused is not.
   *
   * @param content a content {@link #read}
   * @return whether it is the content the value in force came from
   */
  public boolean isCurrent(WatchedFile.Content content) {
    return MessageDigest.isEqual(content.digest(), inForce);
  }

  /**
   * Puts {@code value}, parsed by the caller from {@code content}, in force. For writers that found an
   * outside change under {@link #exclusively}. Ends a failure: warnings stop, the listener is not told.
   *
   * @param value the parsed value
   * @param content the content it came from
   */
  public void install(T value, WatchedFile.Content content) {
    watched.seen(content);
    inForce(value, content.digest());
  }

  /**
   * Puts {@code value} in force as the content the caller has just written, with SHA-256
   * {@code digest}, so the next check does not reload the caller's own write. Ends a failure as
   * {@link #install} does.
   *
   * @param value the value the written file holds
   * @param digest the SHA-256 of the bytes written
   */
  public void installWritten(T value, byte[] digest) {
    watched.seenWritten(digest);
    inForce(value, digest.clone());
  }

  private void inForce(T value, byte[] digest) {
    current = Objects.requireNonNull(value, "value");
    inForce = digest;
    loaded = true;
    loadedAt = clock.instant();
    endFailure();
  }

  private void endFailure() {
    readFailed = false;
    reported = null;
    warnings.clear();
  }

  /** Called holding the lock. */
  private Reload check() {
    Optional<WatchedFile.Content> changed;
    boolean back = readFailed;
    try {
      // A file back after a failed read is loaded afresh, even with the content in force: what the
      // parser reads besides it may have changed meanwhile.
      changed = back ? Optional.of(watched.read()) : watched.poll();
    } catch (NoSuchFileException e) {
      if (!loaded) {
        // Not there yet, as when the source was opened: an absence, not a failure.
        endFailure();
        return Reload.unchanged();
      }
      return failed(List.of(problem(watched.path(), "does not exist")), true);
    } catch (IOException e) {
      return failed(List.of(unreadable(watched.path(), e)), true);
    } catch (RuntimeException e) {
      return failed(List.of(problem(watched.path(), "cannot be read (" + e.getClass().getSimpleName() + ")")), true);
    }
    if (changed.isEmpty() || (!back && watched.isSeen(changed.get()))) {
      return Reload.unchanged();
    }
    WatchedFile.Content content = changed.get();
    // Marked as seen whatever the outcome, so a broken edit is parsed and reported once, not at every check.
    watched.seen(content);
    readFailed = false;
    T value;
    try {
      value = Objects.requireNonNull(parser.parse(content), "parsed value");
    } catch (ConfigurationException e) {
      return failed(e.problems(), false);
    } catch (RuntimeException e) {
      return failed(List.of(problem(watched.path(), "cannot be loaded (" + e.getClass().getSimpleName() + ")")), false);
    }
    inForce(value, content.digest());
    int items = count.applyAsInt(value);
    log.info("reloaded {} from {} ({} {})", what, watched.path(), items, items == 1 ? "item" : "items");
    return reloaded(items);
  }

  private Reload reloaded(int items) {
    Reload reloaded = Reload.reloaded(items);
    notifyListener(reloaded);
    return reloaded;
  }

  /**
   * Warns (once, then at most once a minute while it lasts) and tells the listener of a failure it
   * has not heard of yet.
   */
  private Reload failed(List<Problem> problems, boolean reading) {
    readFailed = reading;
    StringBuilder message = new StringBuilder()
        .append("could not reload ").append(watched.path()).append("; keeping the ").append(what).append(" in force:");
    for (Problem p : problems) {
      message.append("\n  ").append(p);
    }
    warnings.warn(message.toString());
    Reload.Failed failed = new Reload.Failed(problems);
    Failure lasting = reported;
    if (lasting == null || !failed.problems().equals(lasting.problems())) {
      reported = new Failure(failed.problems(), lasting == null ? clock.instant() : lasting.since());
      notifyListener(failed);
    }
    return failed;
  }

  private void notifyListener(Reload outcome) {
    try {
      listener.accept(outcome);
    } catch (RuntimeException e) {
      log.warn("a reload listener of {} failed ({})", watched.path(), e.getClass().getName());
    }
  }

  /** A problem for the file as a whole (no line). */
  static Problem problem(Path file, String message) {
    return new Problem(file.toString(), 0, 0, "", message);
  }

  /** What an I/O failure on {@code file} means, in words a user can act on. */
  static Problem unreadable(Path file, IOException e) {
    if (e instanceof NoSuchFileException) {
      return problem(file, "does not exist");
    }
    if (Files.isDirectory(file)) {
      return problem(file, "is a directory, not a file");
    }
    if (e instanceof AccessDeniedException) {
      return problem(file, "cannot be read (permission denied)");
    }
    return problem(file, "cannot be read (" + e.getClass().getSimpleName() + ")");
  }

  @Override
  public String toString() {
    return "ReloadingFile[" + watched.path() + "]";
  }

  /**
   * Configures a {@link ReloadingFile}. Not thread-safe.
   *
   * @param <T> the parsed value
   */
  public static final class Builder<T> {
    private final Path file;
    private final Parser<T> parser;
    private ToIntFunction<T> count = v -> 1;
    private Consumer<Reload> listener = r -> {};
    private Logger log = DEFAULT_LOG;
    private Clock clock = Clock.systemUTC();
    private String what = "content";

    private Builder(Path file, Parser<T> parser) {
      this.file = Objects.requireNonNull(file, "file");
      this.parser = Objects.requireNonNull(parser, "parser");
    }

    /**
     * What the file holds, for log lines (such as {@code API keys}); {@code content} by default.
     *
     * @param what a plural noun
     * @param count how many items a value holds, for log lines and {@link Reload.Reloaded}
     * @return this builder
     */
    public Builder<T> describedAs(String what, ToIntFunction<T> count) {
      this.what = Objects.requireNonNull(what, "what");
      this.count = Objects.requireNonNull(count, "count");
      return this;
    }

    /**
     * Who hears of every reload and failed reload (not of unchanged checks); nobody by default. Called
     * on the checking thread; a listener that throws is logged and ignored.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder<T> listener(Consumer<Reload> listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Whose logger reloads and warnings go to; this class's by default.
     *
     * @param owner the source's class
     * @return this builder
     */
    public Builder<T> loggingAs(Class<?> owner) {
      this.log = LoggerFactory.getLogger(Objects.requireNonNull(owner, "owner"));
      return this;
    }

    /**
     * The clock that paces repeated warnings; the system clock by default.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder<T> clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Reads and parses the file now.
     *
     * @return the reloading file, its first value in force
     * @throws ConfigurationException if the file is missing, unreadable or does not parse, with every
     *     problem
     */
    public ReloadingFile<T> load() {
      WatchedFile watched = new WatchedFile(file);
      WatchedFile.Content content;
      try {
        content = watched.read();
      } catch (IOException e) {
        throw new ConfigurationException(unreadable(file, e));
      }
      T value;
      try {
        value = Objects.requireNonNull(parser.parse(content), "parsed value");
      } catch (ConfigurationException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new ConfigurationException(problem(file, "cannot be loaded (" + e.getClass().getSimpleName() + ")"));
      }
      watched.seen(content);
      return new ReloadingFile<>(this, value, Optional.of(content), watched);
    }

    /**
     * Reads and parses the file now if it exists; if it does not (or cannot be shown to, as under a
     * path that is not a directory: {@link Files#exists}), {@code absent} is the value until the file
     * appears, and checks find nothing to report while it does not exist. Once the file has been loaded,
     * its disappearance is a failure as for {@link #load()}: the value in force stays.
     *
     * @param absent the value while the file does not exist, such as an empty key set
     * @return the reloading file
     * @throws ConfigurationException if the file exists but is unreadable or does not parse, with every
     *     problem
     */
    public ReloadingFile<T> loadIfExists(T absent) {
      Objects.requireNonNull(absent, "absent");
      if (!Files.exists(file)) {
        return new ReloadingFile<>(this, absent, Optional.empty(), new WatchedFile(file));
      }
      return load();
    }
  }
}
