package dev.latchkey.benchmarks;

import dev.latchkey.AuthRequest;
import dev.latchkey.AuthResult;
import dev.latchkey.Authenticator;
import dev.latchkey.InMemoryCredentialSource;
import dev.latchkey.Latchkey;
import dev.latchkey.micrometer.MicrometerAuthListener;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What reporting {@code latchkey.authentications} to Micrometer adds to an authentication:
 * {@code observed} authenticates a key with {@link MicrometerAuthListener#timing} recording in a
 * {@link SimpleMeterRegistry}, {@code plain} the same request without a listener. Target:
 * {@code observed} minus {@code plain} at most 150 ns per authentication.
 * {@code observedThroughObservations} publishes the observation instead
 * ({@link MicrometerAuthListener#observing}) to a registry whose meter handler times it in a
 * {@link SimpleMeterRegistry}: the cost of Micrometer's observation machinery, for comparison.
 * {@code events} has a listener that does nothing: what making the event costs every listener (its
 * credential fingerprint is an HMAC), so {@code observed} minus {@code events} is Micrometer's part.
 * Sample-time mode, so medians (p0.50) are compared.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class MetricsBenchmark {
  private static final String KEY = "lk_metrics_bench_key_0123456789abcdefghijklmnopqrstuvwxyz";

  private AuthRequest request;
  private Authenticator plain;
  private Authenticator events;
  private Authenticator observed;
  private Authenticator observedThroughObservations;

  @Setup
  public void setUp() {
    request = AuthRequest.builder().remoteAddress("198.51.100.7").header("Authorization", "Bearer " + KEY).build();
    InMemoryCredentialSource keys = InMemoryCredentialSource.create();
    for (int i = 0; i < 1000; i++) {
      keys.add(i == 500 ? KEY : KEY + "-" + i, "key-" + i, "deploy");
    }
    ObservationRegistry observations = ObservationRegistry.create();
    observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(new SimpleMeterRegistry()));
    plain = Latchkey.builder().source(keys).build();
    events = Latchkey.builder().source(keys).listener(event -> { }).build();
    observed = Latchkey.builder().source(keys).listener(MicrometerAuthListener.timing(new SimpleMeterRegistry())).build();
    observedThroughObservations = Latchkey.builder().source(keys).listener(MicrometerAuthListener.observing(observations)).build();
    if (!(observed.authenticate(request) instanceof AuthResult.Authenticated)
        || !(observedThroughObservations.authenticate(request) instanceof AuthResult.Authenticated)) {
      throw new IllegalStateException("the benchmark key does not authenticate");
    }
  }

  @TearDown
  public void tearDown() {
    plain.close();
    events.close();
    observed.close();
    observedThroughObservations.close();
  }

  @Benchmark
  public AuthResult plain() {
    return plain.authenticate(request);
  }

  @Benchmark
  public AuthResult events() {
    return events.authenticate(request);
  }

  @Benchmark
  public AuthResult observed() {
    return observed.authenticate(request);
  }

  @Benchmark
  public AuthResult observedThroughObservations() {
    return observedThroughObservations.authenticate(request);
  }
}
