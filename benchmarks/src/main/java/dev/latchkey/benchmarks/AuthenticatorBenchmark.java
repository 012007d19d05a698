package dev.latchkey.benchmarks;

import dev.latchkey.AuthRequest;
import dev.latchkey.AuthResult;
import dev.latchkey.Authenticator;
import dev.latchkey.InMemoryCredentialSource;
import dev.latchkey.Latchkey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole request path (extraction, chain, in-memory source) for a valid Bearer key, against its
 * floor: the SHA-256 digest of the key and one {@code HashMap} look-up, the least work any digest-indexed
 * key check can do. Report {@code authenticateBearer / floor}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AuthenticatorBenchmark {
  @Param({"1000"})
  public int keys;

  private Authenticator authenticator;
  private AuthRequest bearerRequest;
  private AuthRequest unknownKeyRequest;
  private Map<ByteBuffer, String> floorIndex;
  private String knownKey;

  @Setup
  public void setUp() throws NoSuchAlgorithmException {
    InMemoryCredentialSource source = InMemoryCredentialSource.create();
    floorIndex = new HashMap<>();
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    for (int i = 0; i < keys; i++) {
      String key = "lk_bench_" + i + "_abcdefghijklmnopqrstuvwxyz0123456789";
      source.add(key, "key-" + i, "reader");
      floorIndex.put(ByteBuffer.wrap(sha256.digest(key.getBytes(StandardCharsets.UTF_8))), "key-" + i);
    }
    knownKey = "lk_bench_" + (keys / 2) + "_abcdefghijklmnopqrstuvwxyz0123456789";
    authenticator = Latchkey.builder().source(source).build();
    bearerRequest =
        AuthRequest.builder().header("Authorization", "Bearer " + knownKey).remoteAddress("192.0.2.1").build();
    unknownKeyRequest =
        AuthRequest.builder().header("Authorization", "Bearer lk_bench_unknown_abcdefghijklmnopqrstuvwxyz").build();
  }

  /** A valid key through the whole authenticator. */
  @Benchmark
  public AuthResult authenticateBearer() {
    return authenticator.authenticate(bearerRequest);
  }

  /** An unknown key through the whole authenticator (denied 401). */
  @Benchmark
  public AuthResult authenticateUnknownKey() {
    return authenticator.authenticate(unknownKeyRequest);
  }

  /** The floor: digest the key and look it up. */
  @Benchmark
  public String floor() throws NoSuchAlgorithmException {
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    return floorIndex.get(ByteBuffer.wrap(sha256.digest(knownKey.getBytes(StandardCharsets.UTF_8))));
  }
}
