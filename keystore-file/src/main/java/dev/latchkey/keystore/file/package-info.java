/**
 * API keys kept in files: {@link dev.latchkey.keystore.file.FileKeyStore}, the managed JSON key store;
 * {@link dev.latchkey.keystore.file.OmnidevKeyFile}, Omnidev's key file as it is; and
 * {@link dev.latchkey.keystore.file.YamlKeySource}, role-mapped keys declared in YAML
 * (mcp-data-platform's {@code auth.api_keys}). Each is a {@link dev.latchkey.CredentialSource} that
 * reloads its file when it changes and keeps the last good keys when a change cannot be loaded.
 */
package dev.latchkey.keystore.file;
