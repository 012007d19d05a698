package dev.latchkey.benchmarks;

import dev.latchkey.Principal;
import dev.latchkey.revocation.InMemoryRevocations;
import dev.latchkey.revocation.Revocation;
import dev.latchkey.revocation.Revocations;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the revocation check (step 6 of the request path) costs every authenticated request. The set
 * holds 1,000,000 revoked {@code jti}s and 10,000 subjects logged out everywhere; each call checks the
 * next of 1,024 token principals with fresh random {@code jti}s (a {@code jti} lookup that misses, then
 * the subject lookup, which finds a logged-out subject for one principal in four, issued after its
 * logout). {@code check} is the contract (target: at most 50 ns); {@code checkOnEmptySet} is the same
 * call on an empty set, its baseline in the same run; {@code checkRevoked} presents revoked tokens (a
 * hit, which also reads the clock), for information.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx3g")
public class RevocationBenchmark {
  static final int REVOKED_JTIS = 1_000_000;
  static final int REVOKED_SUBJECTS = 10_000;
  private static final int PRESENTED = 1024;

  private InMemoryRevocations full;
  private InMemoryRevocations empty;
  private Principal[] presented;
  private Principal[] revoked;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    Clock clock = Clock.systemUTC();
    Instant now = clock.instant();
    Optional<Instant> until = Optional.of(now.plusSeconds(3600));
    SplittableRandom random = new SplittableRandom(42);
    full = InMemoryRevocations.create(clock);
    empty = InMemoryRevocations.create(clock);
    String[] jtis = new String[REVOKED_JTIS];
    for (int i = 0; i < REVOKED_JTIS; i++) {
      jtis[i] = new UUID(random.nextLong(), random.nextLong()).toString();
      full.merge(new Revocation.Token(jtis[i], until));
    }
    for (int i = 0; i < REVOKED_SUBJECTS; i++) {
      full.merge(Revocation.subject("user-" + i, now.minusSeconds(600)));
    }
    presented = new Principal[PRESENTED];
    revoked = new Principal[PRESENTED];
    for (int i = 0; i < PRESENTED; i++) {
      // One in four presented subjects was logged out, before its token was issued.
      String subject = "user-" + (i % 4 == 0 ? i : REVOKED_SUBJECTS + i);
      presented[i] = token(subject, new UUID(random.nextLong(), random.nextLong()).toString(), now);
      revoked[i] = token("user-" + (REVOKED_SUBJECTS + i), jtis[random.nextInt(REVOKED_JTIS)], now);
    }
    for (int i = 0; i < PRESENTED; i++) {
      if (full.check(presented[i], Revocations.Kind.TOKEN) != Revocations.Status.NOT_REVOKED
          || full.check(revoked[i], Revocations.Kind.TOKEN) != Revocations.Status.REVOKED) {
        throw new IllegalStateException("the benchmark's principals must be what they say");
      }
    }
  }

  private static Principal token(String subject, String jti, Instant issuedAt) {
    return Principal.builder(subject, "jwt").credentialId(jti).issuedAt(issuedAt).build();
  }

  private Principal nextOf(Principal[] principals) {
    int i = next;
    next = (i + 1) & (PRESENTED - 1);
    return principals[i];
  }

  /** A token that is not revoked, against a million revoked jtis and ten thousand subjects. */
  @Benchmark
  public Revocations.Status check() {
    return full.check(nextOf(presented), Revocations.Kind.TOKEN);
  }

  /** The same call on an empty set: the baseline. */
  @Benchmark
  public Revocations.Status checkOnEmptySet() {
    return empty.check(nextOf(presented), Revocations.Kind.TOKEN);
  }

  /** A revoked token: a hit, which reads the clock to see that the entry is in force. */
  @Benchmark
  public Revocations.Status checkRevoked() {
    return full.check(nextOf(revoked), Revocations.Kind.TOKEN);
  }
}
