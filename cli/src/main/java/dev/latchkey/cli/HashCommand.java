package dev.latchkey.cli;

import dev.latchkey.Secret;
import dev.latchkey.hash.KeyHash;
import dev.latchkey.hash.KeyHashes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;

/**
 * {@code latchkey hash --format FORMAT}: the stored form of a secret read from standard input (one
 * trailing newline removed), in any format {@link KeyHashes} can make. The secret is never printed.
 */
@Command(
    name = "hash",
    description = {
      "Hash a secret from standard input into a stored hash.",
      "One trailing newline is removed; the hash goes to a key store or a LATCHKEY_KEY_* variable, e.g.",
      "  printf '%%s' \"$KEY\" | latchkey hash --format sha256"
    })
final class HashCommand implements Callable<Integer> {
  /** Larger input is refused: no key or password is this long. */
  private static final int MAX_SECRET_BYTES = 8 * 1024;
  /** Hashed only to learn which formats can be made, on the error path. */
  private static final Secret PROBE = Secret.of("probe");

  @Option(
      names = "--format",
      required = true,
      paramLabel = "FORMAT",
      description = "sha256 (generated, high-entropy keys), pbkdf2-sha256 (human-chosen secrets), argon2id, …")
  private String format;

  private final Terminal terminal;

  HashCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws IOException {
    if (!KeyHashes.formats().contains(format)) {
      throw cannotMake();
    }
    byte[] input = terminal.in().readNBytes(MAX_SECRET_BYTES + 3);
    if (input.length > MAX_SECRET_BYTES + 2) {
      throw CommandFailure.failure("the input is longer than " + MAX_SECRET_BYTES + " bytes; a secret is never this long");
    }
    String secret = withoutOneTrailingNewline(new String(input, StandardCharsets.UTF_8));
    if (secret.isEmpty()) {
      throw CommandFailure.failure("no secret on standard input; pipe it in, e.g. printf '%s' \"$KEY\" | latchkey hash --format " + format);
    }
    KeyHash hash;
    try {
      hash = KeyHashes.create(format, Secret.of(secret));
    } catch (IllegalArgumentException e) {
      throw cannotMake();
    }
    terminal.out().println(hash.encoded());
    return ExitCode.OK;
  }

  private static String withoutOneTrailingNewline(String text) {
    if (text.endsWith("\r\n")) {
      return text.substring(0, text.length() - 2);
    }
    return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
  }

  private CommandFailure cannotMake() {
    return CommandFailure.usage("cannot make '" + format + "' hashes; the formats are " + String.join(", ", makeableFormats()));
  }

  /**
   * The formats {@link KeyHashes#create} makes hashes in: every known format except those that need
   * more than a secret (a pepper for {@code hmac-*}, a token pair for {@code moose-pbkdf2}) or only read
   * imported hashes ({@code bcrypt}), found by asking for one.
   */
  private static List<String> makeableFormats() {
    List<String> makeable = new ArrayList<>();
    for (String name : KeyHashes.formats()) {
      try {
        KeyHashes.create(name, PROBE);
        makeable.add(name);
      } catch (IllegalArgumentException cannot) {
        // needs a pepper or a token pair, or only reads imported hashes
      }
    }
    return makeable;
  }
}
