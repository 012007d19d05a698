package dev.latchkey.keystore.file;

import dev.latchkey.Secret;
import dev.latchkey.hash.GeneratedKeys;
import dev.latchkey.hash.Peppers;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What every managed key store is configured with, whatever keeps its keys (the file, a database):
 * the builders of {@link FileKeyStore} and of the PostgreSQL store extend it. Not thread-safe.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class ManagedKeyStoreBuilder<B extends ManagedKeyStoreBuilder<B>> {
  /** How often pending last-used times are written, by default. */
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMinutes(1);

  private String id;
  private Clock clock = Clock.systemUTC();
  private Peppers peppers = Peppers.none();
  private String newKeyPepper;
  private GeneratedKeys keyFormat = GeneratedKeys.standard();
  private Secret encryptionKey;
  private OwnerDirectory owners;
  private Set<KeyKind> acceptedKinds = EnumSet.allOf(KeyKind.class);
  private boolean upgradeSlowHashes = true;
  private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
  private Consumer<KeyStoreEvent> listener = event -> { };

  /**
   * A builder whose source id is {@code defaultId} unless set.
   *
   * @param defaultId the source id used unless {@link #id} is called
   */
  protected ManagedKeyStoreBuilder(String defaultId) {
    this.id = Objects.requireNonNull(defaultId, "defaultId");
  }

  /**
   * This builder, as its concrete type.
   *
   * @return this builder
   */
  protected abstract B self();

  /**
   * The source id in principals, events and traces.
   *
   * @param id the source id, unique within a chain
   * @return this builder
   */
  public B id(String id) {
    this.id = Objects.requireNonNull(id, "id");
    return self();
  }

  /**
   * The clock for expiry, grace periods and timestamps; the system UTC clock by default.
   *
   * @param clock the clock to use; never null
   * @return this builder
   */
  public B clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return self();
  }

  /**
   * The format of generated keys (their prefix); {@link GeneratedKeys#standard()} by default.
   *
   * @param keyFormat the generated-key format for new and regenerated keys
   * @return this builder
   */
  public B keyFormat(GeneratedKeys keyFormat) {
    this.keyFormat = Objects.requireNonNull(keyFormat, "keyFormat");
    return self();
  }

  /**
   * Peppers for keyed hashes ({@code hmac-sha256:<id>:…}, Strapi's {@code hmac-sha512}).
   *
   * @param peppers the peppers keyed hashes may name
   * @return this builder
   */
  public B peppers(Peppers peppers) {
    this.peppers = Objects.requireNonNull(peppers, "peppers");
    return self();
  }

  /**
   * Hash new keys with HMAC-SHA256 under the pepper {@code pepperId} (one of {@link #peppers}) instead
   * of plain SHA-256, so stolen hashes alone cannot confirm a guessed key.
   *
   * @param pepperId the id of a pepper given to {@link #peppers}
   * @return this builder
   */
  public B hashNewKeysWithPepper(String pepperId) {
    this.newKeyPepper = Objects.requireNonNull(pepperId, "pepperId");
    return self();
  }

  /**
   * Keep an encrypted copy of each new key that its owner may view (Strapi's
   * {@code admin.secrets.encryptionKey}): AES-256-GCM under the SHA-256 of this string. Never stored.
   * Without it, a key's secret is shown once only.
   *
   * @param encryptionKey the encryption secret; never logged or stored
   * @return this builder
   */
  public B encryptionKey(Secret encryptionKey) {
    this.encryptionKey = Objects.requireNonNull(encryptionKey, "encryptionKey");
    return self();
  }

  /**
   * Check owners of owned keys on every request; without one, owners are not checked.
   *
   * @param owners the directory to ask; never null
   * @return this builder
   */
  public B ownerDirectory(OwnerDirectory owners) {
    this.owners = Objects.requireNonNull(owners, "owners");
    return self();
  }

  /**
   * The kinds this source accepts (others are rejected as invalid); all by default.
   *
   * @param first a kind to accept
   * @param more further kinds to accept
   * @return this builder
   */
  public B acceptKinds(KeyKind first, KeyKind... more) {
    this.acceptedKinds = EnumSet.of(first, more);
    return self();
  }

  /**
   * Whether a slow imported hash (bcrypt, PBKDF2, Argon2) is replaced by a fast digest of the key after
   * its first successful use (written in the background); yes by default.
   *
   * @param upgrade {@code false} to keep imported hashes as they are
   * @return this builder
   */
  public B upgradeSlowHashes(boolean upgrade) {
    this.upgradeSlowHashes = upgrade;
    return self();
  }

  /**
   * How often the background writes pending last-used times, once the store is started;
   * {@link #DEFAULT_FLUSH_INTERVAL} by default. {@link Duration#ZERO}: only when flushed by hand and on
   * close.
   *
   * @param interval the delay between writes; zero or positive
   * @return this builder
   */
  public B flushInterval(Duration interval) {
    this.flushInterval = nonNegative(interval);
    return self();
  }

  /**
   * Receives reloads, failed reloads and failed background writes; must not block.
   *
   * @param listener the listener; never null
   * @return this builder
   */
  public B listener(Consumer<KeyStoreEvent> listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    return self();
  }

  /**
   * {@code d}, if it is not negative.
   *
   * @param d an interval
   * @return {@code d}
   * @throws IllegalArgumentException if it is negative
   */
  protected static Duration nonNegative(Duration d) {
    if (Objects.requireNonNull(d, "interval").isNegative()) {
      throw new IllegalArgumentException("an interval must not be negative");
    }
    return d;
  }

  /**
   * What was configured.
   *
   * @return the settings
   * @throws IllegalArgumentException if the pepper for new keys is not among the peppers
   */
  protected final KeyStoreSettings settings() {
    return new KeyStoreSettings(id, clock, peppers, keyFormat, Optional.ofNullable(newKeyPepper), Optional.ofNullable(encryptionKey),
        Optional.ofNullable(owners), acceptedKinds, upgradeSlowHashes, flushInterval, listener);
  }
}
