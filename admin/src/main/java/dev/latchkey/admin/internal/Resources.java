package dev.latchkey.admin.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * The console's files and the OpenAPI document, read from the jar once. Only the names in a fixed
 * allowlist can be served: a request path is looked up in it, never turned into a resource name, so no
 * path can reach another file. Immutable.
 */
public final class Resources {
  /** A file to serve: its media type and content. */
  public record File(String contentType, byte[] content) {}

  private static final String BASE = "/dev/latchkey/admin/";
  private final Map<String, File> files;

  private Resources(Map<String, File> files) {
    this.files = files;
  }

  /** The console (by path relative to the mount: {@code /}, {@code /console.js}, {@code /console.css}) and the API document. */
  public static Resources load() {
    return new Resources(Map.of(
        "/", file("console/index.html", "text/html; charset=utf-8"),
        "/console.js", file("console/console.js", "text/javascript; charset=utf-8"),
        "/console.css", file("console/console.css", "text/css; charset=utf-8"),
        "/api/openapi.json", file("openapi.json", "application/json")));
  }

  /** The file served at {@code relativePath}, if it is one of the allowlisted paths. */
  public Optional<File> at(String relativePath) {
    return Optional.ofNullable(files.get(relativePath));
  }

  private static File file(String name, String contentType) {
    try (InputStream in = Resources.class.getResourceAsStream(BASE + name)) {
      if (in == null) {
        throw new IllegalStateException("the admin console's file " + name + " is missing from the jar");
      }
      return new File(contentType, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
