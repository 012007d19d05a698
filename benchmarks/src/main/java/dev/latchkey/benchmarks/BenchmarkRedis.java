package dev.latchkey.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Optional;
import redis.embedded.RedisServer;

/**
 * The Redis the Redis benchmarks count on: the one {@code REDIS_URL} names, or else a redis-server
 * (the binary embedded-redis ships) started on a free loopback port and stopped by {@link #close()}.
 */
public final class BenchmarkRedis implements AutoCloseable {
  private final String url;
  private final Optional<RedisServer> started;

  private BenchmarkRedis(String url, Optional<RedisServer> started) {
    this.url = url;
    this.started = started;
  }

  /**
   * The Redis named by {@code REDIS_URL}, or one started here.
   *
   * @return the server; close it to stop one started here
   */
  public static BenchmarkRedis start() {
    String given = System.getenv("REDIS_URL");
    if (given != null && !given.isBlank()) {
      return new BenchmarkRedis(given, Optional.empty());
    }
    try (ServerSocket socket = new ServerSocket(0)) {
      int port = socket.getLocalPort();
      socket.close();
      RedisServer server = RedisServer.newRedisServer().bind("127.0.0.1").port(port)
          .setting("save \"\"").setting("appendonly no").onShutdownForceStop(true).build();
      server.start();
      return new BenchmarkRedis("redis://127.0.0.1:" + port, Optional.of(server));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Where to connect.
   *
   * @return a {@code redis://} URL
   */
  public String url() {
    return url;
  }

  /** Stops the server if it was started here. */
  @Override
  public void close() {
    started.ifPresent(server -> {
      try {
        server.stop();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
