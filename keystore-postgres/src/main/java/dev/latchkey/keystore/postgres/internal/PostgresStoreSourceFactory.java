package dev.latchkey.keystore.postgres.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.CredentialSource;
import dev.latchkey.Secret;
import dev.latchkey.config.CredentialSourceFactory;
import dev.latchkey.config.Settings;
import dev.latchkey.keystore.file.KeyStoreException;
import dev.latchkey.keystore.file.spi.ManagedStoreSettings;
import dev.latchkey.keystore.postgres.PostgresKeyStore;
import java.time.Duration;
import org.postgresql.ds.PGSimpleDataSource;
import java.util.Optional;

/**
 * {@code type: postgres-store}: a {@link PostgresKeyStore} on a HikariCP pool it owns. Settings:
 * {@code url} (required, {@code jdbc:postgresql://host[:port]/database}), {@code username},
 * {@code password} (use {@code ${VAR}}), {@code table_prefix}, {@code create_schema}, {@code pool_size},
 * {@code poll_interval}, {@code change_retention}, and those every managed store shares ({@code encryption_key}, {@code peppers},
 * {@code hash_new_keys_with_pepper}, {@code key_prefix}, {@code accept_kinds},
 * {@code upgrade_slow_hashes}, {@code flush_interval}). A database that cannot be reached is a problem
 * of {@code url} naming host and database, never the password. Stateless and thread-safe.
 */
public final class PostgresStoreSourceFactory implements CredentialSourceFactory {
  /** The pool's size unless configured: the store needs one connection to write, one to listen. */
  public static final int DEFAULT_POOL_SIZE = 4;
  /** How long the pool waits for a connection before a write or load fails. */
  private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

  /** For {@link java.util.ServiceLoader}. */
  public PostgresStoreSourceFactory() {}

  @Override
  public String type() {
    return "postgres-store";
  }

  @Override
  public Optional<CredentialSource> create(Settings settings, Context context) {
    int before = settings.problemCount();
    Optional<String> url = settings.requiredText("url");
    if (url.isPresent() && !url.get().startsWith("jdbc:postgresql://")) {
      settings.problem("url", "must be a jdbc:postgresql://host[:port]/database URL");
    }
    Optional<String> username = settings.text("username");
    Optional<Secret> password = settings.secret("password");
    Optional<String> prefix = settings.text("table_prefix");
    prefix.ifPresent(p -> {
      try {
        new Schema(p);
      } catch (IllegalArgumentException e) {
        settings.problem("table_prefix", "must be a lower-case letter, then up to 39 lower-case letters, digits or '_'");
      }
    });
    boolean createSchema = settings.flag("create_schema", false);
    int poolSize = settings.number("pool_size", 2, 100).map(Long::intValue).orElse(DEFAULT_POOL_SIZE);
    Optional<Duration> poll = settings.duration("poll_interval");
    Optional<Duration> retention = settings.duration("change_retention");
    if (settings.problemCount() > before || url.isEmpty()) {
      // Read anyway, so their own problems are reported too; nothing connects.
      ManagedStoreSettings.read(settings, PostgresKeyStore.builder(new PGSimpleDataSource()));
      return Optional.empty();
    }
    String where = Where.ofUrl(url.get());
    HikariDataSource pool;
    try {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(url.get());
      username.ifPresent(config::setUsername);
      password.ifPresent(p -> config.setPassword(p.expose()));
      config.setMaximumPoolSize(poolSize);
      config.setMinimumIdle(1);
      config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
      config.setPoolName("latchkey-" + context.id());
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      settings.problem("url", "PostgreSQL " + where + " cannot be reached (" + rootCause(e) + ")");
      return Optional.empty();
    }
    PostgresKeyStore.Builder builder = PostgresKeyStore.owning(pool).id(context.id()).clock(context.clock()).describedAs(where)
        .createSchema(createSchema);
    prefix.ifPresent(builder::tablePrefix);
    poll.ifPresent(builder::pollInterval);
    retention.ifPresent(builder::changeRetention);
    ManagedStoreSettings.read(settings, builder);
    if (settings.problemCount() > before) {
      pool.close();
      return Optional.empty();
    }
    try {
      return Optional.of(builder.open());
    } catch (KeyStoreException e) {
      pool.close();
      settings.problem("url", e.getMessage());
      return Optional.empty();
    }
  }

  /** The innermost cause's class name: a driver's messages may quote the URL, so none is repeated. */
  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName();
  }
}
