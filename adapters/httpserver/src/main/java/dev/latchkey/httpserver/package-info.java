/**
 * The Latchkey adapter for the JDK's built-in HTTP server ({@code com.sun.net.httpserver}):
 * {@link dev.latchkey.httpserver.LatchkeyFilter} for each context, and
 * {@link dev.latchkey.httpserver.LatchkeyHttpServer} to create a server with {@code TCP_NODELAY}.
 */
package dev.latchkey.httpserver;
