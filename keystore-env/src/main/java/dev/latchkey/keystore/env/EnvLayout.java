package dev.latchkey.keystore.env;

import dev.latchkey.hash.KeyEntry;
import dev.latchkey.hash.Peppers;
import java.util.List;

/**
 * How keys are laid out in environment variables. Layouts combine: an {@link EnvKeySource} collects
 * the keys of each of its layouts. Implement this interface for a layout of your own.
 *
 * <p>Rules every built-in layout follows: a variable set to the empty string counts as unset (the
 * usual way to switch a variable off in Compose files); a whitespace-only value, a value that could
 * never arrive in a request, or a malformed hash is a load error naming the variable and where it was
 * defined, never its value. Plaintext keys are kept only as SHA-256 digests.
 */
public interface EnvLayout {

  /**
   * A short name for messages, such as {@code omnidev}.
   *
   * @return the layout's name; never null
   */
  String name();

  /**
   * The keys this layout finds.
   *
   * @param variables the merged variables
   * @param peppers peppers for keyed hashes
   * @return the entries; ids must be unique across layouts (the built-in ones use variable names)
   * @throws EnvConfigurationException listing every problem found
   */
  List<KeyEntry> entries(EnvVariables variables, Peppers peppers);

  /**
   * Omnidev's variables: {@code ADMIN_API_KEY} proves principal {@code admin} with role {@code admin};
   * each comma-separated entry of {@code VALID_API_KEYS} proves {@code client-<index>} with role
   * {@code client}.
   *
   * <p>Differences from Omnidev, on purpose: entries are trimmed and empty entries ignored, where
   * Omnidev compares untrimmed text and keeps empty entries (an empty entry there matches nothing).
   * The index counts every comma-separated position, so {@code client-2} is the third position in
   * both. An {@code ADMIN_API_KEY} shorter than 32 characters is accepted with a warning in the log
   * (Omnidev recommends 32 or more).
   *
   * @return the Omnidev layout
   */
  static EnvLayout omnidev() {
    return new OmnidevLayout();
  }

  /**
   * MooseStack's variables: {@code MOOSE_AUTHENTICATION__ADMIN_API_KEY}, {@code MOOSE_INGEST_API_KEY}
   * and {@code MOOSE_CONSUMPTION_API_KEY}, each the 40-hex PBKDF2 value MooseStack stores; they prove
   * principals {@code admin}, {@code ingest} and {@code consumption}, with the role of the same name.
   * Tokens {@code <hex>.<hex>} are verified with {@code moose-pbkdf2}.
   *
   * @return the MooseStack layout
   */
  static EnvLayout mooseStack() {
    return new MooseLayout();
  }

  /**
   * The generic layout with the prefix {@value GenericLayout#DEFAULT_PREFIX}; see {@link #generic(String)}.
   *
   * @return the generic layout reading {@code LATCHKEY_KEY_*} variables
   */
  static EnvLayout generic() {
    return generic(GenericLayout.DEFAULT_PREFIX);
  }

  /**
   * Keys named by variables: {@code <prefix><NAME>=<plaintext key or self-describing hash>} and, optionally,
   * {@code <prefix><NAME>_ROLES=a,b}. The principal is {@code <NAME>} in lower case with {@code _} turned
   * into {@code -} ({@code LATCHKEY_KEY_CI_BOT} → {@code ci-bot}). A value starting with {@code sha256:},
   * {@code hmac-sha256:}, {@code hmac-sha512:}, {@code moose-pbkdf2:} or {@code $} is read as a hash;
   * anything else is a plaintext key. Key names cannot end in {@code _ROLES}.
   *
   * @param prefix the variable-name prefix, such as {@code LATCHKEY_KEY_}; letters, digits and {@code _}
   * @return the generic layout with that prefix
   * @throws IllegalArgumentException if the prefix is not letters, digits and {@code _}
   */
  static EnvLayout generic(String prefix) {
    return new GenericLayout(prefix);
  }
}
