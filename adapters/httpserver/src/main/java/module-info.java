/**
 * Latchkey for the JDK's built-in HTTP server: {@link dev.latchkey.httpserver.LatchkeyFilter}
 * authenticates every exchange of a context, and {@link dev.latchkey.httpserver.LatchkeyHttpServer}
 * creates a server that answers without the delayed-ACK pause.
 *
 * <p>Depends on {@code dev.latchkey.core} and the JDK's {@code jdk.httpserver} only.
 */
module dev.latchkey.httpserver {
  requires transitive dev.latchkey.core;
  requires transitive jdk.httpserver;

  exports dev.latchkey.httpserver;
}
