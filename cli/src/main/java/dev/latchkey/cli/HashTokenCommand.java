package dev.latchkey.cli;

import dev.latchkey.Secret;
import dev.latchkey.hash.KeyHashes;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;

/**
 * {@code latchkey hash-token [--json]}: a new MooseStack admin token and the value the server stores,
 * as {@code moose generate hash-token} makes them. The token is {@code <32 hex>.<32 hex>} (16 random
 * bytes, a dot, a 16-byte random salt); the stored value is the 40-hex PBKDF2-HMAC-SHA256 (1000
 * iterations, 20 bytes) of the hex texts.
 */
@Command(
    name = "hash-token",
    description = {
      "Generate a MooseStack-compatible admin token and its stored hash.",
      "The bearer token is shown once: give it to the client; keep only the hash on the server",
      "(MOOSE_AUTHENTICATION__ADMIN_API_KEY, or moose-pbkdf2:<hash> in a Latchkey key store)."
    })
final class HashTokenCommand implements Callable<Integer> {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Option(names = "--json", description = "Print {\"api_key_hash\": …, \"bearer_token\": …} as moose generate hash-token --json does.")
  private boolean json;

  private final Terminal terminal;

  HashTokenCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() {
    String token = randomHex() + "." + randomHex();
    String stored = KeyHashes.mooseStoredValueOf(KeyHashes.mooseToken(Secret.of(token)));
    if (json) {
      // Moose prints serde_json's pretty form of {api_key_hash, bearer_token}: two-space indent.
      terminal.out().println("{\n  \"api_key_hash\": \"" + stored + "\",\n  \"bearer_token\": \"" + token + "\"\n}");
    } else {
      terminal.out().println("API key hash (store on the server; moose-pbkdf2:<hash> in Latchkey):");
      terminal.out().println("  " + stored);
      terminal.out().println("Bearer token (give to the client; shown once, not kept anywhere):");
      terminal.out().println("  " + token);
    }
    return ExitCode.OK;
  }

  private static String randomHex() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
