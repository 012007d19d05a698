/**
 * The Latchkey adapter for Jakarta Servlet 6 containers (Jetty 12 ee10, Tomcat 10.1, Undertow …):
 * {@link dev.latchkey.servlet.LatchkeyServletFilter}. The Servlet API is provided by the
 * container; this package adds no other dependency.
 */
package dev.latchkey.servlet;
