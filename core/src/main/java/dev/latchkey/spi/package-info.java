/**
 * For authors of credential sources: the pieces every source that changes under a running program
 * shares, so each mechanism exists once.
 *
 * <ul>
 *   <li>{@link dev.latchkey.spi.Background} and {@link dev.latchkey.spi.BackgroundSource}: where a
 *       source runs its periodic work. The {@link dev.latchkey.Authenticator} hands every
 *       {@code BackgroundSource} one shared {@code Background} when it is built (one daemon thread per
 *       authenticator, or the host's own executor) and stops all of it when closed.
 *   <li>{@link dev.latchkey.spi.ReloadingFile}: the one reload primitive for file-backed state —
 *       change detected by metadata and then content digest, parsed into an immutable value, the last
 *       good value kept when a change cannot be parsed, every outcome reported as a
 *       {@link dev.latchkey.spi.Reload}.
 *   <li>{@link dev.latchkey.spi.HealthReporting}: a source or rate limiter that reports its own
 *       {@link dev.latchkey.Health} for {@link dev.latchkey.Authenticator#health()}, from the state its
 *       background work recorded ({@link dev.latchkey.spi.ReloadingFile#health()} for a file).
 *   <li>{@link dev.latchkey.spi.RepeatedWarnings}: a warning that repeats is logged once, then at most
 *       once a minute with a count, until the state changes.
 * </ul>
 *
 * <p>Hosts rarely need this package; {@link dev.latchkey.Latchkey.Builder#scheduler} is the one
 * setting it adds to the user API.
 */
package dev.latchkey.spi;
