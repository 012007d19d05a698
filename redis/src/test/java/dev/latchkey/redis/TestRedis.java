package dev.latchkey.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/**
 * A real redis-server (the binary embedded-redis ships) on a free loopback port, started by the tests
 * themselves so the build needs nothing installed. {@link #shared()} is one server for the whole test
 * run; {@link #startOwn} starts one a test may stop and restart.
 */
final class TestRedis implements AutoCloseable {
  private static TestRedis shared;

  private final int port;
  private final String password;
  private RedisServer server;

  private TestRedis(int port, String password) {
    this.port = port;
    this.password = password;
    start();
  }

  /** The server shared by every test of this run, started on first use and stopped when the JVM exits. */
  static synchronized TestRedis shared() {
    if (shared == null) {
      shared = new TestRedis(freePort(), "");
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
    }
    return shared;
  }

  /** A server of the caller's own, with {@code password} required unless it is empty. */
  static TestRedis startOwn(String password) {
    return new TestRedis(freePort(), password);
  }

  /** The URL clients connect with, holding the password if there is one. */
  String url() {
    return password.isEmpty() ? "redis://127.0.0.1:" + port : "redis://:" + password + "@127.0.0.1:" + port;
  }

  int port() {
    return port;
  }

  /** Starts the server (again, after {@link #stop()}), empty: nothing is persisted. */
  synchronized void start() {
    try {
      var builder = RedisServer.newRedisServer()
          .bind("127.0.0.1")
          .port(port)
          .setting("save \"\"")
          .setting("appendonly no")
          .onShutdownForceStop(true);
      if (!password.isEmpty()) {
        builder.setting("requirepass " + password);
      }
      server = builder.build();
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the server: connections drop and new ones are refused. */
  synchronized void stop() {
    try {
      if (server != null) {
        server.stop();
        server = null;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code work} with a plain connection of its own, to look at what the limiter stored. */
  <T> T inspect(java.util.function.Function<RedisCommands<String, String>, T> work) {
    RedisClient client = RedisClient.create(RedisURI.create(url()));
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      return work.apply(c.sync());
    } finally {
      client.shutdown();
    }
  }

  @Override
  public void close() {
    stop();
  }

  /**
   * Waits up to ten seconds until every component of {@code auth}'s health is {@code UP}: an
   * authenticator built from a configuration connects to Redis in the background, and a request made
   * before it has would be decided by the fallback.
   */
  static void awaitUp(dev.latchkey.Authenticator auth) {
    long giveUp = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
    while (auth.health().status() != dev.latchkey.Health.Status.UP && System.nanoTime() < giveUp) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
