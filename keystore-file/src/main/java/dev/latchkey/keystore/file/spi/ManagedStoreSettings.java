package dev.latchkey.keystore.file.spi;

import dev.latchkey.config.KeyListReader;
import dev.latchkey.config.Settings;
import dev.latchkey.hash.GeneratedKeys;
import dev.latchkey.hash.Peppers;
import dev.latchkey.keystore.file.KeyKind;
import dev.latchkey.keystore.file.ManagedKeyStoreBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The YAML settings every managed key store shares, whatever keeps its keys: {@code encryption_key},
 * {@code peppers}, {@code hash_new_keys_with_pepper}, {@code key_prefix}, {@code accept_kinds},
 * {@code upgrade_slow_hashes}, {@code flush_interval}. Stateless.
 */
public final class ManagedStoreSettings {
  private ManagedStoreSettings() {}

  /**
   * Reads the shared settings into {@code builder}; each problem is reported on {@code settings}.
   *
   * @param settings the source's settings
   * @param builder the store's builder
   */
  public static void read(Settings settings, ManagedKeyStoreBuilder<?> builder) {
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
    settings.duration("flush_interval").ifPresent(builder::flushInterval);
  }
}
