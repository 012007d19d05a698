/**
 * Latchkey examples: the runnable demo server and the adapters for the JDK's built-in HTTP server and for
 * Jakarta Servlet containers, the templates for framework authors writing their own adapter.
 *
 * <p>The Servlet API is optional: the container that runs the Servlet adapter provides it.
 */
module dev.latchkey.examples {
  requires transitive dev.latchkey.core;
  requires transitive jdk.httpserver;
  requires static transitive jakarta.servlet;
  requires com.fasterxml.jackson.databind;

  exports dev.latchkey.examples.httpserver;
  exports dev.latchkey.examples.servlet;
}
