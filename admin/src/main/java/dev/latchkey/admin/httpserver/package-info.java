/** Mounts the key management API and console in a JDK {@code com.sun.net.httpserver.HttpServer}. */
package dev.latchkey.admin.httpserver;
