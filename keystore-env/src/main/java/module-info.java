/**
 * Latchkey environment keys: API keys from environment variables and dotenv files, in the Omnidev,
 * MooseStack and generic layouts, and client-side token lookup.
 *
 * <p>This module is a named placeholder in the build: its API package
 * {@code dev.latchkey.keystore.env} is added, and exported, with the environment key source.
 */
module dev.latchkey.keystore.env {
  requires transitive dev.latchkey.core;
}
