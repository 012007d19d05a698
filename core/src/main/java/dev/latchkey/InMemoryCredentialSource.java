package dev.latchkey;

import dev.latchkey.internal.Digests;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * API keys held in memory, for host applications' test suites, demos and small fixed deployments.
 *
 * <p>Keys are stored as SHA-256 digests, never as plaintext: verifying a credential is one digest and
 * one hash-map look-up, the same work for an unknown key as for a known one. Unknown keys
 * {@link Verdict#abstain() abstain}; disabled keys are {@link Reason#DISABLED rejected}; keys past
 * their expiry (by the injected {@link Clock}) are {@link Reason#EXPIRED rejected}.
 *
 * <p>Thread-safe. Readers work on an immutable snapshot and never block; {@link #add}, {@link #remove}
 * and {@link #setDisabled} publish a new snapshot, so a verification sees each change entirely or not
 * at all. Changes copy the snapshot, which suits the hundreds of keys of a test suite, not millions.
 */
public final class InMemoryCredentialSource implements CredentialSource {
  /** The id used by {@link #create()}. */
  public static final String DEFAULT_ID = "in-memory";

  private final String id;
  private final Clock clock;
  private final Object writeLock = new Object();
  private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of());

  private InMemoryCredentialSource(String id, Clock clock) {
    this.id = id;
    this.clock = clock;
  }

  /** An empty source with id {@value #DEFAULT_ID} on the system UTC clock. */
  public static InMemoryCredentialSource create() {
    return create(DEFAULT_ID, Clock.systemUTC());
  }

  /**
   * An empty source.
   *
   * @param id the source id, unique within a chain
   * @param clock the clock expiry is judged by
   */
  public static InMemoryCredentialSource create(String id, Clock clock) {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("a source id must not be blank");
    }
    return new InMemoryCredentialSource(id, Objects.requireNonNull(clock, "clock"));
  }

  /**
   * Adds a key named {@code name} with {@code roles}.
   *
   * @throws IllegalArgumentException as {@link #add(Secret, Key)}
   */
  public InMemoryCredentialSource add(String secret, String name, String... roles) {
    return add(Secret.of(secret), Key.named(name).withRoles(roles));
  }

  /**
   * Adds a key.
   *
   * @param secret the key's secret; only its digest is kept
   * @param key the key's name, roles, expiry and state
   * @return this source
   * @throws IllegalArgumentException if a key with that name, or with that secret, already exists
   *     (the message names the existing key, never the secret)
   */
  public InMemoryCredentialSource add(Secret secret, Key key) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(key, "key");
    ByteBuffer digest = digestOf(secret);
    synchronized (writeLock) {
      Snapshot current = snapshot;
      if (current.digestsByName.containsKey(key.name())) {
        throw new IllegalArgumentException("a key named '" + key.name() + "' already exists");
      }
      Entry existing = current.entriesByDigest.get(digest);
      if (existing != null) {
        throw new IllegalArgumentException(
            "the secret for '" + key.name() + "' is already registered as '" + existing.key().name() + "'");
      }
      snapshot = current.with(digest, entry(key));
    }
    return this;
  }

  /** Removes the key named {@code name}; returns whether there was one. */
  public boolean remove(String name) {
    synchronized (writeLock) {
      Snapshot current = snapshot;
      ByteBuffer digest = current.digestsByName.get(name);
      if (digest == null) {
        return false;
      }
      snapshot = current.without(name, digest);
      return true;
    }
  }

  /** Disables or re-enables the key named {@code name}; returns whether there was one. */
  public boolean setDisabled(String name, boolean disabled) {
    synchronized (writeLock) {
      Snapshot current = snapshot;
      ByteBuffer digest = current.digestsByName.get(name);
      if (digest == null) {
        return false;
      }
      Key key = current.entriesByDigest.get(digest).key();
      snapshot = current.without(name, digest).with(digest, entry(key.withDisabled(disabled)));
      return true;
    }
  }

  /** The keys, sorted by name; secrets are not kept and so never listed. */
  public List<Key> keys() {
    List<Key> keys = new ArrayList<>();
    snapshot.entriesByDigest.values().forEach(e -> keys.add(e.key()));
    keys.sort(Comparator.comparing(Key::name));
    return List.copyOf(keys);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Verdict verify(Credential credential) {
    Entry entry = snapshot.entriesByDigest.get(digestOf(credential.secret()));
    if (entry == null) {
      return Verdict.abstain("no such key");
    }
    Key key = entry.key();
    if (key.disabled()) {
      return Verdict.reject(Reason.DISABLED, "key '" + key.name() + "' is disabled");
    }
    if (key.expiresAt().isPresent() && !clock.instant().isBefore(key.expiresAt().get())) {
      return Verdict.reject(
          Reason.EXPIRED, "key '" + key.name() + "' expired at " + key.expiresAt().get());
    }
    return entry.accept();
  }

  @Override
  public String toString() {
    return "InMemoryCredentialSource[id=" + id + ", keys=" + snapshot.entriesByDigest.size() + "]";
  }

  private Entry entry(Key key) {
    Principal.Builder principal =
        Principal.builder(key.name(), id).roles(key.roles()).credentialId(key.name());
    key.expiresAt().ifPresent(principal::expiresAt);
    return new Entry(key, Verdict.accept(principal.build()));
  }

  private static ByteBuffer digestOf(Secret secret) {
    // ByteBuffer equality compares contents; a digest is not secret, so a plain compare is fine.
    return ByteBuffer.wrap(Digests.sha256(secret.utf8()));
  }

  /** A key and the verdict that accepts it, built once: principals of a key never change. */
  private record Entry(Key key, Verdict accept) {}

  private record Snapshot(Map<ByteBuffer, Entry> entriesByDigest, Map<String, ByteBuffer> digestsByName) {
    Snapshot with(ByteBuffer digest, Entry entry) {
      Map<ByteBuffer, Entry> keys = new HashMap<>(entriesByDigest);
      keys.put(digest, entry);
      Map<String, ByteBuffer> names = new HashMap<>(digestsByName);
      names.put(entry.key().name(), digest);
      return new Snapshot(Map.copyOf(keys), Map.copyOf(names));
    }

    Snapshot without(String name, ByteBuffer digest) {
      Map<ByteBuffer, Entry> keys = new HashMap<>(entriesByDigest);
      keys.remove(digest);
      Map<String, ByteBuffer> names = new HashMap<>(digestsByName);
      names.remove(name);
      return new Snapshot(Map.copyOf(keys), Map.copyOf(names));
    }
  }

  /**
   * A key's public facts. Immutable; change with the {@code with…} methods.
   *
   * @param name the key's unique name, which becomes the principal name
   * @param roles the roles the key grants
   * @param expiresAt when the key stops working, if it does
   * @param disabled whether the key is disabled
   */
  public record Key(String name, Set<String> roles, Optional<Instant> expiresAt, boolean disabled) {
    /** Validates and copies. */
    public Key {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("a key name must not be blank");
      }
      Objects.requireNonNull(roles, "roles").forEach(r -> Objects.requireNonNull(r, "role"));
      roles = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(roles));
      Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** An enabled key named {@code name} with no roles and no expiry. */
    public static Key named(String name) {
      return new Key(name, Set.of(), Optional.empty(), false);
    }

    /** This key with {@code roles} instead of its roles. */
    public Key withRoles(String... roles) {
      return withRoles(Arrays.asList(roles));
    }

    /** This key with {@code roles} instead of its roles. */
    public Key withRoles(Collection<String> roles) {
      return new Key(name, new LinkedHashSet<>(roles), expiresAt, disabled);
    }

    /** This key expiring at {@code expiresAt}. */
    public Key expiringAt(Instant expiresAt) {
      return new Key(name, roles, Optional.of(expiresAt), disabled);
    }

    /** This key, disabled or enabled. */
    public Key withDisabled(boolean disabled) {
      return new Key(name, roles, expiresAt, disabled);
    }
  }
}
