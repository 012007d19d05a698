/**
 * Latchkey examples: the runnable demo server, the adapters for the JDK's built-in HTTP server and for
 * Jakarta Servlet containers (the templates for framework authors writing their own adapter), and the
 * {@code latchkey} command-line tool.
 *
 * <p>The Servlet API is optional: the container that runs the Servlet adapter provides it.
 */
module dev.latchkey.examples {
  requires transitive dev.latchkey.core;
  requires transitive jdk.httpserver;
  requires static transitive jakarta.servlet;
  requires dev.latchkey.jwt;
  requires dev.latchkey.keystore.file;
  requires dev.latchkey.admin;
  requires dev.latchkey.keystore.postgres;
  requires org.postgresql.jdbc;
  requires dev.latchkey.redis;
  requires com.nimbusds.jose.jwt;
  requires com.fasterxml.jackson.databind;
  requires info.picocli;

  // config validate reads the file again to list the sources it declares.
  uses dev.latchkey.config.ConfigFileReader;

  exports dev.latchkey.examples.httpserver;
  exports dev.latchkey.examples.servlet;

  // The command-line tool's commands are filled in by picocli through reflection.
  opens dev.latchkey.examples.cli to info.picocli;
}
