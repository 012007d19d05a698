package dev.latchkey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.hash.KeyEntry;
import dev.latchkey.hash.KeyHashes;
import dev.latchkey.policy.FailedAttemptThrottle;
import dev.latchkey.policy.IpAllowlist;
import dev.latchkey.policy.LocalRateLimiter;
import dev.latchkey.policy.RateLimit;
import dev.latchkey.policy.RateLimitPolicy;
import dev.latchkey.policy.TrustedProxies;
import dev.latchkey.testing.MutableClock;
import dev.latchkey.testing.TestRequests;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The request policies as steps of the request path: address, allowlist, throttle, sources, limits. */
class PolicyChainTest {
  private static final String KEY = "policy-test-key";

  private final MutableClock clock = MutableClock.standard();
  private final LocalRateLimiter limiter = LocalRateLimiter.create(clock);
  private final ScriptedSource keys =
      new ScriptedSource("keys", c -> c.secret().expose().equals(KEY)
          ? Verdict.accept(Principal.builder("alice", "keys").roles("reader").credentialId("k1").build())
          : Verdict.abstain("no such key"));

  private static AuthRequest from(String address, String key) {
    return AuthRequest.builder().remoteAddress(address).header("X-API-Key", key).build();
  }

  private static AuthResult.Denied denied(AuthResult r) {
    assertThat(r).isInstanceOf(AuthResult.Denied.class);
    return (AuthResult.Denied) r;
  }

  @Test
  void addressOutsideTheAllowlistIs403BeforeTheCredentialIsRead() {
    Authenticator auth = Latchkey.builder().source(keys).allowlist(IpAllowlist.parseOmnidev("192.168.1.100,10.0.0.0/8")).build();

    AuthResult.Denied d = denied(auth.authenticate(from("203.0.113.9", KEY)));

    assertThat(d.status()).isEqualTo(403);
    assertThat(d.toJson()).isEqualTo("{\"error\":\"Access denied from this IP address\"}");
    assertThat(d.headers()).isEmpty();
    assertThat(keys.calls.get()).isZero();
    assertThat(auth.authenticate(from("10.1.2.3", KEY))).isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void allowlistJudgesTheRealClientBehindTrustedProxies() {
    Authenticator auth =
        Latchkey.builder()
            .source(keys)
            .trustedProxies(TrustedProxies.of("10.0.0.0/8"))
            .allowlist(IpAllowlist.of("198.51.100.0/24"))
            .build();
    AuthRequest viaProxy =
        AuthRequest.builder().remoteAddress("10.0.0.2").header("X-Forwarded-For", "198.51.100.7").header("X-API-Key", KEY).build();
    AuthRequest forged =
        AuthRequest.builder().remoteAddress("203.0.113.9").header("X-Forwarded-For", "198.51.100.7").header("X-API-Key", KEY).build();

    assertThat(auth.authenticate(viaProxy)).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(denied(auth.authenticate(forged)).reason()).isEqualTo(Reason.IP_NOT_ALLOWED);
  }

  @Test
  void keysOwnAllowlistIsEnforcedAfterItIsAccepted() {
    InMemoryCredentialSource none = InMemoryCredentialSource.create();
    dev.latchkey.hash.HashedKeyIndex index = dev.latchkey.hash.HashedKeyIndex.builder("store").build();
    index.put(KeyEntry.builder("k1", KeyHashes.sha256(Secret.of(KEY))).attributes(Map.of("allowed_ips", "10.0.0.0/8, 192.0.2.1")).build());
    CredentialSource store = new ScriptedSource("store", index::verify);
    Authenticator auth = Latchkey.builder().source(store).source(none).build();

    assertThat(auth.authenticate(from("10.9.9.9", KEY))).isInstanceOf(AuthResult.Authenticated.class);
    AuthResult.Denied d = denied(auth.authenticate(from("203.0.113.9", KEY)));
    assertThat(d.reason()).isEqualTo(Reason.IP_NOT_ALLOWED);
    assertThat(d.status()).isEqualTo(403);
  }

  @Test
  void keyWithAnUnreadableAllowlistIsRefused() {
    ScriptedSource odd =
        new ScriptedSource("odd", c -> Verdict.accept(Principal.builder("bob", "odd").attribute("allowed_ips", "not-an-ip").build()));
    Authenticator auth = Latchkey.builder().source(odd).build();
    assertThat(denied(auth.authenticate(from("10.0.0.1", KEY))).reason()).isEqualTo(Reason.IP_NOT_ALLOWED);
  }

  @Test
  void rateLimitExceededIs429WithRetryAfterAndOmnidevsBody() {
    Authenticator auth =
        Latchkey.builder().source(keys).rateLimits(RateLimitPolicy.omnidev(2).countedBy(limiter)).build();

    auth.authenticate(from("10.0.0.1", KEY));
    auth.authenticate(from("10.0.0.1", KEY));
    AuthResult.Denied d = denied(auth.authenticate(from("10.0.0.1", KEY)));

    assertThat(d.status()).isEqualTo(429);
    assertThat(d.reason()).isEqualTo(Reason.RATE_LIMITED);
    assertThat(d.headers()).containsExactly(Map.entry("Retry-After", "3600"));
    assertThat(d.retryAfter()).contains(Duration.ofHours(1));
    assertThat(d.toJson()).isEqualTo("{\"error\":\"Rate limit exceeded. Please try again later.\",\"retryAfter\":3600}");
  }

  @Test
  void rateLimitWindowReopens() {
    Authenticator auth = Latchkey.builder().source(keys).rateLimits(RateLimitPolicy.omnidev(1).countedBy(limiter)).build();
    auth.authenticate(from("10.0.0.1", KEY));
    clock.advance(Duration.ofHours(1));
    assertThat(auth.authenticate(from("10.0.0.1", KEY))).isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void keyAndRoleLimitsOverrideTheDefault() {
    Principal reader = Principal.builder("r", "s").roles("reader").credentialId("k-r").build();
    Principal both = Principal.builder("b", "s").roles("reader", "batch").credentialId("k-b").build();
    Principal vip = Principal.builder("v", "s").roles("reader").credentialId("k-vip").build();
    RateLimit standard = RateLimit.perHourFixedWindow(100);
    RateLimit readers = RateLimit.perHourFixedWindow(50);
    RateLimit batch = RateLimit.perHourFixedWindow(5000);
    RateLimit vipLimit = RateLimit.perHourFixedWindow(7);
    RateLimitPolicy policy =
        RateLimitPolicy.perPrincipal(standard).forRole("reader", readers).forRole("batch", batch).forCredential("k-vip", vipLimit);

    assertThat(policy.limitFor(reader)).isEqualTo(readers);
    assertThat(policy.limitFor(both)).isEqualTo(batch);
    assertThat(policy.limitFor(vip)).isEqualTo(vipLimit);
    assertThat(policy.limitFor(Principal.builder("n", "s").build())).isEqualTo(standard);
  }

  @Test
  void limitsCanBeCountedPerClientAddress() {
    Authenticator auth =
        Latchkey.builder()
            .source(keys)
            .rateLimits(RateLimitPolicy.omnidev(1).per(RateLimitPolicy.Scope.CLIENT_ADDRESS).countedBy(limiter))
            .build();
    assertThat(auth.authenticate(from("10.0.0.1", KEY))).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(auth.authenticate(from("10.0.0.2", KEY))).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(denied(auth.authenticate(from("10.0.0.1", KEY))).reason()).isEqualTo(Reason.RATE_LIMITED);
  }

  @Test
  void tooManyFailuresFromOneAddressAreRefusedBeforeAnySourceRuns() {
    Authenticator auth =
        Latchkey.builder()
            .source(keys)
            .failedAttemptThrottle(FailedAttemptThrottle.perClientAddress(RateLimit.fixedWindow(3, Duration.ofMinutes(10))).countedBy(limiter))
            .build();
    for (int i = 0; i < 3; i++) {
      assertThat(denied(auth.authenticate(from("203.0.113.9", "guess-" + i))).reason()).isEqualTo(Reason.INVALID_CREDENTIAL);
    }
    int callsBefore = keys.calls.get();

    AuthResult.Denied d = denied(auth.authenticate(from("203.0.113.9", KEY)));

    assertThat(d.reason()).isEqualTo(Reason.TOO_MANY_FAILED_ATTEMPTS);
    assertThat(d.status()).isEqualTo(429);
    assertThat(d.headers()).containsEntry("Retry-After", "600");
    assertThat(d.toJson()).isEqualTo("{\"error\":\"Too many failed attempts. Please try again later.\",\"retryAfter\":600}");
    assertThat(keys.calls.get()).isEqualTo(callsBefore);
    assertThat(auth.authenticate(from("198.51.100.1", KEY))).isInstanceOf(AuthResult.Authenticated.class);
    clock.advance(Duration.ofMinutes(10));
    assertThat(auth.authenticate(from("203.0.113.9", KEY))).isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void guessingOneKeyPrefixFromManyAddressesIsCutOffToo() {
    Authenticator auth =
        Latchkey.builder()
            .source(keys)
            .failedAttemptThrottle(
                FailedAttemptThrottle.perClientAddress(RateLimit.fixedWindow(100, Duration.ofMinutes(10)))
                    .andPerKeyPrefix(8, RateLimit.fixedWindow(2, Duration.ofMinutes(10)))
                    .countedBy(limiter))
            .build();
    auth.authenticate(from("203.0.113.1", "lk_abcde-guess1"));
    auth.authenticate(from("203.0.113.2", "lk_abcde-guess2"));

    assertThat(denied(auth.authenticate(from("203.0.113.3", "lk_abcde-guess3"))).reason()).isEqualTo(Reason.TOO_MANY_FAILED_ATTEMPTS);
    assertThat(denied(auth.authenticate(from("203.0.113.3", "other-prefix-guess"))).reason()).isEqualTo(Reason.INVALID_CREDENTIAL);
  }

  @Test
  void successesDoNotResetTheFailureCount() {
    Authenticator auth =
        Latchkey.builder()
            .source(keys)
            .failedAttemptThrottle(FailedAttemptThrottle.perClientAddress(RateLimit.fixedWindow(2, Duration.ofMinutes(10))).countedBy(limiter))
            .build();
    auth.authenticate(from("203.0.113.9", "bad-1"));
    auth.authenticate(from("203.0.113.9", KEY));
    auth.authenticate(from("203.0.113.9", "bad-2"));
    assertThat(denied(auth.authenticate(from("203.0.113.9", KEY))).reason()).isEqualTo(Reason.TOO_MANY_FAILED_ATTEMPTS);
  }

  @Test
  void missingCredentialsAndOutagesAreNotCountedAsFailures() {
    ScriptedSource down = ScriptedSource.answering("down", Verdict.unavailable("store unreadable"));
    Authenticator auth =
        Latchkey.builder()
            .source(down)
            .failedAttemptThrottle(FailedAttemptThrottle.perClientAddress(RateLimit.fixedWindow(1, Duration.ofMinutes(10))).countedBy(limiter))
            .build();
    auth.authenticate(AuthRequest.builder().remoteAddress("203.0.113.9").build());
    auth.authenticate(from("203.0.113.9", "x"));
    assertThat(denied(auth.authenticate(from("203.0.113.9", "x"))).reason()).isEqualTo(Reason.SOURCE_UNAVAILABLE);
  }

  @Test
  void eventsReportTheRealClientAddress() {
    List<AuthEvent> events = new CopyOnWriteArrayList<>();
    Authenticator auth =
        Latchkey.builder().source(keys).trustedProxies(TrustedProxies.of("10.0.0.0/8")).listener(events::add).build();
    auth.authenticate(AuthRequest.builder().remoteAddress("10.0.0.2").header("X-Forwarded-For", "198.51.100.7").header("X-API-Key", KEY).build());
    assertThat(events).singleElement().satisfies(e -> assertThat(e.clientAddress()).contains("198.51.100.7"));
  }

  @Test
  void fixtureRequestsStillWorkWithoutPolicies() {
    assertThat(Latchkey.builder().source(keys).build().authenticate(TestRequests.apiKey(KEY))).isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void concurrentGuessesCannotSlipPastTheThrottle() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger entered = new java.util.concurrent.atomic.AtomicInteger();
    ScriptedSource slow =
        new ScriptedSource("slow", c -> {
          entered.incrementAndGet();
          try {
            release.await(30, java.util.concurrent.TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return Verdict.abstain("no such key");
        });
    Authenticator auth =
        Latchkey.builder()
            .source(slow)
            .failedAttemptThrottle(FailedAttemptThrottle.perClientAddress(RateLimit.fixedWindow(3, Duration.ofMinutes(10))).countedBy(limiter))
            .build();
    int requests = 20;
    java.util.concurrent.CountDownLatch refused = new java.util.concurrent.CountDownLatch(requests - 3);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(requests);
    try {
      List<java.util.concurrent.Future<AuthResult>> results = new java.util.ArrayList<>();
      for (int i = 0; i < requests; i++) {
        String guess = "guess-" + i;
        results.add(pool.submit(() -> {
          AuthResult r = auth.authenticate(from("203.0.113.9", guess));
          if (r instanceof AuthResult.Denied d && d.reason() == Reason.TOO_MANY_FAILED_ATTEMPTS) {
            refused.countDown();
          }
          return r;
        }));
      }
      assertThat(refused.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      release.countDown();
      for (java.util.concurrent.Future<AuthResult> r : results) {
        r.get(30, java.util.concurrent.TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(entered.get()).isEqualTo(3);
  }

  @Test
  void jwtShapedCredentialsAreNeverCountedPerPrefix() {
    ScriptedSource jwts =
        new ScriptedSource("jwt", c -> c.secret().expose().equals("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.good")
            ? Verdict.accept(Principal.builder("a", "jwt").build())
            : Verdict.reject(Reason.BAD_SIGNATURE, "bad"));
    Authenticator auth =
        Latchkey.builder()
            .source(jwts)
            .failedAttemptThrottle(
                FailedAttemptThrottle.perClientAddress(RateLimit.fixedWindow(100, Duration.ofMinutes(10)))
                    .andPerKeyPrefix(12, RateLimit.fixedWindow(2, Duration.ofMinutes(10)))
                    .countedBy(limiter))
            .build();
    for (int i = 0; i < 10; i++) {
      auth.authenticate(from("203.0.113." + i, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.forged" + i));
    }
    assertThat(auth.authenticate(from("198.51.100.1", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.good"))).isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void onlyGuessesCountAgainstAKeyPrefix() {
    ScriptedSource expiredKeys = ScriptedSource.answering("keys", Verdict.reject(Reason.EXPIRED, "expired"));
    Authenticator auth =
        Latchkey.builder()
            .source(expiredKeys)
            .failedAttemptThrottle(
                FailedAttemptThrottle.perClientAddress(RateLimit.fixedWindow(100, Duration.ofMinutes(10)))
                    .andPerKeyPrefix(8, RateLimit.fixedWindow(2, Duration.ofMinutes(10)))
                    .countedBy(limiter))
            .build();
    for (int i = 0; i < 5; i++) {
      assertThat(denied(auth.authenticate(from("203.0.113." + i, "lk_abcde-old" + i))).reason()).isEqualTo(Reason.EXPIRED);
    }
  }

  @Test
  void ipv6ClientsAreCountedPerSlash64() {
    Authenticator auth =
        Latchkey.builder()
            .source(keys)
            .failedAttemptThrottle(FailedAttemptThrottle.perClientAddress(RateLimit.fixedWindow(3, Duration.ofMinutes(10))).countedBy(limiter))
            .build();
    for (int i = 1; i <= 3; i++) {
      auth.authenticate(from("2001:db8:1:2::" + i, "guess-" + i));
    }
    assertThat(denied(auth.authenticate(from("2001:db8:1:2:ffff::9", KEY))).reason()).isEqualTo(Reason.TOO_MANY_FAILED_ATTEMPTS);
    assertThat(auth.authenticate(from("2001:db8:1:3::1", KEY))).isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void neighboursOfFailingAddressesAreNotRefusedUnlessPerNetworkCountingIsOn() {
    Authenticator auth =
        Latchkey.builder()
            .source(keys)
            .failedAttemptThrottle(FailedAttemptThrottle.perClientAddress(RateLimit.fixedWindow(3, Duration.ofMinutes(10))).countedBy(limiter))
            .build();
    for (int i = 1; i <= 200; i++) {
      auth.authenticate(from("203.0.113." + i, "guess"));
      auth.authenticate(from("2001:db8:1:" + Integer.toHexString(i) + "::1", "guess"));
    }
    assertThat(List.of(auth.authenticate(from("203.0.113.250", KEY)), auth.authenticate(from("2001:db8:1:ffff::1", KEY))))
        .allSatisfy(r -> assertThat(r).isInstanceOf(AuthResult.Authenticated.class));
  }

  @Test
  void perNetworkCountingRefusesEveryAddressOfANetworkPastItsLimit() {
    Authenticator auth =
        Latchkey.builder()
            .source(keys)
            .failedAttemptThrottle(
                FailedAttemptThrottle.perClientAddress(RateLimit.fixedWindow(3, Duration.ofMinutes(10)))
                    .andPerNetwork(RateLimit.fixedWindow(4, Duration.ofMinutes(10)))
                    .countedBy(limiter))
            .build();
    for (int i = 1; i <= 4; i++) {
      auth.authenticate(from("203.0.113." + i, "guess"));
      auth.authenticate(from("2001:db8:1:" + i + "::1", "guess"));
    }
    Map<String, String> outcomes = new java.util.LinkedHashMap<>();
    for (String address : List.of("203.0.113.250", "203.0.114.1", "2001:db8:1:ffff::1", "2001:db8:2::1")) {
      AuthResult r = auth.authenticate(from(address, KEY));
      outcomes.put(address, r instanceof AuthResult.Denied d ? d.reason().name() : "authenticated");
    }
    assertThat(outcomes).containsExactly(
        Map.entry("203.0.113.250", "TOO_MANY_FAILED_ATTEMPTS"),
        Map.entry("203.0.114.1", "authenticated"),
        Map.entry("2001:db8:1:ffff::1", "TOO_MANY_FAILED_ATTEMPTS"),
        Map.entry("2001:db8:2::1", "authenticated"));
  }

  @Test
  void clientsWithUnknownAddressesDoNotShareOneFailureCount() {
    Authenticator auth =
        Latchkey.builder()
            .source(keys)
            .failedAttemptThrottle(FailedAttemptThrottle.perClientAddress(RateLimit.fixedWindow(1, Duration.ofMinutes(10))).countedBy(limiter))
            .build();
    AuthRequest.Builder noAddress = AuthRequest.builder();
    auth.authenticate(noAddress.header("X-API-Key", "guess").build());
    auth.authenticate(AuthRequest.builder().header("X-API-Key", "guess-2").build());
    assertThat(auth.authenticate(AuthRequest.builder().header("X-API-Key", KEY).build())).isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void limitsAreCountedOnTheBuildersClock() {
    Authenticator auth = Latchkey.builder().source(keys).clock(clock).rateLimits(RateLimitPolicy.omnidev(1)).build();
    auth.authenticate(from("10.0.0.1", KEY));
    assertThat(denied(auth.authenticate(from("10.0.0.1", KEY))).reason()).isEqualTo(Reason.RATE_LIMITED);
    clock.advance(Duration.ofHours(2));
    assertThat(auth.authenticate(from("10.0.0.1", KEY))).isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void aKeysOwnLimitHasItsOwnCounter() {
    ScriptedSource twoKeys =
        new ScriptedSource("keys", c -> Verdict.accept(
            Principal.builder("alice", "keys").credentialId(c.secret().expose().equals("vip-key") ? "vip" : "plain").build()));
    Authenticator auth =
        Latchkey.builder()
            .source(twoKeys)
            .clock(clock)
            .rateLimits(RateLimitPolicy.omnidev(1).forCredential("vip", RateLimit.perHourFixedWindow(2)))
            .build();
    auth.authenticate(from("10.0.0.1", "plain-key"));
    assertThat(auth.authenticate(from("10.0.0.1", "vip-key"))).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(auth.authenticate(from("10.0.0.1", "vip-key"))).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(denied(auth.authenticate(from("10.0.0.1", "vip-key"))).reason()).isEqualTo(Reason.RATE_LIMITED);
  }

  @Test
  void emptyAllowedIpsListOrStringMeansNoRestriction() {
    for (Object empty : List.of("", List.of())) {
      ScriptedSource open = new ScriptedSource("open", c -> Verdict.accept(Principal.builder("bob", "open").attribute("allowed_ips", empty).build()));
      assertThat(Latchkey.builder().source(open).build().authenticate(from("203.0.113.9", KEY))).isInstanceOf(AuthResult.Authenticated.class);
    }
  }

  @Test
  void allowedIpsAsAListRestricts() {
    ScriptedSource listed =
        new ScriptedSource("listed", c -> Verdict.accept(Principal.builder("bob", "listed").attribute("allowed_ips", List.of("10.0.0.0/8")).build()));
    Authenticator auth = Latchkey.builder().source(listed).build();
    assertThat(auth.authenticate(from("10.1.1.1", KEY))).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(denied(auth.authenticate(from("203.0.113.9", KEY))).reason()).isEqualTo(Reason.IP_NOT_ALLOWED);
  }
}
