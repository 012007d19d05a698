package dev.latchkey.redis.internal;

import io.lettuce.core.RedisURI;
import java.util.Objects;

/**
 * The settings every Redis-backed piece of Latchkey shares. A Redis URL a user configured may hold a
 * password: problems are described without quoting it, and {@link #endpoint} names the server by host
 * and port only. Stateless.
 */
public final class RedisSettings {
  private RedisSettings() {}

  /**
   * The URL, parsed.
   *
   * @param url {@code redis://[:password@]host[:port][/db]}, or {@code rediss://} for TLS
   * @return the parsed URL
   * @throws IllegalArgumentException if it is not a Redis URL or has no host (the message never quotes it)
   */
  public static RedisURI parse(String url) {
    Objects.requireNonNull(url, "url");
    RedisURI parsed;
    try {
      parsed = RedisURI.create(url);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a Redis URL (redis://[:password@]host[:port][/db])");
    }
    if (parsed.getHost() == null || parsed.getHost().isEmpty()) {
      throw new IllegalArgumentException("a Redis URL needs a host (redis://[:password@]host[:port][/db])");
    }
    return parsed;
  }

  /**
   * The server by host and port, never the password.
   *
   * @param uri a parsed URL
   * @return such as {@code redis.internal:6379}
   */
  public static String endpoint(RedisURI uri) {
    return uri.getHost() + ":" + uri.getPort();
  }

  /**
   * Checks a key prefix: what every Redis key of a limiter or store starts with.
   *
   * @param keyPrefix the prefix
   * @return the prefix
   * @throws IllegalArgumentException if it is empty or has a brace (braces are Redis Cluster hash tags)
   */
  public static String keyPrefix(String keyPrefix) {
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    if (keyPrefix.isEmpty() || keyPrefix.indexOf('{') >= 0 || keyPrefix.indexOf('}') >= 0) {
      throw new IllegalArgumentException("a key prefix must be non-empty and have no braces");
    }
    return keyPrefix;
  }
}
