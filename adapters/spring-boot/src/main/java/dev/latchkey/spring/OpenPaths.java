package dev.latchkey.spring;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The request paths Latchkey leaves alone (such as {@code /actuator/health/**}), as Spring path patterns
 * matched against the path within the application (after the context path). Used by the Spring Security
 * integration and by the plain Servlet filter alike. Immutable and thread-safe.
 */
public final class OpenPaths {
  private static final OpenPaths NONE = new OpenPaths(List.of(), List.of());

  private final List<String> patterns;
  private final List<PathPattern> parsed;

  private OpenPaths(List<String> patterns, List<PathPattern> parsed) {
    this.patterns = List.copyOf(patterns);
    this.parsed = List.copyOf(parsed);
  }

  /**
   * No open path: Latchkey authenticates every request it sees.
   *
   * @return the empty set of open paths
   */
  public static OpenPaths none() {
    return NONE;
  }

  /**
   * The paths matching any of {@code patterns}.
   *
   * @param patterns Spring path patterns, such as {@code /actuator/health/**} or {@code /public/{name}}
   * @return the open paths
   * @throws org.springframework.web.util.pattern.PatternParseException if a pattern is malformed
   */
  public static OpenPaths of(Collection<String> patterns) {
    List<PathPattern> parsed = new ArrayList<>();
    for (String pattern : patterns) {
      parsed.add(PathPatternParser.defaultInstance.parse(pattern));
    }
    return new OpenPaths(List.copyOf(patterns), parsed);
  }

  /**
   * These open paths and {@code more}.
   *
   * @param more further Spring path patterns
   * @return a new set of open paths; this one is unchanged
   */
  public OpenPaths and(Collection<String> more) {
    List<String> all = new ArrayList<>(patterns);
    all.addAll(more);
    return of(all);
  }

  /**
   * The patterns, as given.
   *
   * @return the patterns, unmodifiable
   */
  public List<String> patterns() {
    return patterns;
  }

  /**
   * Whether {@code request}'s path within the application is open.
   *
   * @param request the request
   * @return {@code true} if a pattern matches; never for an empty set
   */
  public boolean matches(HttpServletRequest request) {
    if (parsed.isEmpty()) {
      return false;
    }
    PathContainer path = ServletRequestPathUtils.hasParsedRequestPath(request)
        ? ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication()
        : PathContainer.parsePath(request.getRequestURI().substring(request.getContextPath().length()));
    for (PathPattern pattern : parsed) {
      if (pattern.matches(path)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "OpenPaths" + patterns;
  }
}
