/**
 * Latchkey for Jakarta Servlet 6 containers: {@link dev.latchkey.servlet.LatchkeyServletFilter}.
 *
 * <p>Depends on {@code dev.latchkey.core} only; the container provides the Servlet API.
 */
module dev.latchkey.servlet {
  requires transitive dev.latchkey.core;
  requires transitive jakarta.servlet;

  exports dev.latchkey.servlet;
}
