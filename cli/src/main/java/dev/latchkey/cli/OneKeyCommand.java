package dev.latchkey.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** A {@code keys} command on one key of a store: {@code revoke}, {@code regenerate}, {@code delete}. */
abstract class OneKeyCommand implements Callable<Integer> {
  /** Longer than any key id: most likely a secret typed in the wrong place, so never echoed. */
  private static final int MAX_ID_LENGTH = 40;

  @Mixin KeyStoreOptions store;

  @Parameters(paramLabel = "KEY_ID", description = "The key's id, as 'keys list' shows it.")
  private String keyId;

  final Terminal terminal;

  OneKeyCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  /**
   * The key id given, checked before it is used or echoed: one longer than any id is refused without
   * being shown, since it is most likely a secret.
   */
  String keyId() {
    if (keyId.length() > MAX_ID_LENGTH) {
      throw CommandFailure.usage("KEY_ID is longer than a key id (not shown): give the id 'keys list' shows, never the secret");
    }
    return keyId;
  }
}
