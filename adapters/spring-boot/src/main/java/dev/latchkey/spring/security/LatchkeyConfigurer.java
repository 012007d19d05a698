package dev.latchkey.spring.security;

import dev.latchkey.Authenticator;
import dev.latchkey.spring.LatchkeyProperties;
import dev.latchkey.spring.OpenPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.context.ApplicationContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Authenticates a Spring Security filter chain with Latchkey:
 *
 * <pre>{@code
 * http.authorizeHttpRequests(a -> a.requestMatchers("/deploy/**").hasRole("deploy").anyRequest().authenticated())
 *     .with(LatchkeyConfigurer.latchkey(), latchkey -> latchkey.openPaths("/actuator/health/**"));
 * }</pre>
 *
 * <p>It adds a {@link LatchkeyAuthenticationFilter}, makes the chain stateless (no session is created or
 * read, so CSRF protection, which guards session cookies, is turned off: credentials travel in headers a
 * browser never adds by itself), and answers unauthenticated requests with a
 * {@link LatchkeyAuthenticationEntryPoint} and refused ones with a {@link LatchkeyAccessDeniedHandler},
 * both with Latchkey's status, headers and JSON body. The principal is a {@link LatchkeyAuthentication}:
 * roles become {@code ROLE_<role>} authorities, so {@code hasRole('deploy')} works in the chain and in
 * {@code @PreAuthorize}.
 *
 * <p>The authenticator is the application context's {@link Authenticator} bean unless one is given; the
 * open paths are those of {@code latchkey.open-paths} and of {@link #openPaths(String...)}. Latchkey does
 * not authenticate open paths; the chain's own rules must still permit them.
 *
 * <p>Configured on one thread while the chain is built, like every Spring Security configurer.
 */
public final class LatchkeyConfigurer extends AbstractHttpConfigurer<LatchkeyConfigurer, HttpSecurity> {
  private Authenticator authenticator;
  private final List<String> openPaths = new ArrayList<>();

  private LatchkeyConfigurer() {}

  /**
   * A configurer to apply with {@code http.with(LatchkeyConfigurer.latchkey(), latchkey -> …)}.
   *
   * @return a new configurer
   */
  public static LatchkeyConfigurer latchkey() {
    return new LatchkeyConfigurer();
  }

  /**
   * Authenticates with {@code authenticator} instead of the application context's bean.
   *
   * @param authenticator the authenticator; the configurer never closes it
   * @return this configurer
   */
  public LatchkeyConfigurer authenticator(Authenticator authenticator) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    return this;
  }

  /**
   * Adds paths Latchkey leaves alone, besides those of {@code latchkey.open-paths}.
   *
   * @param patterns Spring path patterns, such as {@code /actuator/health/**}
   * @return this configurer
   */
  public LatchkeyConfigurer openPaths(String... patterns) {
    openPaths.addAll(List.of(patterns));
    return this;
  }

  /**
   * Joins {@code http} and makes it stateless at once, before any configurer initialises (the session
   * policy is read then); a chain that sets its own session policy or CSRF protection afterwards keeps it.
   *
   * @param http the chain being built
   */
  @Override
  public void setBuilder(HttpSecurity http) {
    super.setBuilder(http);
    try {
      http.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
          .csrf(AbstractHttpConfigurer::disable)
          .requestCache(r -> r.disable());
    } catch (Exception e) {
      throw new IllegalStateException("Spring Security refused the stateless settings", e);
    }
  }

  @Override
  public void init(HttpSecurity http) {
    LatchkeyAuthenticationEntryPoint entryPoint = new LatchkeyAuthenticationEntryPoint(authenticator(http));
    try {
      http.exceptionHandling(e -> e.authenticationEntryPoint(entryPoint).accessDeniedHandler(new LatchkeyAccessDeniedHandler()));
    } catch (Exception e) {
      throw new IllegalStateException("Spring Security refused the Latchkey entry point", e);
    }
    http.setSharedObject(LatchkeyAuthenticationEntryPoint.class, entryPoint);
  }

  @Override
  public void configure(HttpSecurity http) {
    LatchkeyAuthenticationEntryPoint entryPoint = http.getSharedObject(LatchkeyAuthenticationEntryPoint.class);
    LatchkeyAuthenticationFilter filter = new LatchkeyAuthenticationFilter(
        authenticator(http), openPaths(http), entryPoint, getSecurityContextHolderStrategy());
    http.addFilterBefore(postProcess(filter), AnonymousAuthenticationFilter.class);
  }

  private Authenticator authenticator(HttpSecurity http) {
    if (authenticator == null) {
      authenticator = context(http).map(c -> c.getBean(Authenticator.class)).orElseThrow(() ->
          new IllegalStateException("LatchkeyConfigurer needs an Authenticator: give one with authenticator(…)"
              + " or define an Authenticator bean (the Latchkey starter makes one from the latchkey settings)"));
    }
    return authenticator;
  }

  private OpenPaths openPaths(HttpSecurity http) {
    List<String> all = new ArrayList<>(context(http)
        .flatMap(c -> c.getBeanProvider(LatchkeyProperties.class).stream().findFirst())
        .map(LatchkeyProperties::getOpenPaths).orElse(List.of()));
    all.addAll(openPaths);
    return OpenPaths.of(all);
  }

  private static Optional<ApplicationContext> context(HttpSecurity http) {
    return Optional.ofNullable(http.getSharedObject(ApplicationContext.class));
  }
}
