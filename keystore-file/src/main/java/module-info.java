/**
 * Latchkey file key store: the managed JSON key store, YAML role-mapped keys, the YAML chain
 * configuration and Omnidev key-file import.
 *
 * <p>This module is a named placeholder in the build: its API package
 * {@code dev.latchkey.keystore.file} is added, and exported, with the key store.
 */
module dev.latchkey.keystore.file {
  requires transitive dev.latchkey.core;
}
