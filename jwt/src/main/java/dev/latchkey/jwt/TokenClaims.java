package dev.latchkey.jwt;

import dev.latchkey.jwt.internal.TokenJson;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A token's claims, read once: every claim (for the principal's attributes) and the registered ones
 * typed (RFC 7519 §4.1). {@code iss}, {@code sub} and {@code jti} must be strings; {@code aud} a string
 * or an array of strings; {@code exp}, {@code nbf} and {@code iat} numbers of seconds (a fraction is
 * dropped) between the years 0001 and 9999. A claim that is null counts as absent. Immutable.
 *
 * @param all every claim but null ones, unmodifiable
 * @param issuer {@code iss}, or null
 * @param audience {@code aud} as a list; empty without one
 * @param expiresAt {@code exp}, or null
 * @param notBefore {@code nbf}, or null
 * @param issuedAt {@code iat}, or null
 * @param id {@code jti}, or null
 */
record TokenClaims(
    Map<String, Object> all, String issuer, List<String> audience, Instant expiresAt, Instant notBefore, Instant issuedAt, String id) {
  /** 9999-12-31T23:59:59Z: later (or earlier than year 1) is not a date a token means. */
  private static final long MAX_SECONDS = 253_402_300_799L;
  private static final long MIN_SECONDS = -62_135_596_800L;

  /**
   * The claims in {@code json}, or why they are refused (a phrase that never quotes the token).
   *
   * @return a {@link TokenClaims}, or a {@code String} naming the problem
   */
  static Object read(byte[] json) {
    Map<String, Object> all;
    try {
      all = TokenJson.object(json);
    } catch (TokenJson.Malformed e) {
      return e.getMessage();
    }
    Object iss = all.get("iss");
    Object sub = all.get("sub");
    Object jti = all.get("jti");
    if (!isStringOrAbsent(iss) || !isStringOrAbsent(sub) || !isStringOrAbsent(jti)) {
      return "iss, sub and jti must be strings";
    }
    List<String> audience = audience(all.get("aud"));
    if (audience == null) {
      return "aud must be a string or an array of strings";
    }
    Instant exp;
    Instant nbf;
    Instant iat;
    try {
      exp = numericDate(all.get("exp"));
      nbf = numericDate(all.get("nbf"));
      iat = numericDate(all.get("iat"));
    } catch (IllegalArgumentException e) {
      return "exp, nbf and iat must be numbers of seconds within the years 0001 to 9999";
    }
    return new TokenClaims(all, (String) iss, audience, exp, nbf, iat, (String) jti);
  }

  private static boolean isStringOrAbsent(Object value) {
    return value == null || value instanceof String;
  }

  /** {@code aud} as a list (empty when absent), or null when it is neither a string nor an array of strings. */
  @SuppressWarnings("unchecked")
  private static List<String> audience(Object aud) {
    if (aud == null) {
      return List.of();
    }
    if (aud instanceof String one) {
      return List.of(one);
    }
    if (aud instanceof List<?> list) {
      for (Object item : list) {
        if (!(item instanceof String)) {
          return null;
        }
      }
      return (List<String>) list;
    }
    return null;
  }

  /** A NumericDate as an instant; null when absent. */
  private static Instant numericDate(Object value) {
    if (value == null) {
      return null;
    }
    long seconds;
    if (value instanceof Long whole) {
      seconds = whole;
    } else if (value instanceof Double fraction && fraction >= MIN_SECONDS && fraction <= MAX_SECONDS) {
      seconds = fraction.longValue();
    } else {
      throw new IllegalArgumentException("not a NumericDate");
    }
    if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
      throw new IllegalArgumentException("not a NumericDate");
    }
    return Instant.ofEpochSecond(seconds);
  }
}
