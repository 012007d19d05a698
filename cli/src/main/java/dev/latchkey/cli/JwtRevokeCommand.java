package dev.latchkey.cli;

import dev.latchkey.redis.RedisRevocations;
import dev.latchkey.revocation.Revocation;
import dev.latchkey.revocation.RevocationException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;

/**
 * {@code latchkey jwt revoke --redis URL (--jti ID --until INSTANT | --sub S --before INSTANT)}: records a
 * revocation in the Redis every instance of a service shares ({@code revocations: {type: redis}}); every
 * instance refuses the token at once (within its resync interval at worst). Exit status 0 when recorded,
 * 2 for bad usage (an {@code --until} not in the future among it), 1 when Redis did not record it. The
 * Redis URL's password is never printed.
 */
@Command(
    name = "revoke",
    description = {
      "Revoke JWTs on every instance sharing a Redis revocation store (revocations: {type: redis}).",
      "  --jti ID --until INSTANT     one token, until its exp (then it is refused as expired anyway)",
      "  --sub S --before INSTANT     every token of subject S issued before INSTANT (log out everywhere)",
      "INSTANT is ISO-8601 in UTC, such as 2026-12-06T10:00:00Z, or now."
    })
final class JwtRevokeCommand implements Callable<Integer> {
  /** How long to wait for Redis to record the revocation. */
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @Option(
      names = "--redis",
      paramLabel = "URL",
      description = "redis://[:password@]host[:port][/db]; default: the REDIS_URL environment variable (keeps a password out of the process list).")
  private String redis;

  @ArgGroup(exclusive = true, multiplicity = "1")
  private Target target;

  /** One token, or every token of a subject. */
  static final class Target {
    @ArgGroup(exclusive = false, multiplicity = "1")
    OneToken token;

    @ArgGroup(exclusive = false, multiplicity = "1")
    Subject subject;
  }

  /** {@code --jti ID --until INSTANT}. */
  static final class OneToken {
    @Option(names = "--jti", required = true, paramLabel = "ID", description = "The token's jti.")
    String jti;

    @Option(names = "--until", required = true, paramLabel = "INSTANT", description = "Until when: the token's exp (plus the issuer's leeway, if any).")
    String until;
  }

  /** {@code --sub S --before INSTANT}. */
  static final class Subject {
    @Option(names = "--sub", required = true, paramLabel = "S", description = "The subject (the token's sub).")
    String subject;

    @Option(names = "--before", required = true, paramLabel = "INSTANT", description = "Tokens issued before this instant are refused.")
    String before;
  }

  private final Terminal terminal;

  JwtRevokeCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() {
    Instant now = terminal.clock().instant();
    Revocation revocation;
    String done;
    if (target.token != null) {
      Instant until = instant("--until", target.token.until, now);
      if (!until.isAfter(now)) {
        throw CommandFailure.usage("--until " + KeyOutput.time(until) + " is not in the future: a token is revoked until its exp, "
            + "and a token past its exp is refused already");
      }
      revocation = Revocation.token(nonBlank("--jti", target.token.jti), until);
      done = "Revoked the token with jti " + target.token.jti + " until " + KeyOutput.time(until);
    } else {
      Instant before = instant("--before", target.subject.before, now);
      revocation = Revocation.subject(nonBlank("--sub", target.subject.subject), before);
      done = "Revoked every token of subject " + target.subject.subject + " issued before " + KeyOutput.time(before);
    }
    String url = Optional.ofNullable(redis).or(() -> terminal.variable("REDIS_URL"))
        .orElseThrow(() -> CommandFailure.usage("name the shared Redis with --redis URL or the REDIS_URL environment variable"));
    RedisRevocations.Builder builder;
    try {
      builder = RedisRevocations.builder(url);
    } catch (IllegalArgumentException e) {
      // The message never quotes the URL.
      throw CommandFailure.usage("--redis: " + e.getMessage());
    }
    try (RedisRevocations store = builder.clock(terminal.clock()).timeout(TIMEOUT).build()) {
      store.revoke(revocation);
      terminal.out().println(done + ", on Redis at " + store.endpoint() + ".");
    } catch (RevocationException e) {
      throw CommandFailure.failure(e.getMessage());
    }
    return ExitCode.OK;
  }

  private static Instant instant(String option, String value, Instant now) {
    if (value.equals("now")) {
      return now;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw CommandFailure.usage(option + " must be an ISO-8601 instant in UTC, such as 2026-12-06T10:00:00Z, or now");
    }
  }

  private static String nonBlank(String option, String value) {
    if (value.isBlank() || !value.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
      throw CommandFailure.usage(option + " must not be blank or hold control characters");
    }
    return value;
  }
}
