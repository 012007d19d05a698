/**
 * The Latchkey adapter for Jakarta REST (JAX-RS) applications:
 * {@link dev.latchkey.jaxrs.LatchkeyRequestFilter}, which sets each request's {@code SecurityContext}
 * to a {@link dev.latchkey.jaxrs.LatchkeyUserPrincipal}. The Jakarta REST API is provided by the
 * runtime; this package adds no other dependency.
 */
package dev.latchkey.jaxrs;
