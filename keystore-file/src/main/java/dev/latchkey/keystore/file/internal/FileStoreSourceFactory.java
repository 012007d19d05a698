package dev.latchkey.keystore.file.internal;

import dev.latchkey.CredentialSource;
import dev.latchkey.config.CredentialSourceFactory;
import dev.latchkey.config.Settings;
import dev.latchkey.keystore.file.FileKeyStore;
import dev.latchkey.keystore.file.spi.ManagedStoreSettings;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code type: file-store}: a {@link FileKeyStore}. Settings: {@code file} (required),
 * {@code encryption_key}, {@code peppers}, {@code hash_new_keys_with_pepper}, {@code key_prefix},
 * {@code accept_kinds}, {@code upgrade_slow_hashes}, {@code refresh_interval}, {@code flush_interval}.
 * An {@link dev.latchkey.keystore.file.OwnerDirectory} is code, not configuration: a host that needs
 * owner checks builds the store itself. Stateless and thread-safe.
 */
public final class FileStoreSourceFactory implements CredentialSourceFactory {
  /** For {@link java.util.ServiceLoader}. */
  public FileStoreSourceFactory() {}

  @Override
  public String type() {
    return "file-store";
  }

  @Override
  public Optional<CredentialSource> create(Settings settings, Context context) {
    int before = settings.problemCount();
    // A store file is created only where the configuration says so: a mistyped name must not start an empty store.
    Optional<Path> file = settings.flag("create_if_missing", false)
        ? settings.requiredFile("file")
        : settings.requiredExistingFile("file");
    FileKeyStore.Builder builder = FileKeyStore.builder(file.orElse(Path.of("unused"))).id(context.id()).clock(context.clock());
    ManagedStoreSettings.read(settings, builder);
    settings.duration("refresh_interval").ifPresent(builder::refreshInterval);
    if (settings.problemCount() > before || file.isEmpty()) {
      return Optional.empty();
    }
    return FileSources.open(settings, builder::open);
  }
}
