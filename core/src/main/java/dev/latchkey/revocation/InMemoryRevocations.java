package dev.latchkey.revocation;

import dev.latchkey.Principal;
import dev.latchkey.spi.Background;
import dev.latchkey.spi.BackgroundSource;
import dev.latchkey.spi.RevocationListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BinaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The revocation set of one process: three concurrent hash maps (revoked {@code jti}s, subjects, key
 * ids), so {@link #check} is one or two lock-free lookups whatever the size of the set, and reads the
 * clock only when it finds an entry. An entry stops counting at its {@code until} by the injected
 * clock, and a background task on the authenticator's {@link Background} purges such entries every
 * {@linkplain #DEFAULT_PURGE_INTERVAL minute}.
 *
 * <p>Used alone, it serves one instance (revocations made here are refused here, and are lost when the
 * process ends). A shared store (such as {@code latchkey-redis}'s) keeps one of these per instance and
 * feeds it through {@link #merge} with what the other instances revoked.
 *
 * <p>Thread-safe; never does I/O. Listeners are called on the thread that applied the revocation.
 */
public final class InMemoryRevocations implements Revocations, BackgroundSource {
  /** How often entries past their {@code until} are purged. */
  public static final Duration DEFAULT_PURGE_INTERVAL = Duration.ofMinutes(1);

  private static final Logger LOG = LoggerFactory.getLogger(InMemoryRevocations.class);

  private final Clock clock;
  private final ConcurrentHashMap<String, Revocation.Token> tokens = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Revocation.Subject> subjects = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Revocation.Key> keys = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<RevocationListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean started = new AtomicBoolean();

  private InMemoryRevocations(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * An empty set on the system UTC clock.
   *
   * @return the set
   */
  public static InMemoryRevocations create() {
    return create(Clock.systemUTC());
  }

  /**
   * An empty set whose entries end by {@code clock}.
   *
   * @param clock the clock entries end by; the authenticator's, so tests control both
   * @return the set
   */
  public static InMemoryRevocations create(Clock clock) {
    return new InMemoryRevocations(clock);
  }

  /**
   * Revokes at once, in this process, and tells the listeners.
   *
   * @param revocation what to revoke
   * @throws IllegalArgumentException if its {@code until} is not after now
   */
  @Override
  public void revoke(Revocation revocation) {
    Objects.requireNonNull(revocation, "revocation");
    if (revocation.endedBy(clock.instant())) {
      throw new IllegalArgumentException("a revocation's until must be in the future");
    }
    merge(revocation);
  }

  /**
   * Adds a revocation heard from elsewhere (a shared store's message or resynchronisation), widening an
   * entry already there; one that has already ended is ignored. Listeners hear of it only if it changed
   * the set, so hearing a revocation twice costs nothing.
   *
   * @param revocation the revocation
   * @return {@code true} if the set changed
   */
  public boolean merge(Revocation revocation) {
    Objects.requireNonNull(revocation, "revocation");
    if (revocation.endedBy(clock.instant())) {
      return false;
    }
    Revocation merged;
    if (revocation instanceof Revocation.Token t) {
      merged = widen(tokens, t.jti(), t, (a, b) -> new Revocation.Token(a.jti(), later(a.until(), b.until())));
    } else if (revocation instanceof Revocation.Subject s) {
      merged = widen(subjects, s.subject(), s, (a, b) -> new Revocation.Subject(
          a.subject(), a.issuedBefore().isAfter(b.issuedBefore()) ? a.issuedBefore() : b.issuedBefore(), later(a.until(), b.until())));
    } else {
      Revocation.Key k = (Revocation.Key) revocation;
      merged = widen(keys, k.keyId(), k, (a, b) -> new Revocation.Key(a.keyId(), later(a.until(), b.until())));
    }
    if (merged == null) {
      return false;
    }
    for (RevocationListener listener : listeners) {
      try {
        listener.revoked(merged);
      } catch (RuntimeException | LinkageError e) {
        LOG.warn("a revocation listener failed: {}", e.getClass().getName());
      }
    }
    return true;
  }

  /** Puts the widened entry; the new entry if the map changed, null if it held that already. */
  private static <R extends Revocation> R widen(ConcurrentHashMap<String, R> map, String id, R revocation, BinaryOperator<R> wider) {
    Object[] changed = new Object[1];
    map.compute(id, (k, old) -> {
      R next = old == null ? revocation : wider.apply(old, revocation);
      changed[0] = next.equals(old) ? null : next;
      return next;
    });
    @SuppressWarnings("unchecked")
    R result = (R) changed[0];
    return result;
  }

  /** The later end; never (empty) if either never ends. */
  private static Optional<Instant> later(Optional<Instant> a, Optional<Instant> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return Optional.empty();
    }
    return a.get().isAfter(b.get()) ? a : b;
  }

  /** One or two map lookups; the clock is read only when an entry is found. Never {@link Status#UNKNOWN}. */
  @Override
  public Status check(Principal principal, Kind kind) {
    Optional<String> id = principal.credentialId();
    if (kind == Kind.TOKEN) {
      if (id.isPresent()) {
        Revocation.Token token = tokens.get(id.get());
        if (token != null && inForce(token)) {
          return Status.REVOKED;
        }
      }
      Revocation.Subject subject = subjects.get(principal.name());
      return subject != null && subject.matches(principal) && inForce(subject) ? Status.REVOKED : Status.NOT_REVOKED;
    }
    if (id.isPresent()) {
      Revocation.Key key = keys.get(id.get());
      if (key != null && inForce(key)) {
        return Status.REVOKED;
      }
    }
    return Status.NOT_REVOKED;
  }

  private boolean inForce(Revocation revocation) {
    return revocation.until().isEmpty() || !revocation.endedBy(clock.instant());
  }

  @Override
  public Registration listen(RevocationListener listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public int size() {
    return tokens.size() + subjects.size() + keys.size();
  }

  /**
   * Drops every entry past its {@code until}; the background does this every minute.
   *
   * @return how many entries were dropped
   */
  public int purgeExpired() {
    Instant now = clock.instant();
    int before = size();
    tokens.values().removeIf(r -> r.endedBy(now));
    subjects.values().removeIf(r -> r.endedBy(now));
    keys.values().removeIf(r -> r.endedBy(now));
    return Math.max(0, before - size());
  }

  /**
   * Purges ended entries every {@link #DEFAULT_PURGE_INTERVAL} on {@code background}. Called by
   * {@link dev.latchkey.Latchkey.Builder#build()}; starting again does nothing.
   *
   * @param background where the purge runs
   */
  @Override
  public void start(Background background) {
    if (started.compareAndSet(false, true)) {
      background.every("purge ended revocations", DEFAULT_PURGE_INTERVAL, this::purgeExpired);
    }
  }

  /** The number of entries, never their ids. */
  @Override
  public String toString() {
    return "InMemoryRevocations[" + size() + " entries]";
  }
}
