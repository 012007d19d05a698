package dev.latchkey;

import dev.latchkey.internal.ImmutableAuthRequest;
import dev.latchkey.internal.IpLiteral;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The neutral view of an incoming request that a host adapter hands to an {@link Authenticator}.
 *
 * <p>Adapters implement this interface as a thin view over their own request type (no copying), or
 * build an immutable instance with {@link #builder()}. Implementations must answer header look-ups
 * case-insensitively and must never return null; an empty list means "absent". They may be called
 * from the request thread only, so they need not be thread-safe unless the host shares them.
 */
public interface AuthRequest {

  /**
   * All values of the header {@code name}, matched case-insensitively, in arrival order.
   *
   * @param name the header name, in any case
   * @return the values in arrival order; empty if the header is absent, never null
   */
  List<String> headers(String name);

  /**
   * The first value of the header {@code name}, if present.
   *
   * @param name the header name, in any case
   * @return the first value; empty if the header is absent
   */
  default Optional<String> header(String name) {
    List<String> values = headers(name);
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /**
   * All values of the (decoded) query parameter {@code name}, matched exactly, in order.
   *
   * @param name the decoded parameter name, matched exactly
   * @return the decoded values in order; empty if the parameter is absent, never null
   */
  List<String> queryParameters(String name);

  /**
   * The address of the socket peer (the client, or the last proxy in front of the host).
   *
   * @return the peer's address; empty if the host cannot tell
   */
  Optional<InetAddress> remoteAddress();

  /**
   * The HTTP method, such as {@code GET}.
   *
   * @return the method as sent; never null
   */
  String method();

  /**
   * The request path, without the query string.
   *
   * @return the path, without the query string; never null
   */
  String path();

  /**
   * A builder for an immutable request; convenient in tests and simple adapters.
   *
   * @return a new builder for {@code GET /} with no headers, parameters or address
   */
  static Builder builder() {
    return new Builder();
  }

  /** Builds an immutable {@link AuthRequest}. Not thread-safe; the built request is. */
  final class Builder {
    private final Map<String, List<String>> headers = new HashMap<>();
    private final Map<String, List<String>> query = new HashMap<>();
    private InetAddress remoteAddress;
    private String method = "GET";
    private String path = "/";

    private Builder() {}

    /**
     * Adds one value of the header {@code name}; repeated calls add further values.
     *
     * @param name the header name, in any case; never null
     * @param value the header value as sent; never null
     * @return this builder
     */
    public Builder header(String name, String value) {
      Objects.requireNonNull(value, "value");
      headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
      return this;
    }

    /**
     * Adds one value of the query parameter {@code name} (already decoded).
     *
     * @param name the decoded parameter name; never null
     * @param value the decoded value; never null
     * @return this builder
     */
    public Builder queryParameter(String name, String value) {
      Objects.requireNonNull(value, "value");
      query.computeIfAbsent(Objects.requireNonNull(name, "name"), k -> new ArrayList<>()).add(value);
      return this;
    }

    /**
     * Adds every parameter of a raw, URL-encoded query string such as {@code a=1&b=two%20words}
     * ({@code +} decodes to a space). A pair that does not decode is skipped.
     *
     * @param rawQuery the query string without the leading {@code ?}; null or empty adds nothing
     * @return this builder
     */
    public Builder rawQuery(String rawQuery) {
      if (rawQuery == null || rawQuery.isEmpty()) {
        return this;
      }
      for (String pair : rawQuery.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        try {
          queryParameter(
              URLDecoder.decode(name, StandardCharsets.UTF_8),
              URLDecoder.decode(value, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException malformedEscape) {
          // A broken %-escape; the pair carries nothing we could use.
        }
      }
      return this;
    }

    /**
     * The socket peer's address.
     *
     * @param address the peer's address; never null
     * @return this builder
     */
    public Builder remoteAddress(InetAddress address) {
      this.remoteAddress = Objects.requireNonNull(address, "address");
      return this;
    }

    /**
     * The socket peer's address as an IPv4 or IPv6 literal; never resolved through DNS.
     *
     * @param ipLiteral an IPv4 or IPv6 address literal, such as {@code 203.0.113.9} or {@code ::1}
     * @return this builder
     * @throws IllegalArgumentException if {@code ipLiteral} is not an IP address literal
     */
    public Builder remoteAddress(String ipLiteral) {
      this.remoteAddress =
          IpLiteral.parse(ipLiteral)
              .orElseThrow(
                  () -> new IllegalArgumentException("not an IP address literal: '" + ipLiteral + "'"));
      return this;
    }

    /**
     * The HTTP method; {@code GET} by default.
     *
     * @param method the HTTP method, such as {@code POST}; never null
     * @return this builder
     */
    public Builder method(String method) {
      this.method = Objects.requireNonNull(method, "method");
      return this;
    }

    /**
     * The path; {@code /} by default.
     *
     * @param path the request path, without the query string; never null
     * @return this builder
     */
    public Builder path(String path) {
      this.path = Objects.requireNonNull(path, "path");
      return this;
    }

    /**
     * The immutable request.
     *
     * @return a new immutable request holding what was set so far; the builder may be reused
     */
    public AuthRequest build() {
      return new ImmutableAuthRequest(
          copy(headers), copy(query), Optional.ofNullable(remoteAddress), method, path);
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> m) {
      Map<String, List<String>> out = new HashMap<>();
      m.forEach((k, v) -> out.put(k, List.copyOf(v)));
      return Map.copyOf(out);
    }
  }
}
