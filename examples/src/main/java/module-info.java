/**
 * Latchkey examples: the runnable demo server ({@link dev.latchkey.examples.DemoServer} on the JDK
 * HttpServer adapter, with the configuration {@link dev.latchkey.examples.DemoData} prepares), which
 * the {@code latchkey demo} command runs.
 */
module dev.latchkey.examples {
  requires transitive dev.latchkey.core;
  requires transitive dev.latchkey.httpserver;
  requires dev.latchkey.jwt;
  requires transitive dev.latchkey.keystore.file;
  requires dev.latchkey.admin;
  requires com.nimbusds.jose.jwt;
  requires com.fasterxml.jackson.databind;

  exports dev.latchkey.examples;
}
