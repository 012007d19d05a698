/**
 * API keys kept in files: {@link dev.latchkey.keystore.file.YamlKeySource} reads role-mapped keys
 * declared in YAML (mcp-data-platform's {@code auth.api_keys}) and reloads them when the file changes.
 */
package dev.latchkey.keystore.file;
