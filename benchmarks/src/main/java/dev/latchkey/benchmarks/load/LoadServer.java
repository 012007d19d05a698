package dev.latchkey.benchmarks.load;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.latchkey.Authenticator;
import dev.latchkey.Latchkey;
import dev.latchkey.Secret;
import dev.latchkey.benchmarks.BenchmarkRedis;
import dev.latchkey.examples.httpserver.LatchkeyFilter;
import dev.latchkey.jwt.JwtIssuer;
import dev.latchkey.jwt.JwtKeys;
import dev.latchkey.jwt.JwtMinter;
import dev.latchkey.jwt.JwtSource;
import dev.latchkey.keystore.file.FileKeyStore;
import dev.latchkey.keystore.file.IssuedKey;
import dev.latchkey.keystore.file.KeyRequest;
import dev.latchkey.policy.RateLimit;
import dev.latchkey.policy.RateLimitPolicy;
import dev.latchkey.redis.RedisRateLimiter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The server {@code benchmarks/run} loads with wrk: one trivial endpoint behind each authentication
 * setup, on 127.0.0.1, through the JDK {@code HttpServer} adapter ({@link LatchkeyFilter}).
 *
 * <ul>
 *   <li>{@code /baseline} — no authentication;
 *   <li>{@code /apikey} — a {@link FileKeyStore} holding {@code --keys} keys (1,000,000 by default);
 *   <li>{@code /jwt} — an RS256 JWT through {@link JwtSource}, verified on every request;
 *   <li>{@code /jwt-cached} — the same token through a source with the verified-token cache;
 *   <li>{@code /apikey-redis} — {@code /apikey} with a per-principal rate limit counted in Redis in the
 *       batched mode (batch 100), a limit the run never reaches: what shared counting adds;
 *   <li>{@code /apikey-redis-exact} — the same in the exact mode (one round trip per request).
 * </ul>
 *
 * <p>The Redis endpoints count on the Redis {@code REDIS_URL} names, or else on a redis-server started
 * here (the binary embedded-redis ships) and stopped with the server.
 *
 * <p>With {@code --accp}, Amazon Corretto Crypto Provider is installed first, so Latchkey's {@code auto}
 * provider choice verifies the RS256 tokens with it.
 *
 * <p>When ready it writes {@code --out}: {@code port}, a file of 1,024 valid API keys spread over the
 * store (one a line, for wrk to rotate through), and the RS256 token. Runs until killed.
 */
public final class LoadServer {
  private static final String ISSUER = "https://load.latchkey.test";
  private static final String AUDIENCE = "load";
  /**
   * The batched endpoint's batch: a busy principal (one key takes every request of the run) leases 100
   * at a time, about one refill per 50 requests; the default 10 would send one per 5.
   */
  private static final int LOAD_BATCH = 100;
  private static final byte[] BODY = "{\"ok\":true}".getBytes(StandardCharsets.US_ASCII);

  private LoadServer() {}

  /** {@code [--port N] [--keys N] [--threads N] [--accp] --out DIR}. */
  public static void main(String[] args) throws Exception {
    // Without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs: 40 ms a request.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    int port = 0;
    int keys = 1_000_000;
    int threads = Runtime.getRuntime().availableProcessors();
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--keys" -> keys = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--accp" -> {
          com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.install();
          com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.INSTANCE.assertHealthy();
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (out == null) {
      throw new IllegalArgumentException("--out DIR is required");
    }
    Files.createDirectories(out);

    Path storeFile = Files.createTempDirectory("latchkey-load").resolve("keys.json");
    FileKeyStore store = FileKeyStore.builder(storeFile).refreshInterval(Duration.ZERO).flushInterval(Duration.ZERO).open();
    List<KeyRequest> requests = new ArrayList<>(keys);
    KeyRequest request = KeyRequest.named("load-client").roles("reader").allowDuplicateName().build();
    for (int i = 0; i < keys; i++) {
      requests.add(request);
    }
    List<IssuedKey> issued = store.createAll(requests);
    int stride = Math.max(1, keys / 1024);
    StringBuilder keyLines = new StringBuilder();
    for (int i = 0; i < Math.min(1024, keys); i++) {
      keyLines.append(issued.get(i * stride).secret().expose()).append('\n');
    }
    issued = null;
    requests = null;

    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    KeyPair pair = rsa.generateKeyPair();
    String publicPem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    String privatePem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    Secret token = JwtMinter.fromPkcs8Pem(privatePem, "load-1").issuer(ISSUER).subject("load-client").audience(AUDIENCE)
        .lifetime(Duration.ofHours(12)).build().token();
    JwtIssuer issuer = JwtIssuer.issuer(ISSUER).keys(JwtKeys.pem(publicPem, Optional.of("load-1"), Optional.empty())).audiences(AUDIENCE).build();

    BenchmarkRedis redis = BenchmarkRedis.start();
    Runtime.getRuntime().addShutdownHook(new Thread(redis::close));
    long huge = 1_000_000_000_000L;
    RateLimit neverReached = RateLimit.tokenBucket(huge, Duration.ofHours(1), huge);

    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    server.setExecutor(executor);
    server.createContext("/baseline", LoadServer::respond);
    protect(server.createContext("/apikey", LoadServer::respond), Latchkey.builder().source(store).build());
    protect(server.createContext("/jwt", LoadServer::respond), Latchkey.builder().source(JwtSource.builder().issuer(issuer).build()).build());
    protect(server.createContext("/jwt-cached", LoadServer::respond),
        Latchkey.builder().source(JwtSource.builder().issuer(issuer).verifiedTokenCache(10_000, Duration.ofMinutes(5)).build()).build());
    for (RedisRateLimiter.Mode mode : RedisRateLimiter.Mode.values()) {
      RedisRateLimiter limiter = RedisRateLimiter.builder(redis.url()).keyPrefix("load-" + mode.name().toLowerCase(java.util.Locale.ROOT))
          .mode(mode).batch(LOAD_BATCH).build();
      if (!limiter.reachable(Duration.ofSeconds(10))) {
        throw new IllegalStateException("Redis did not answer");
      }
      String path = mode == RedisRateLimiter.Mode.BATCHED ? "/apikey-redis" : "/apikey-redis-exact";
      protect(server.createContext(path, LoadServer::respond),
          Latchkey.builder().source(store).rateLimits(RateLimitPolicy.perPrincipal(neverReached).countedBy(limiter)).build());
    }
    server.start();

    Files.writeString(out.resolve("api-keys.txt"), keyLines);
    Files.writeString(out.resolve("jwt.txt"), token.expose() + "\n");
    // Written last: its presence tells the script the server is ready.
    Files.writeString(out.resolve("port"), Integer.toString(server.getAddress().getPort()));
    System.out.printf("serving on 127.0.0.1:%d with %,d keys (%d threads)%n", server.getAddress().getPort(), keys, threads);
  }

  private static void protect(HttpContext context, Authenticator authenticator) {
    context.getFilters().add(new LatchkeyFilter(authenticator));
  }

  /**
   * The same trivial answer behind every setup. It leaves the (empty) request body to the server,
   * which drains it on close: reading it here would allocate a 16 KiB buffer a request, and that
   * garbage would flush from the processor's caches what the next requests need.
   */
  private static void respond(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, BODY.length);
      try (OutputStream body = exchange.getResponseBody()) {
        body.write(BODY);
      }
    }
  }
}
