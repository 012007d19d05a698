/**
 * The {@code latchkey} command-line tool ({@code java -jar latchkey.jar}): keys in a key store, hashes,
 * JWT signing keys and tokens, configuration checks and the demo server. An application, not a library:
 * it exports nothing.
 */
module dev.latchkey.cli {
  requires dev.latchkey.core;
  requires dev.latchkey.jwt;
  requires dev.latchkey.keystore.file;
  requires dev.latchkey.keystore.postgres;
  requires org.postgresql.jdbc;
  requires dev.latchkey.redis;
  requires dev.latchkey.examples;
  requires com.nimbusds.jose.jwt;
  requires com.fasterxml.jackson.databind;
  requires info.picocli;

  // config validate reads the file again to list the sources it declares.
  uses dev.latchkey.config.ConfigFileReader;

  // The command-line tool's commands are filled in by picocli through reflection.
  opens dev.latchkey.cli to info.picocli;
}
