/**
 * Chain configuration from a file: {@link dev.latchkey.config.ChainConfiguration} turns a document
 * into a {@link dev.latchkey.Latchkey.Builder}; each source {@code type} is made by the
 * {@link dev.latchkey.config.CredentialSourceFactory} its module registers with
 * {@link java.util.ServiceLoader}. Documents are read by a {@link dev.latchkey.config.ConfigFileReader}
 * (YAML: {@code latchkey-keystore-file}) into format-neutral {@link dev.latchkey.config.ConfigNode}s
 * that remember their line and column, and read through {@link dev.latchkey.config.Settings}, which
 * collects every problem instead of stopping at the first.
 */
package dev.latchkey.config;
