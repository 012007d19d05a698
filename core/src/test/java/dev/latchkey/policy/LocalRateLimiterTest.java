package dev.latchkey.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.policy.spec.RateLimiterContract;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@link RateLimiterContract}, and how the local limiter bounds its memory. */
class LocalRateLimiterTest extends RateLimiterContract {

  @Override
  protected RateLimiter newLimiter(Clock clock) {
    return LocalRateLimiter.create(clock);
  }

  private LocalRateLimiter local() {
    return (LocalRateLimiter) limiter;
  }

  @Test
  void keyCountStaysBounded() {
    LocalRateLimiter small = LocalRateLimiter.create(clock, 64);
    RateLimit limit = RateLimit.fixedWindow(5, Duration.ofMinutes(1));
    for (int i = 0; i < 1000; i++) {
      small.acquire("k" + i, limit);
    }
    assertThat(small.size()).isLessThanOrEqualTo(64);
  }

  @Test
  void aFloodOfLessUsedKeysNeverResetsAKeyBeingLimited() {
    LocalRateLimiter small = LocalRateLimiter.create(clock, 64);
    RateLimit window = RateLimit.fixedWindow(1, Duration.ofHours(1));
    RateLimit bucket = RateLimit.tokenBucket(1, Duration.ofHours(1), 3);
    small.acquire("window-victim", window);
    for (int i = 0; i < 3; i++) {
      small.acquire("bucket-victim", bucket);
    }
    RateLimit flood = RateLimit.fixedWindow(5, Duration.ofHours(1));
    for (int i = 0; i < 5000; i++) {
      small.acquire("flood-" + i, flood);
    }
    assertThat(List.of(small.acquire("window-victim", window).allowed(), small.acquire("bucket-victim", bucket).allowed()))
        .containsExactly(false, false);
    assertThat(small.size()).isLessThanOrEqualTo(64);
  }

  @Test
  void newKeysGetTheirOwnAllowanceEvenWhenEveryTrackedKeyIsAtItsLimit() {
    LocalRateLimiter small = LocalRateLimiter.create(clock, 64);
    RateLimit limit = RateLimit.fixedWindow(1, Duration.ofHours(1));
    for (int i = 0; i < 64; i++) {
      small.acquire("exhausted-" + i, limit);
    }
    List<Boolean> newcomers = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      newcomers.add(small.acquire("new-" + i, limit).allowed());
    }
    assertThat(newcomers).containsOnly(true).hasSize(1000);
    assertThat(small.size()).isLessThanOrEqualTo(64);
  }

  @Test
  void aKeyWhosePermitsAreAllGivenBackIsForgotten() {
    RateLimit limit = RateLimit.fixedWindow(3, Duration.ofHours(1));
    limiter.acquire("kept", limit);
    limiter.acquire("returned", limit);
    limiter.acquire("returned", limit);
    limiter.release("returned", limit);
    assertThat(local().size()).isEqualTo(2);
    limiter.release("returned", limit);
    assertThat(local().size()).isEqualTo(1);
    assertThat(limiter.check("kept", limit)).isEqualTo(new RateLimiter.Decision(true, 2, Duration.ZERO));
  }
}
