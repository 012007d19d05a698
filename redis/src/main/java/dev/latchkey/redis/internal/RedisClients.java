package dev.latchkey.redis.internal;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Lettuce client with threads of its own, as every Redis-backed piece of Latchkey opens it: it
 * reconnects by itself, quickly after an outage (the circuit breaker, not the reconnect delay, paces
 * the load on Redis), and while disconnected it refuses commands at once rather than queueing them
 * behind the outage. {@link #shutdown()} stops the client and its threads; Lettuce's own
 * {@code RedisClient.shutdown} leaves resources it was handed running, so this is the one place both
 * are stopped.
 *
 * <p>Thread-safe.
 *
 * @param resources the event loops and timers the client runs on, owned by this value
 * @param client the client, owned by this value
 */
public record RedisClients(ClientResources resources, RedisClient client) {

  /**
   * Rejects nulls.
   *
   * @param resources the event loops and timers the client runs on
   * @param client the client
   */
  public RedisClients {
    Objects.requireNonNull(resources, "resources");
    Objects.requireNonNull(client, "client");
  }

  /**
   * Opens a client; it connects only when asked to.
   *
   * @param ioThreads how many I/O threads the client runs
   * @param connectTimeout how long a connection attempt may take
   * @param commandTimeout a timeout for each command, if any (callers that wait with deadlines of
   *     their own still want one, so that an unanswered command is eventually dropped)
   * @param requestQueueSize how many commands may wait for the connection
   * @return the client and its resources
   */
  public static RedisClients open(
      int ioThreads, Duration connectTimeout, Optional<Duration> commandTimeout, int requestQueueSize) {
    ClientResources resources = ClientResources.builder()
        .ioThreadPoolSize(ioThreads)
        .computationThreadPoolSize(1)
        .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
        .build();
    RedisClient client = RedisClient.create(resources);
    ClientOptions.Builder options = ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .requestQueueSize(requestQueueSize)
        .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).build());
    commandTimeout.ifPresent(t -> options.timeoutOptions(TimeoutOptions.enabled(t)));
    client.setOptions(options.build());
    return new RedisClients(resources, client);
  }

  /** Stops the client, then its threads, waiting up to two seconds for each. */
  public void shutdown() {
    try {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    } finally {
      resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }
}
