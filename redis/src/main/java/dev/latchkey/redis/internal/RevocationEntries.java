package dev.latchkey.redis.internal;

import dev.latchkey.revocation.Revocation;
import java.time.Instant;
import java.util.Optional;

/**
 * How revocations are kept in Redis, and the scripts that keep them. One hash holds every revocation:
 * the field is the kind and the id ({@code t:<jti>}, {@code s:<subject>}, {@code k:<key id>}), the
 * value {@code <issued before, ms> <until, ms or ->}. A sorted set beside it holds the fields that end,
 * scored by their end, so ended entries are found without reading the hash. A change is published on
 * the channel as {@code <value> <field>}. Both keys share one hash tag, so a cluster keeps them in one
 * slot. Times are milliseconds since the epoch, exact in Lua's doubles. Stateless.
 */
public final class RevocationEntries {
  /**
   * Records a revocation, widening an entry already there (the later issued-before, the later end, or
   * none), and publishes what is now stored. {@code KEYS}: the hash, the sorted set. {@code ARGV}: field,
   * issued before, until, channel. Answers the stored value.
   */
  public static final String WRITE = """
      local field, before, untilv = ARGV[1], ARGV[2], ARGV[3]
      local old = redis.call('HGET', KEYS[1], field)
      if old then
        local space = string.find(old, ' ', 1, true)
        local oldBefore = string.sub(old, 1, space - 1)
        local oldUntil = string.sub(old, space + 1)
        if tonumber(oldBefore) > tonumber(before) then before = oldBefore end
        if oldUntil == '-' or (untilv ~= '-' and tonumber(oldUntil) > tonumber(untilv)) then untilv = oldUntil end
      end
      local value = before .. ' ' .. untilv
      redis.call('HSET', KEYS[1], field, value)
      if untilv == '-' then
        redis.call('ZREM', KEYS[2], field)
      else
        redis.call('ZADD', KEYS[2], untilv, field)
      end
      redis.call('PUBLISH', ARGV[4], value .. ' ' .. field)
      return value
      """;

  /**
   * Deletes up to 1,000 entries that ended by {@code ARGV[1]} (ms). {@code KEYS}: the hash, the sorted
   * set. Answers how many were deleted.
   */
  public static final String PURGE = """
      local ended = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, 1000)
      for _, field in ipairs(ended) do
        redis.call('HDEL', KEYS[1], field)
        redis.call('ZREM', KEYS[2], field)
      end
      return #ended
      """;

  private RevocationEntries() {}

  /**
   * The hash field of a revocation.
   *
   * @param revocation the revocation
   * @return its kind and id, such as {@code t:<jti>}
   */
  public static String field(Revocation revocation) {
    if (revocation instanceof Revocation.Token t) {
      return "t:" + t.jti();
    }
    if (revocation instanceof Revocation.Subject s) {
      return "s:" + s.subject();
    }
    return "k:" + ((Revocation.Key) revocation).keyId();
  }

  /**
   * The issued-before part of a value: the subject's instant, 0 for the other kinds.
   *
   * @param revocation the revocation
   * @return milliseconds since the epoch, as text
   */
  public static String issuedBefore(Revocation revocation) {
    return revocation instanceof Revocation.Subject s ? Long.toString(s.issuedBefore().toEpochMilli()) : "0";
  }

  /**
   * The until part of a value.
   *
   * @param revocation the revocation
   * @return milliseconds since the epoch as text, or {@code -} for never
   */
  public static String until(Revocation revocation) {
    return revocation.until().map(u -> Long.toString(u.toEpochMilli())).orElse("-");
  }

  /**
   * The revocation a stored field and value describe.
   *
   * @param field the hash field
   * @param value the stored value
   * @return the revocation; empty if they are not a revocation this version writes
   */
  public static Optional<Revocation> read(String field, String value) {
    try {
      int space = value.indexOf(' ');
      if (field.length() < 3 || field.charAt(1) != ':' || space < 1) {
        return Optional.empty();
      }
      String id = field.substring(2);
      Instant before = Instant.ofEpochMilli(Long.parseLong(value.substring(0, space)));
      String untilText = value.substring(space + 1);
      Optional<Instant> until = untilText.equals("-") ? Optional.empty() : Optional.of(Instant.ofEpochMilli(Long.parseLong(untilText)));
      switch (field.charAt(0)) {
        case 't':
          return Optional.of(new Revocation.Token(id, until));
        case 's':
          return Optional.of(new Revocation.Subject(id, before, until));
        case 'k':
          return Optional.of(new Revocation.Key(id, until));
        default:
          return Optional.empty();
      }
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The revocation a published message describes ({@code <value> <field>}).
   *
   * @param message the message
   * @return the revocation; empty if it is not one this version publishes
   */
  public static Optional<Revocation> readMessage(String message) {
    int first = message.indexOf(' ');
    int second = first < 0 ? -1 : message.indexOf(' ', first + 1);
    return second < 0 ? Optional.empty() : read(message.substring(second + 1), message.substring(0, second));
  }
}
