/**
 * Fixtures for host applications' test suites: a {@link dev.latchkey.testing.MutableClock} to test
 * expiry without sleeping, and {@link dev.latchkey.testing.TestRequests} for ready-made requests.
 * Pair them with {@link dev.latchkey.InMemoryCredentialSource}.
 */
package dev.latchkey.testing;
