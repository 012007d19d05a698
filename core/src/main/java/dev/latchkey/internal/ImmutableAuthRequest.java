package dev.latchkey.internal;

import dev.latchkey.AuthRequest;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The immutable request {@link AuthRequest.Builder} builds. Header names are stored lower-case.
 * Its {@code toString} shows header and parameter names only, since values may hold credentials.
 */
public record ImmutableAuthRequest(
    Map<String, List<String>> headerMap,
    Map<String, List<String>> queryMap,
    Optional<InetAddress> remoteAddress,
    String method,
    String path)
    implements AuthRequest {

  @Override
  public List<String> headers(String name) {
    return headerMap.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  @Override
  public List<String> queryParameters(String name) {
    return queryMap.getOrDefault(name, List.of());
  }

  @Override
  public String toString() {
    return "AuthRequest[" + method + " " + path + ", headers=" + headerMap.keySet()
        + ", queryParameters=" + queryMap.keySet() + ", remoteAddress="
        + remoteAddress.map(InetAddress::getHostAddress).orElse("-") + "]";
  }
}
