package dev.latchkey.internal;

import dev.latchkey.CredentialSource;
import dev.latchkey.InMemoryCredentialSource;
import dev.latchkey.config.CredentialSourceFactory;
import dev.latchkey.config.KeyDefinition;
import dev.latchkey.config.KeyListReader;
import dev.latchkey.config.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code type: in-memory}: keys listed in the configuration itself, usually as {@code ${VAR}}
 * references ({@code keys: [{key: ${CI_KEY}, name: ci-bot, roles: [deploy]}]}), held as digests by an
 * {@link InMemoryCredentialSource}. The principal is the key's name. Stateless and thread-safe.
 */
public final class InMemorySourceFactory implements CredentialSourceFactory {
  /** For {@link java.util.ServiceLoader}. */
  public InMemorySourceFactory() {}

  @Override
  public String type() {
    return "in-memory";
  }

  @Override
  public Optional<CredentialSource> create(Settings settings, Context context) {
    KeyListReader reader = new KeyListReader(KeyListReader.peppers(settings));
    List<KeyDefinition> keys = new ArrayList<>();
    int before = settings.problemCount();
    if (!settings.has("keys")) {
      settings.problem("keys", "is required");
    }
    for (Settings key : settings.sections("keys")) {
      reader.read(key).ifPresent(keys::add);
    }
    if (settings.problemCount() > before) {
      return Optional.empty();
    }
    InMemoryCredentialSource source = InMemoryCredentialSource.create(context.id(), context.clock());
    for (KeyDefinition key : keys) {
      InMemoryCredentialSource.Key k =
          InMemoryCredentialSource.Key.named(key.name()).withRoles(key.roles()).withDisabled(key.disabled());
      source.add(key.hash(), key.expiresAt().map(k::expiringAt).orElse(k));
    }
    return Optional.of(source);
  }
}
