package dev.latchkey.admin;

import dev.latchkey.Principal;
import java.net.InetAddress;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP request to the key management API or console, as a host's adapter sees it: method, path,
 * query, headers, body, the client's address and, when the host's own authentication already ran, the
 * authenticated {@link Principal}. Immutable: the headers and the body are copied.
 *
 * <p>An adapter reads at most {@link AdminHandler#maxBodyBytes()} + 1 bytes of the body, so that an
 * oversized body is refused without being read whole.
 *
 * @param method the HTTP method, such as {@code GET}
 * @param path the request path as sent, still percent-encoded, mount path included
 *     ({@code /latchkey/admin/api/keys})
 * @param rawQuery the query string as sent, still percent-encoded, without {@code ?}; empty for none
 * @param headers the header values by name; names are matched case-insensitively
 * @param body the request body; empty for none
 * @param remoteAddress the client's address as the server saw it, if known
 * @param principal who the host authenticated the request as, if it did
 */
public record AdminRequest(
    String method,
    String path,
    String rawQuery,
    Map<String, List<String>> headers,
    byte[] body,
    Optional<InetAddress> remoteAddress,
    Optional<Principal> principal) {

  /**
   * Rejects nulls and copies.
   *
   * @param method the HTTP method, such as {@code GET}
   * @param path the request path as sent, still percent-encoded, mount path included
   * @param rawQuery the query string as sent, without {@code ?}; empty for none
   * @param headers the header values by name; names are matched case-insensitively
   * @param body the request body; empty for none
   * @param remoteAddress the client's address as the server saw it, if known
   * @param principal who the host authenticated the request as, if it did
   */
  public AdminRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(rawQuery, "rawQuery");
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> copy.merge(name, List.copyOf(values), (a, b) -> {
      List<String> both = new java.util.ArrayList<>(a);
      both.addAll(b);
      return List.copyOf(both);
    }));
    headers = Collections.unmodifiableMap(copy);
    body = body.clone();
    Objects.requireNonNull(remoteAddress, "remoteAddress");
    Objects.requireNonNull(principal, "principal");
  }

  /**
   * The first value of header {@code name}.
   *
   * @param name the header's name, in any case
   * @return its first value; empty if the request has no such header
   */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /**
   * The request body.
   *
   * @return a copy of the body
   */
  @Override
  public byte[] body() {
    return body.clone();
  }

  /**
   * How long the body is, without copying it.
   *
   * @return the number of body bytes
   */
  public int bodyLength() {
    return body.length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AdminRequest r && method.equals(r.method) && path.equals(r.path) && rawQuery.equals(r.rawQuery)
        && headers.equals(r.headers) && java.util.Arrays.equals(body, r.body) && remoteAddress.equals(r.remoteAddress)
        && principal.equals(r.principal);
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, path, rawQuery, headers, java.util.Arrays.hashCode(body), remoteAddress, principal);
  }

  /** Method, path and body length only: a body may hold a secret (never one the API asks for, but a client may send anything). */
  @Override
  public String toString() {
    return "AdminRequest[" + method + " " + path + ", " + body.length + " body bytes]";
  }
}
