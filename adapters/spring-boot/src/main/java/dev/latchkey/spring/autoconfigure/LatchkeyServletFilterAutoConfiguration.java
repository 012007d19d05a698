package dev.latchkey.spring.autoconfigure;

import dev.latchkey.Authenticator;
import dev.latchkey.servlet.LatchkeyServletFilter;
import dev.latchkey.spring.LatchkeyProperties;
import dev.latchkey.spring.OpenPaths;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Without Spring Security on the class path, the Servlet adapter's {@link LatchkeyServletFilter}
 * authenticates the requests of {@code latchkey.url-patterns} (every request by default), except
 * {@code latchkey.open-paths} and, with {@code latchkey.admin.enabled}, the key management mount path
 * (whose handler authenticates every API call itself). Its principal reaches the application through the standard Servlet calls
 * ({@code getUserPrincipal()}, {@code isUserInRole}) and {@link LatchkeyServletFilter#principal}.
 */
@AutoConfiguration(after = LatchkeyAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnMissingClass("org.springframework.security.web.SecurityFilterChain")
@ConditionalOnBean(Authenticator.class)
public class LatchkeyServletFilterAutoConfiguration {
  /** The filter's order: where Spring Security's filter chain would be ({@value}). */
  public static final int ORDER = -100;

  /** Made by Spring. */
  public LatchkeyServletFilterAutoConfiguration() {}

  /**
   * The registration of the Latchkey filter.
   *
   * @param authenticator the application's authenticator
   * @param properties the URL patterns, open paths and admin mount
   * @return the registration, named {@code latchkey}
   */
  @Bean
  public FilterRegistrationBean<Filter> latchkeyFilterRegistration(Authenticator authenticator, LatchkeyProperties properties) {
    LatchkeyServletFilter latchkey = new LatchkeyServletFilter(authenticator);
    OpenPaths open = OpenPaths.of(properties.getOpenPaths());
    if (properties.getAdmin().enabled()) {
      open = open.and(List.of(properties.getAdmin().pathPattern()));
    }
    Filter filter = open.patterns().isEmpty() ? latchkey : new OpenPathsFilter(open, latchkey);
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
    registration.setName("latchkey");
    registration.setUrlPatterns(properties.getUrlPatterns());
    registration.setOrder(ORDER);
    return registration;
  }

  /** Passes open paths by the Latchkey filter. */
  private record OpenPathsFilter(OpenPaths open, Filter latchkey) implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      if (request instanceof HttpServletRequest http && open.matches(http)) {
        chain.doFilter(request, response);
      } else {
        latchkey.doFilter(request, response, chain);
      }
    }
  }
}
