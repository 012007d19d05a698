package dev.latchkey.jaxrs;

import dev.latchkey.Principal;
import java.util.Objects;

/**
 * The standard-API face of a Latchkey {@link Principal}: what
 * {@code SecurityContext.getUserPrincipal()} returns for a request {@link LatchkeyRequestFilter}
 * authenticated. Its name is the principal's name; the whole principal (roles, source, credential id)
 * stays reachable through {@link #principal()}. Immutable and thread-safe; it holds no secret.
 *
 * @param principal the Latchkey principal
 */
public record LatchkeyUserPrincipal(Principal principal) implements java.security.Principal {
  /**
   * Rejects null.
   *
   * @param principal the Latchkey principal
   */
  public LatchkeyUserPrincipal {
    Objects.requireNonNull(principal, "principal");
  }

  /**
   * The principal's name.
   *
   * @return {@code principal().name()}
   */
  @Override
  public String getName() {
    return principal.name();
  }
}
