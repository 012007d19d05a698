package dev.latchkey.spring.autoconfigure;

import dev.latchkey.Credential;
import dev.latchkey.CredentialSource;
import dev.latchkey.Verdict;
import dev.latchkey.config.CredentialSourceFactory;
import dev.latchkey.config.Settings;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code type: closing-probe}: a source that abstains from everything and counts how often a source of
 * its kind was closed, so a test sees whether the application context closed the authenticator.
 */
public final class ClosingProbe implements CredentialSourceFactory {
  static final AtomicInteger CLOSED = new AtomicInteger();

  /** For {@link java.util.ServiceLoader}. */
  public ClosingProbe() {}

  @Override
  public String type() {
    return "closing-probe";
  }

  @Override
  public Optional<CredentialSource> create(Settings settings, Context context) {
    return Optional.of(new Source(context.id()));
  }

  private record Source(String id) implements CredentialSource, AutoCloseable {
    @Override
    public Verdict verify(Credential credential) {
      return Verdict.abstain();
    }

    @Override
    public void close() {
      CLOSED.incrementAndGet();
    }
  }
}
