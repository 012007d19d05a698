/** The Latchkey adapter for the JDK's built-in HTTP server ({@code com.sun.net.httpserver}). */
package dev.latchkey.examples.httpserver;
