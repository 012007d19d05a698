package dev.latchkey.keystore.env.internal;

import dev.latchkey.CredentialSource;
import dev.latchkey.config.CredentialSourceFactory;
import dev.latchkey.config.KeyListReader;
import dev.latchkey.config.Settings;
import dev.latchkey.hash.Peppers;
import dev.latchkey.keystore.env.EnvConfigurationException;
import dev.latchkey.keystore.env.EnvKeySource;
import dev.latchkey.keystore.env.EnvLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code type: env}: an {@link EnvKeySource} reading the environment the configuration was loaded
 * with. Settings: {@code layouts} (any of {@code omnidev}, {@code moosestack}, {@code generic};
 * required), {@code generic_prefix}, {@code dotenv_files} (relative to the configuration; none by
 * default), {@code files_override_environment}, {@code peppers}. Stateless and thread-safe.
 */
public final class EnvSourceFactory implements CredentialSourceFactory {
  /** For {@link java.util.ServiceLoader}. */
  public EnvSourceFactory() {}

  @Override
  public String type() {
    return "env";
  }

  @Override
  public Optional<CredentialSource> create(Settings settings, Context context) {
    int before = settings.problemCount();
    EnvKeySource.Builder builder = EnvKeySource.builder().id(context.id()).environment(context.environment()).clock(context.clock());
    Optional<String> prefix = settings.text("generic_prefix");
    List<String> layouts = settings.texts("layouts");
    if (layouts.isEmpty() && !settings.has("layouts")) {
      settings.problem("layouts", "is required: list omnidev, moosestack or generic");
    }
    for (int i = 0; i < layouts.size(); i++) {
      switch (layouts.get(i)) {
        case "omnidev" -> builder.layout(EnvLayout.omnidev());
        case "moosestack" -> builder.layout(EnvLayout.mooseStack());
        case "generic" -> {
          try {
            builder.layout(prefix.map(EnvLayout::generic).orElseGet(EnvLayout::generic));
          } catch (IllegalArgumentException e) {
            settings.problem("generic_prefix", "must be letters, digits and _");
          }
        }
        default -> settings.problem("layouts", i, "must be omnidev, moosestack or generic");
      }
    }
    if (prefix.isPresent() && !layouts.contains("generic")) {
      settings.problem("generic_prefix", "applies to the generic layout only");
    }
    List<String> dotenv = settings.texts("dotenv_files");
    builder.dotenvFiles(dotenv.stream().map(f -> context.directory().resolve(f).normalize()).toArray(Path[]::new));
    if (settings.flag("files_override_environment", false)) {
      builder.filesOverrideEnvironment();
    }
    Peppers peppers = KeyListReader.peppers(settings);
    builder.peppers(peppers);
    if (settings.problemCount() > before || layouts.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(builder.build());
    } catch (EnvConfigurationException e) {
      settings.problems(e.problems().stream().map(EnvConfigurationException.Problem::toConfigurationProblem).toList());
      return Optional.empty();
    }
  }
}
