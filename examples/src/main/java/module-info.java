/**
 * Latchkey examples: the runnable demo server and the adapter for the JDK's built-in HTTP server,
 * the template for framework authors writing their own adapter.
 */
module dev.latchkey.examples {
  requires transitive dev.latchkey.core;
  requires transitive jdk.httpserver;
  requires com.fasterxml.jackson.databind;

  exports dev.latchkey.examples.httpserver;
}
