package dev.latchkey.keystore.file.internal;

import dev.latchkey.ConfigurationException;
import dev.latchkey.CredentialSource;
import dev.latchkey.Principal;
import dev.latchkey.config.CredentialSourceFactory;
import dev.latchkey.config.KeyListReader;
import dev.latchkey.config.Settings;
import dev.latchkey.hash.Peppers;
import dev.latchkey.keystore.file.YamlKeySource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code type: yaml-keys}: a {@link YamlKeySource} on a YAML file such as mcp-data-platform's
 * {@code platform.yaml}. Settings: {@code file} (required), {@code section}, {@code principal_prefix},
 * {@code check_interval}, {@code auto_reload}, {@code peppers}. Stateless and thread-safe.
 */
public final class YamlKeysSourceFactory implements CredentialSourceFactory {
  /** For {@link java.util.ServiceLoader}. */
  public YamlKeysSourceFactory() {}

  @Override
  public String type() {
    return "yaml-keys";
  }

  @Override
  public Optional<CredentialSource> create(Settings settings, Context context) {
    int before = settings.problemCount();
    Optional<Path> file = settings.requiredExistingFile("file");
    Optional<String> section = settings.text("section");
    section.filter(s -> s.isBlank() || s.startsWith(".") || s.endsWith(".") || s.contains(".."))
        .ifPresent(s -> settings.problem("section", "must be names separated by dots, such as auth.api_keys"));
    Optional<String> prefix = settings.text("principal_prefix");
    prefix.flatMap(Principal::problemWith)
        .ifPresent(problem -> settings.problem("principal_prefix", problem + ", which no principal name may"));
    Optional<Duration> interval = settings.duration("check_interval");
    boolean autoReload = settings.flag("auto_reload", true);
    Peppers peppers = KeyListReader.peppers(settings);
    if (settings.problemCount() > before || file.isEmpty()) {
      return Optional.empty();
    }
    YamlKeySource.Builder builder = YamlKeySource.builder(file.get())
        .id(context.id())
        .environment(context.environment())
        .clock(context.clock())
        .peppers(peppers);
    section.ifPresent(builder::section);
    prefix.ifPresent(builder::namePrefix);
    interval.ifPresent(builder::checkInterval);
    if (!autoReload) {
      builder.noAutomaticReload();
    }
    try {
      return Optional.of(builder.build());
    } catch (ConfigurationException e) {
      settings.problems(e.problems());
      return Optional.empty();
    }
  }
}
