package dev.latchkey.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a duration option: {@code 90s}, {@code 5m}, {@code 1h}, {@code 7d}, or an ISO-8601 duration
 * such as {@code PT5M}. Whether the duration suits the option (positive, not too long) is for the
 * command to check. Stateless and thread-safe.
 */
class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern SHORT = Pattern.compile("([0-9]{1,6})([smhd])");

  @Override
  public Duration convert(String value) {
    Matcher m = SHORT.matcher(value);
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    }
    try {
      return Duration.parse(value);
    } catch (DateTimeParseException e) {
      throw new TypeConversionException("'" + value + "' is not a duration " + examples());
    }
  }

  /** The examples a rejected value is answered with. */
  String examples() {
    return "such as 90s, 5m, 1h or 7d";
  }

  /** A token's lifetime: the same forms, answered with the range a token may live. */
  static final class TokenLifetime extends DurationConverter {
    @Override
    String examples() {
      return "from 10 seconds to a day, such as 90s, 5m or 1h";
    }
  }
}
