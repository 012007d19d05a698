/**
 * Latchkey for Jakarta REST applications: {@link dev.latchkey.jaxrs.LatchkeyRequestFilter}, a
 * {@code ContainerRequestFilter} at {@code Priorities.AUTHENTICATION} that sets the request's
 * {@code SecurityContext}.
 *
 * <p>Depends on {@code dev.latchkey.core} only; the Jakarta REST runtime provides its API.
 */
module dev.latchkey.jaxrs {
  requires transitive dev.latchkey.core;
  requires transitive jakarta.ws.rs;
  // @Priority only: the runtime reads it when it is there, and a class without it still loads.
  requires static transitive jakarta.annotation;

  exports dev.latchkey.jaxrs;
}
