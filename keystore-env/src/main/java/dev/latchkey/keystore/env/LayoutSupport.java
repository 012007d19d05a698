package dev.latchkey.keystore.env;

import dev.latchkey.Credential;
import dev.latchkey.Secret;
import dev.latchkey.hash.KeyEntry;
import dev.latchkey.hash.KeyHash;
import dev.latchkey.hash.KeyHashes;
import dev.latchkey.keystore.env.EnvConfigurationException.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the built-in layouts share: reading a key variable and collecting problems. */
final class LayoutSupport {
  final List<KeyEntry> entries = new ArrayList<>();
  final List<Problem> problems = new ArrayList<>();

  /** The variable's value if it is set to something; empty if unset or set to "". */
  static Optional<EnvVariable> set(EnvVariables variables, String name) {
    return variables.get(name).filter(v -> !v.value().isEmpty());
  }

  /** The digest of a plaintext key, or a problem if the value could never be a credential. */
  Optional<KeyHash> plaintext(EnvVariable variable, String value) {
    return plaintext(variable, value, "");
  }

  /** As {@link #plaintext(EnvVariable, String)}, naming which part of the variable is at fault. */
  Optional<KeyHash> plaintext(EnvVariable variable, String value, String part) {
    if (value.isBlank()) {
      problems.add(Problem.of(variable, "is only whitespace"));
      return Optional.empty();
    }
    Optional<String> problem = Credential.problemWith(value);
    if (problem.isPresent()) {
      problems.add(Problem.of(variable, part + "holds a key that " + problem.get() + ", so no request could present it"));
      return Optional.empty();
    }
    return Optional.of(KeyHashes.sha256(Secret.of(value)));
  }

  /** The result, or the problems. */
  List<KeyEntry> result() {
    if (!problems.isEmpty()) {
      throw new EnvConfigurationException(problems);
    }
    return List.copyOf(entries);
  }
}
