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
 * What publishing the observation {@code latchkey.authentications} adds to an authentication:
 * {@code observed} authenticates a key with a {@link MicrometerAuthListener} on an observation registry
 * that times every observation in a {@link SimpleMeterRegistry} (the meter handler a host's metrics
 * use), {@code plain} the same request without it. Target: {@code observed} minus {@code plain} at most
 * 150 ns per authentication. Sample-time mode, so medians (p0.50) are compared.
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
  private Authenticator observed;

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
    observed = Latchkey.builder().source(keys).listener(MicrometerAuthListener.create(observations)).build();
    if (!(observed.authenticate(request) instanceof AuthResult.Authenticated)) {
      throw new IllegalStateException("the benchmark key does not authenticate");
    }
  }

  @TearDown
  public void tearDown() {
    plain.close();
    observed.close();
  }

  @Benchmark
  public AuthResult plain() {
    return plain.authenticate(request);
  }

  @Benchmark
  public AuthResult observed() {
    return observed.authenticate(request);
  }
}
