package dev.latchkey.spring.security;

import dev.latchkey.servlet.ServletExchange;
import dev.latchkey.spi.DeniedResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Answers a request Latchkey authenticated but the application's rules refused ({@code hasRole},
 * {@code @PreAuthorize}) as Latchkey answers its own 403s: status 403 and a JSON body
 * {@value #BODY}, written by the Servlet adapter. Never says which rule refused. Stateless and
 * thread-safe.
 */
public final class LatchkeyAccessDeniedHandler implements AccessDeniedHandler {
  /** The body of every answer: {@value}. */
  public static final String BODY = "{\"error\":\"Access denied\"}";

  private static final DeniedResponse FORBIDDEN =
      new DeniedResponse(403, Map.of("Content-Type", DeniedResponse.CONTENT_TYPE), BODY);

  /** The handler. */
  public LatchkeyAccessDeniedHandler() {}

  @Override
  public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException refused)
      throws IOException {
    ServletExchange.send(response, FORBIDDEN);
  }
}
