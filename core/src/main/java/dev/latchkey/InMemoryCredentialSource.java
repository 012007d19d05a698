package dev.latchkey;

import dev.latchkey.internal.Require;
import dev.latchkey.hash.HashedKeyIndex;
import dev.latchkey.hash.KeyEntry;
import dev.latchkey.hash.KeyHash;
import dev.latchkey.hash.KeyHashes;
import dev.latchkey.hash.KeyState;
import dev.latchkey.internal.CredentialRules;
import dev.latchkey.internal.PrincipalRules;
import dev.latchkey.internal.RoleSet;
import dev.latchkey.spi.HealthReporting;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * API keys held in memory, for host applications' test suites, demos and small fixed deployments.
 *
 * <p>Built on a {@link HashedKeyIndex}: keys are stored as SHA-256 digests, never as plaintext, so
 * verifying a credential is one digest and one look-up, the same work for an unknown key as for a
 * known one. Keys may also be added as any stored {@link KeyHash} (PBKDF2, MooseStack, bcrypt…).
 * Unknown keys {@link Verdict#abstain() abstain}; disabled keys are {@link Reason#DISABLED rejected};
 * keys past their expiry (by the injected {@link Clock}) are {@link Reason#EXPIRED rejected}.
 *
 * <p>Thread-safe. Readers work on an immutable snapshot and never block; {@link #add}, {@link #remove}
 * and {@link #setDisabled} publish a new snapshot, so a verification sees each change entirely or not
 * at all. Each change copies the snapshot: fine for the hundreds of keys of a test suite.
 */
public final class InMemoryCredentialSource implements CredentialSource, HealthReporting {
  /** The id used by {@link #create()}. */
  public static final String DEFAULT_ID = "in-memory";

  private final String id;
  private final HashedKeyIndex index;
  private final Object writeLock = new Object();

  private InMemoryCredentialSource(String id, Clock clock) {
    this.id = id;
    this.index = HashedKeyIndex.builder(id).clock(clock).build();
  }

  /**
   * An empty source with id {@value #DEFAULT_ID} on the system UTC clock.
   *
   * @return a new, empty source
   */
  public static InMemoryCredentialSource create() {
    return create(DEFAULT_ID, Clock.systemUTC());
  }

  /**
   * An empty source.
   *
   * @param id the source id, unique within a chain
   * @param clock the clock expiry is judged by
   * @return a new, empty source
   */
  public static InMemoryCredentialSource create(String id, Clock clock) {
    Require.nonBlank(id, "a source id");
    return new InMemoryCredentialSource(id, Objects.requireNonNull(clock, "clock"));
  }

  /**
   * Adds a key named {@code name} with {@code roles}.
   *
   * @param secret the key's secret
   * @param name the key's unique name, which becomes the principal name
   * @param roles the roles the key grants
   * @return this source
   * @throws IllegalArgumentException as {@link #add(Secret, Key)}
   */
  public InMemoryCredentialSource add(String secret, String name, String... roles) {
    return add(Secret.of(secret), Key.named(name).withRoles(roles));
  }

  /**
   * Adds a key; only its SHA-256 digest is kept.
   *
   * @param secret the key's secret
   * @param key the key's name, roles, expiry and state
   * @return this source
   * @throws IllegalArgumentException if a key with that name, or with that secret, already exists
   *     (the message names the existing key, never the secret), or if the secret could never arrive
   *     in a request (whitespace or control characters)
   */
  public InMemoryCredentialSource add(Secret secret, Key key) {
    Objects.requireNonNull(secret, "secret");
    CredentialRules.problemWith(secret.expose())
        .ifPresent(problem -> {
          throw new IllegalArgumentException("the secret for '" + key.name() + "' " + problem);
        });
    return add(KeyHashes.sha256(secret), key);
  }

  /**
   * Adds a key stored as {@code hash}, such as a PBKDF2 or MooseStack hash.
   *
   * @param hash the stored hash of the key's secret; never null
   * @param key the key's name, roles, expiry and state
   * @return this source
   * @throws IllegalArgumentException if a key with that name, or with that secret, already exists
   */
  public InMemoryCredentialSource add(KeyHash hash, Key key) {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(key, "key");
    synchronized (writeLock) {
      if (index.get(key.name()).isPresent()) {
        throw new IllegalArgumentException("a key named '" + key.name() + "' already exists");
      }
      index.put(entryOf(key, hash));
    }
    return this;
  }

  /**
   * Removes the key named {@code name}; returns whether there was one.
   *
   * @param name the key's name
   * @return {@code true} if a key was removed
   */
  public boolean remove(String name) {
    synchronized (writeLock) {
      return index.remove(name);
    }
  }

  /**
   * Disables or re-enables the key named {@code name}; returns whether there was one.
   *
   * @param name the key's name
   * @param disabled {@code true} to disable, {@code false} to enable
   * @return {@code true} if there was such a key
   */
  public boolean setDisabled(String name, boolean disabled) {
    synchronized (writeLock) {
      Optional<KeyEntry> entry = index.get(name);
      entry.ifPresent(
          e -> index.put(e.toBuilder().state(disabled ? KeyState.DISABLED : KeyState.ACTIVE).build()));
      return entry.isPresent();
    }
  }

  /**
   * The keys, sorted by name; secrets are not kept and so never listed.
   *
   * @return the keys, sorted by name, unmodifiable; a snapshot
   */
  public List<Key> keys() {
    List<Key> keys = new ArrayList<>();
    for (KeyEntry e : index.entries()) {
      keys.add(new Key(e.name(), e.roles(), e.expiresAt(), e.state() != KeyState.ACTIVE));
    }
    keys.sort(Comparator.comparing(Key::name));
    return List.copyOf(keys);
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
   * Always {@code UP}: nothing outside the process can fail. Details: {@code keys}, how many are held.
   * Never does I/O; thread-safe.
   *
   * @return the health
   */
  @Override
  public Health health() {
    return Health.of(Health.Status.UP, java.util.Map.of("keys", index.size()));
  }

  @Override
  public String toString() {
    return "InMemoryCredentialSource[id=" + id + ", keys=" + index.size() + "]";
  }

  private static KeyEntry entryOf(Key key, KeyHash hash) {
    KeyEntry.Builder entry =
        KeyEntry.builder(key.name(), hash)
            .roles(key.roles())
            .state(key.disabled() ? KeyState.DISABLED : KeyState.ACTIVE);
    key.expiresAt().ifPresent(entry::expiresAt);
    return entry.build();
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
    /**
     * Validates and copies.
     *
     * @param name the key's unique name, which becomes the principal name
     * @param roles the roles the key grants
     * @param expiresAt when the key stops working, if it does
     * @param disabled whether the key is disabled
     * @throws IllegalArgumentException if the name is blank, or the name or a role has a control
     *     character, which no principal may have
     */
    public Key {
      PrincipalRules.requireName(name, "a key's name");
      roles = RoleSet.of(roles);
      Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /**
     * An enabled key named {@code name} with no roles and no expiry.
     *
     * @param name the key's unique name
     * @return a new key definition
     */
    public static Key named(String name) {
      return new Key(name, Set.of(), Optional.empty(), false);
    }

    /**
     * This key with {@code roles} instead of its roles.
     *
     * @param roles the roles, in order
     * @return a copy of this key with those roles
     */
    public Key withRoles(String... roles) {
      return withRoles(Arrays.asList(roles));
    }

    /**
     * This key with {@code roles} instead of its roles.
     *
     * @param roles the roles, in order
     * @return a copy of this key with those roles
     */
    public Key withRoles(Collection<String> roles) {
      return new Key(name, new LinkedHashSet<>(roles), expiresAt, disabled);
    }

    /**
     * This key expiring at {@code expiresAt}.
     *
     * @param expiresAt the instant the key stops working
     * @return a copy of this key with that expiry
     */
    public Key expiringAt(Instant expiresAt) {
      return new Key(name, roles, Optional.of(expiresAt), disabled);
    }

    /**
     * This key, disabled or enabled.
     *
     * @param disabled {@code true} to disable the key
     * @return a copy of this key with that state
     */
    public Key withDisabled(boolean disabled) {
      return new Key(name, roles, expiresAt, disabled);
    }
  }
}
