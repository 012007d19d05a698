package dev.latchkey.spring.security;

import dev.latchkey.Principal;
import java.util.List;
import java.util.Objects;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request Latchkey authenticated, as Spring Security sees it: its principal is the Latchkey
 * {@link Principal} (so {@code @AuthenticationPrincipal Principal principal} receives it), its name the
 * principal's name, and each of the principal's roles is the authority {@code ROLE_<role>}, so
 * {@code hasRole('deploy')} holds for a principal with the role {@code deploy}.
 *
 * <p>It never holds the credential: {@link #getCredentials()} is empty text. Immutable once made and
 * thread-safe.
 */
public final class LatchkeyAuthentication extends AbstractAuthenticationToken {
  private static final long serialVersionUID = 1L;

  /** The prefix Spring Security's {@code hasRole} adds to a role name: {@value}. */
  public static final String ROLE_PREFIX = "ROLE_";

  private final transient Principal principal;

  /**
   * An authenticated request of {@code principal}.
   *
   * @param principal who Latchkey found the request to be
   */
  public LatchkeyAuthentication(Principal principal) {
    super(authorities(Objects.requireNonNull(principal, "principal")));
    this.principal = principal;
    setAuthenticated(true);
  }

  private static List<GrantedAuthority> authorities(Principal principal) {
    return principal.roles().stream().<GrantedAuthority>map(r -> new SimpleGrantedAuthority(ROLE_PREFIX + r)).toList();
  }

  /**
   * The Latchkey principal.
   *
   * @return the principal; never null
   */
  @Override
  public Principal getPrincipal() {
    return principal;
  }

  /**
   * Nothing: the credential stays inside Latchkey.
   *
   * @return empty text
   */
  @Override
  public Object getCredentials() {
    return "";
  }

  @Override
  public String getName() {
    return principal.name();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LatchkeyAuthentication that && super.equals(that) && principal.equals(that.principal);
  }

  @Override
  public int hashCode() {
    return super.hashCode() * 31 + principal.hashCode();
  }
}
