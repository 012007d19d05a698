/**
 * Latchkey admin: a key management HTTP API and web console over any
 * {@link dev.latchkey.keystore.file.ManagedKeyStore} ({@link dev.latchkey.admin.AdminHandler}),
 * framework-neutral, with ready mounts for the JDK {@code HttpServer}
 * ({@link dev.latchkey.admin.httpserver.AdminHttpHandler}) and Jakarta Servlet containers
 * ({@link dev.latchkey.admin.servlet.AdminServlet}).
 *
 * <p>Neither server API is required: the one a host mounts in provides it.
 */
module dev.latchkey.admin {
  requires transitive dev.latchkey.core;
  requires transitive dev.latchkey.keystore.file;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;
  requires static transitive jdk.httpserver;
  requires static transitive jakarta.servlet;

  exports dev.latchkey.admin;
  exports dev.latchkey.admin.httpserver;
  exports dev.latchkey.admin.servlet;

  // Request bodies are read into records.
  opens dev.latchkey.admin.internal to com.fasterxml.jackson.databind;
}
