package dev.latchkey.cli;

import dev.latchkey.Secret;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * {@code --encryption-key-env NAME}: the key under which a store keeps encrypted copies of new secrets
 * that their owners may view again, read from the environment variable {@code NAME} — never from an
 * argument, which would land in shell history and process lists.
 */
final class EncryptionKeyOption {
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  @Option(
      names = "--encryption-key-env",
      paramLabel = "NAME",
      description = "Keep an encrypted copy of the new secret that its owner may view, under the key in environment variable NAME.")
  private String variable;

  /**
   * The encryption key, if the option is given; a value given in place of a name, or a variable that
   * is not set, is a usage error that does not echo the value.
   */
  Optional<Secret> encryptionKey(Terminal terminal) {
    if (variable == null) {
      return Optional.empty();
    }
    if (!VARIABLE.matcher(variable).matches()) {
      throw CommandFailure.usage("--encryption-key-env takes the name of an environment variable, not its value (not shown)");
    }
    return Optional.of(
        terminal.variable(variable)
            .map(Secret::of)
            .orElseThrow(() -> CommandFailure.usage("the environment variable " + variable + " (--encryption-key-env) is not set")));
  }
}
