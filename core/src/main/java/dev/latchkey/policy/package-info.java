/**
 * Request policies applied around the credential chain: {@link dev.latchkey.policy.TrustedProxies}
 * (who the client really is), {@link dev.latchkey.policy.IpAllowlist} (who may call),
 * {@link dev.latchkey.policy.RateLimitPolicy} (how often) and
 * {@link dev.latchkey.policy.FailedAttemptThrottle} (how many wrong guesses). Configure them on
 * {@link dev.latchkey.Latchkey.Builder}.
 */
package dev.latchkey.policy;
