package dev.latchkey.benchmarks;

import dev.latchkey.AuthRequest;
import dev.latchkey.AuthResult;
import dev.latchkey.Authenticator;
import dev.latchkey.InMemoryCredentialSource;
import dev.latchkey.Latchkey;
import dev.latchkey.Principal;
import dev.latchkey.policy.IpAllowlist;
import dev.latchkey.policy.LocalRateLimiter;
import dev.latchkey.policy.RateLimit;
import dev.latchkey.policy.RateLimitPolicy;
import dev.latchkey.policy.RateLimiter;
import dev.latchkey.policy.TrustedProxies;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the request policies cost. {@code allowlistAndRateLimit} runs exactly the policy steps of a
 * request (real client behind a trusted proxy, a ten-entry allowlist, a per-principal token bucket that
 * never refuses); target: median at most 0.3 µs, and no allocation ({@code -prof gc}: 0 B/op). {@code withPolicies} and {@code withoutPolicies} run
 * a whole request through the authenticator with and without them, as a cross-check of the difference.
 * Sample-time mode, so the medians (p0.50) are reported; two forks, since one fork's median swings by
 * about 40 % on a shared two-core machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class PolicyBenchmark {
  private static final String KEY = "lk_policy_bench_key_0123456789abcdefghijklmnopqrstuvwxyz";

  private TrustedProxies proxies;
  private IpAllowlist allowlist;
  private RateLimitPolicy rateLimits;
  private Principal principal;
  private AuthRequest request;
  private Authenticator withPolicies;
  private Authenticator withoutPolicies;

  @Setup
  public void setUp() {
    proxies = TrustedProxies.of("10.0.0.0/8");
    allowlist =
        IpAllowlist.of(
            "192.0.2.1", "192.0.2.2", "172.16.0.0/12", "2001:db8::/32", "192.168.0.0/16",
            "203.0.113.0/25", "100.64.0.0/10", "fd00::/8", "198.18.0.0/15", "198.51.100.0/24");
    long huge = 1_000_000_000_000L;
    rateLimits =
        RateLimitPolicy.perPrincipal(RateLimit.tokenBucket(huge, Duration.ofHours(1), huge))
            .countedBy(LocalRateLimiter.create(Clock.systemUTC()));
    principal = Principal.builder("ci-bot", "keys").roles("deploy").credentialId("ci-bot").build();
    request =
        AuthRequest.builder()
            .remoteAddress("10.0.0.2")
            .header("X-Forwarded-For", "198.51.100.7")
            .header("Authorization", "Bearer " + KEY)
            .build();
    InMemoryCredentialSource keys = InMemoryCredentialSource.create();
    for (int i = 0; i < 1000; i++) {
      keys.add(i == 500 ? KEY : KEY + "-" + i, "key-" + i, "deploy");
    }
    withoutPolicies = Latchkey.builder().source(keys).build();
    withPolicies =
        Latchkey.builder().source(keys).trustedProxies(proxies).allowlist(allowlist).rateLimits(rateLimits).build();
    if (!(withPolicies.authenticate(request) instanceof AuthResult.Authenticated)) {
      throw new IllegalStateException("the benchmark request must be admitted");
    }
  }

  /**
   * The policy steps alone: client address, allowlist, rate limit. Returns what the request path reads
   * from the decision (whether it was allowed, what remains), as the authenticator does, rather than
   * the decision object itself: the target includes allocating nothing (see {@code -prof gc}).
   */
  @Benchmark
  public long allowlistAndRateLimit() {
    Optional<InetAddress> client = proxies.clientAddress(request);
    if (!allowlist.allows(client)) {
      throw new IllegalStateException("not allowed");
    }
    RateLimiter.Decision decision = rateLimits.acquire(principal, client);
    return decision.allowed() ? decision.remaining() : -1;
  }

  /** A whole request with the policies. */
  @Benchmark
  public AuthResult withPolicies() {
    return withPolicies.authenticate(request);
  }

  /** The same request without them. */
  @Benchmark
  public AuthResult withoutPolicies() {
    return withoutPolicies.authenticate(request);
  }
}
