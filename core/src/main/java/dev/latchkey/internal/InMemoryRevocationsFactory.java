package dev.latchkey.internal;

import dev.latchkey.config.RevocationsFactory;
import dev.latchkey.config.Settings;
import dev.latchkey.revocation.InMemoryRevocations;
import dev.latchkey.revocation.Revocations;
import java.util.Optional;

/**
 * {@code revocations: {type: memory}}: revocations kept in this process only, for a single instance.
 * No settings. Stateless.
 */
public final class InMemoryRevocationsFactory implements RevocationsFactory {
  /** For {@link java.util.ServiceLoader}. */
  public InMemoryRevocationsFactory() {}

  @Override
  public String type() {
    return "memory";
  }

  @Override
  public Optional<Revocations> create(Settings settings, Context context) {
    return Optional.of(InMemoryRevocations.create(context.clock()));
  }
}
