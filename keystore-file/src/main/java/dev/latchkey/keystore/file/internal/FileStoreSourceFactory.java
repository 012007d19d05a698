package dev.latchkey.keystore.file.internal;

import dev.latchkey.CredentialSource;
import dev.latchkey.config.CredentialSourceFactory;
import dev.latchkey.config.KeyListReader;
import dev.latchkey.config.Settings;
import dev.latchkey.hash.GeneratedKeys;
import dev.latchkey.hash.Peppers;
import dev.latchkey.keystore.file.FileKeyStore;
import dev.latchkey.keystore.file.KeyKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    settings.secret("encryption_key").ifPresent(builder::encryptionKey);
    Peppers peppers = KeyListReader.peppers(settings);
    builder.peppers(peppers);
    settings.text("hash_new_keys_with_pepper").ifPresent(id -> {
      if (peppers.get(id).isEmpty()) {
        settings.problem("hash_new_keys_with_pepper", "names no pepper in peppers");
      } else {
        builder.hashNewKeysWithPepper(id);
      }
    });
    settings.text("key_prefix").ifPresent(prefix -> {
      try {
        builder.keyFormat(GeneratedKeys.withPrefix(prefix));
      } catch (IllegalArgumentException e) {
        settings.problem("key_prefix", "must be 1-16 lower-case letters or digits, in up to three parts joined by '_'");
      }
    });
    List<KeyKind> kinds = new ArrayList<>();
    List<String> names = settings.texts("accept_kinds");
    for (int i = 0; i < names.size(); i++) {
      Optional<KeyKind> kind = KeyKind.fromJsonName(names.get(i));
      if (kind.isPresent()) {
        kinds.add(kind.get());
      } else {
        settings.problem("accept_kinds", i, "must be generic, content-api or admin");
      }
    }
    if (!kinds.isEmpty()) {
      builder.acceptKinds(kinds.get(0), kinds.subList(1, kinds.size()).toArray(new KeyKind[0]));
    }
    builder.upgradeSlowHashes(settings.flag("upgrade_slow_hashes", true));
    settings.duration("refresh_interval").ifPresent(builder::refreshInterval);
    settings.duration("flush_interval").ifPresent(builder::flushInterval);
    if (settings.problemCount() > before || file.isEmpty()) {
      return Optional.empty();
    }
    return FileSources.open(settings, builder::open);
  }
}
