package dev.latchkey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.policy.FailedAttemptThrottle;
import dev.latchkey.policy.TrustedProxies;
import dev.latchkey.testing.MutableClock;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The failed-attempt throttle under a flood of distinct client addresses (random {@code X-Forwarded-For}
 * behind a trusted proxy): memory stays bounded, no address is refused for what other addresses did,
 * and an address that used up its own allowance is still refused.
 */
class AddressFloodTest {
  private static final String KEY = "lk_flood_test_valid_key_0123456789";
  /** Distinct failing addresses in one window: half IPv4, half IPv6 (each in its own /64). */
  private static final int FLOOD = 1_000_000;
  /**
   * What the authenticator may keep after the flood: the default table holds at most 100,000 counters
   * (map node, key text, state: about 100 bytes each, about 10 MiB measured), so 48 MiB leaves room for
   * a less compact JVM and for collector slack. Counting every one of the million addresses would need
   * ten times the table, over 100 MiB.
   */
  private static final long HEAP_BOUND_BYTES = 48L * 1024 * 1024;

  /** How the flood went: attempts judged by the sources, and the first refused one, if any. */
  private record Flood(int judged, String firstRefused) {}

  private final MutableClock clock = MutableClock.standard();

  private static AuthRequest via(String client, String key) {
    return AuthRequest.builder().remoteAddress("10.0.0.2").header("X-Forwarded-For", client).header("X-API-Key", key).build();
  }

  /** The {@code i}-th flooding address: 100.64.0.0/10 for even {@code i}, a /64 of 2001:db8::/32 for odd. */
  private static String floodAddress(int i) {
    int n = i >>> 1;
    return (i & 1) == 0
        ? "100." + (64 + (n >>> 16)) + "." + ((n >>> 8) & 0xff) + "." + (n & 0xff)
        : "2001:db8:" + Integer.toHexString(n >>> 16) + ":" + Integer.toHexString(n & 0xffff) + "::1";
  }

  private static String outcome(AuthResult result) {
    return result instanceof AuthResult.Denied d ? d.status() + " " + d.reason() : "authenticated";
  }

  private static long retainedHeap() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }

  @Test
  void aMillionFailingAddressesRefuseNoOneButThemselvesInBoundedMemory() {
    InMemoryCredentialSource keys = InMemoryCredentialSource.create().add(KEY, "alice", "reader");
    long heapBefore = retainedHeap();
    Authenticator auth =
        Latchkey.builder()
            .source(keys)
            .clock(clock)
            .trustedProxies(TrustedProxies.of("10.0.0.0/8"))
            .failedAttemptThrottle(FailedAttemptThrottle.standard())
            .build();
    String earlierClient = "198.51.100.7";
    String guesser = "192.0.2.66";
    assertThat(outcome(auth.authenticate(via(earlierClient, KEY)))).isEqualTo("authenticated");
    for (int i = 0; i < 30; i++) {
      auth.authenticate(via(guesser, "guess-" + i));
    }

    String midFlood = floodAddress(FLOOD / 2);
    Flood flood = new Flood(0, "none");
    flooding:
    for (int i = 0; i < FLOOD; i++) {
      // One address in the middle of the flood goes on to its limit; every other one fails once.
      for (int attempt = 0; attempt < (i == FLOOD / 2 ? 30 : 1); attempt++) {
        AuthResult result = auth.authenticate(via(floodAddress(i), "wrong-key"));
        if (!outcome(result).equals("401 INVALID_CREDENTIAL")) {
          flood = new Flood(flood.judged(), "address #" + i + ": " + outcome(result));
          break flooding;
        }
        flood = new Flood(flood.judged() + 1, "none");
      }
    }
    clock.advance(Duration.ofMinutes(1));
    Map<String, String> after = new LinkedHashMap<>();
    after.put("fresh IPv4 address, valid key", outcome(auth.authenticate(via("203.0.113.200", KEY))));
    after.put("fresh IPv6 address, valid key", outcome(auth.authenticate(via("2001:db8:ffff:1::5", KEY))));
    after.put("client that authenticated before the flood", outcome(auth.authenticate(via(earlierClient, KEY))));
    after.put("flooding address that failed once, valid key", outcome(auth.authenticate(via(floodAddress(0), KEY))));
    after.put("guesser at its limit before the flood, valid key", outcome(auth.authenticate(via(guesser, KEY))));
    after.put("flooding address at its limit, valid key", outcome(auth.authenticate(via(midFlood, KEY))));
    long retained = retainedHeap() - heapBefore;
    Reference.reachabilityFence(auth);

    assertThat(flood).as("every flooding attempt judged, none refused for the others").isEqualTo(new Flood(FLOOD + 29, "none"));
    assertThat(after).containsExactly(
        Map.entry("fresh IPv4 address, valid key", "authenticated"),
        Map.entry("fresh IPv6 address, valid key", "authenticated"),
        Map.entry("client that authenticated before the flood", "authenticated"),
        Map.entry("flooding address that failed once, valid key", "authenticated"),
        Map.entry("guesser at its limit before the flood, valid key", "429 TOO_MANY_FAILED_ATTEMPTS"),
        Map.entry("flooding address at its limit, valid key", "429 TOO_MANY_FAILED_ATTEMPTS"));
    assertThat(retained).as("heap kept after the flood, in bytes").isLessThan(HEAP_BOUND_BYTES);
  }
}
