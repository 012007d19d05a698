/**
 * Fixtures for host applications' test suites: a {@link dev.latchkey.testing.MutableClock} to test
 * expiry without sleeping, a {@link dev.latchkey.testing.ManualBackground} to run a source's background
 * checks when the test says so, {@link dev.latchkey.testing.TestRequests} for ready-made requests, and
 * {@link dev.latchkey.testing.SecretLeakCheck} with {@link dev.latchkey.testing.CapturingLogProvider} to
 * prove that no secret reaches a result, an event, an exception or a log line. Pair them with
 * {@link dev.latchkey.InMemoryCredentialSource}.
 */
package dev.latchkey.testing;
