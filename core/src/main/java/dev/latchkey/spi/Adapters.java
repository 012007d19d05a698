package dev.latchkey.spi;

import dev.latchkey.AuthRequest;
import dev.latchkey.Principal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The parts of a request view and of principal exposure that are the same in every host adapter
 * (Latchkey's JDK HttpServer, Servlet and Jakarta REST adapters use them; so can yours). Stateless and
 * thread-safe; nothing here does I/O or asks DNS.
 */
public final class Adapters {
  /**
   * The request attribute (JDK {@code HttpExchange}, Servlet request or Jakarta REST request property)
   * under which an adapter puts the authenticated {@link Principal}: its class name, {@value}.
   */
  public static final String PRINCIPAL_ATTRIBUTE = "dev.latchkey.Principal";

  private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[0-9A-Za-z_.-]+)?");

  private Adapters() {}

  /**
   * The principal stored under {@link #PRINCIPAL_ATTRIBUTE}, given that attribute's value.
   *
   * @param attributeValue the attribute's value, possibly null
   * @return the principal; empty if the value is not a {@link Principal}
   */
  public static Optional<Principal> principal(Object attributeValue) {
    return attributeValue instanceof Principal p ? Optional.of(p) : Optional.empty();
  }

  /**
   * The values of the query parameter {@code name} in a raw, still URL-encoded query string; parsed
   * only when a query-parameter carrier asks, and never from a body.
   *
   * @param rawQuery the raw query string; null or empty when the request has none
   * @param name the parameter's name
   * @return its decoded values in order; empty if there are none
   */
  public static List<String> queryParameters(String rawQuery, String name) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return List.of();
    }
    return AuthRequest.builder().rawQuery(rawQuery).build().queryParameters(name);
  }

  /**
   * The address in an IP literal as a container reports it ({@code 127.0.0.1}, {@code ::1},
   * {@code [::1]}). Never asks DNS.
   *
   * @param literal the literal; possibly null
   * @return the address; empty for null or anything that is not an IP literal
   */
  public static Optional<InetAddress> ipLiteral(String literal) {
    if (literal == null) {
      return Optional.empty();
    }
    String bare = literal.startsWith("[") && literal.endsWith("]") ? literal.substring(1, literal.length() - 1) : literal;
    if (!IPV4.matcher(bare).matches() && !IPV6.matcher(bare).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(bare)); // a literal: parsed, never looked up
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}
