package dev.latchkey.spring.autoconfigure;

import dev.latchkey.ConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a startup that failed on Latchkey's configuration: every problem on a line of its own, each
 * with where it was set and the property at fault, and what to do. Never quotes a configured value (the
 * problems never hold one). Stateless and thread-safe.
 */
public class LatchkeyConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<ConfigurationException> {
  /** Made by Spring Boot. */
  public LatchkeyConfigurationFailureAnalyzer() {}

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, ConfigurationException cause) {
    StringBuilder description = new StringBuilder("Latchkey's configuration has ")
        .append(cause.problems().size() == 1 ? "a problem" : cause.problems().size() + " problems").append(':');
    cause.problems().forEach(p -> description.append("\n    ").append(p));
    return new FailureAnalysis(description.toString(),
        "Fix the settings named above. The settings under latchkey: have the schema of Latchkey's chain file"
            + " (realm, carriers, sources, policies, messages); latchkey.config-file names such a file instead.",
        cause);
  }
}
