package dev.latchkey.keystore.file.internal;

import dev.latchkey.CredentialSource;
import dev.latchkey.config.CredentialSourceFactory;
import dev.latchkey.config.Settings;
import dev.latchkey.keystore.file.OmnidevKeyFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code type: omnidev-file}: an {@link OmnidevKeyFile} on Omnidev's {@code workspaces/api-keys.json}.
 * Settings: {@code file} (required), {@code roles}, {@code refresh_interval}. Stateless and thread-safe.
 */
public final class OmnidevFileSourceFactory implements CredentialSourceFactory {
  /** For {@link java.util.ServiceLoader}. */
  public OmnidevFileSourceFactory() {}

  @Override
  public String type() {
    return "omnidev-file";
  }

  @Override
  public Optional<CredentialSource> create(Settings settings, Context context) {
    int before = settings.problemCount();
    Optional<Path> file = settings.requiredExistingFile("file");
    List<String> roles = settings.roles("roles");
    OmnidevKeyFile.Builder builder = OmnidevKeyFile.builder(file.orElse(Path.of("unused")))
        .id(context.id())
        .clock(context.clock())
        .roles(roles.toArray(new String[0]));
    settings.duration("refresh_interval").ifPresent(builder::refreshInterval);
    if (settings.problemCount() > before || file.isEmpty()) {
      return Optional.empty();
    }
    return FileSources.open(settings, builder::open);
  }
}
