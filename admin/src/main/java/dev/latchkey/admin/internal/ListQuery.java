package dev.latchkey.admin.internal;

import dev.latchkey.keystore.file.KeyKind;
import dev.latchkey.keystore.file.StoredKey;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The filters and page of {@code GET api/keys}: {@code owner}, {@code kind}, {@code state}, {@code q}
 * (a case-insensitive search of id, name, description and display hint), {@code limit} (1–200, 50 by
 * default) and {@code offset}. Unknown or repeated parameters are refused, naming the parameter.
 */
public record ListQuery(Optional<String> owner, Optional<KeyKind> kind, Optional<String> state, Optional<String> search, int limit,
    int offset) {
  /** The page size unless {@code limit} is given. */
  public static final int DEFAULT_LIMIT = 50;
  /** The largest page. */
  public static final int MAX_LIMIT = 200;
  private static final Set<String> PARAMETERS = Set.of("owner", "kind", "state", "q", "limit", "offset");
  private static final Set<String> STATES = Set.of("active", "expired", "revoked");

  /** Parses a raw query string. @throws ApiFailure 400 naming the parameter */
  public static ListQuery parse(String rawQuery) {
    Map<String, String> values = new HashMap<>();
    if (!rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&", -1)) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq), "query");
        String value = decode(eq < 0 ? "" : pair.substring(eq + 1), name);
        if (!PARAMETERS.contains(name)) {
          throw ApiFailure.invalid(name, "unknown query parameter; the parameters are " + new java.util.TreeSet<>(PARAMETERS));
        }
        if (values.put(name, value) != null) {
          throw ApiFailure.invalid(name, "given twice");
        }
      }
    }
    Optional<String> owner = nonEmpty(values.get("owner"));
    Optional<KeyKind> kind = nonEmpty(values.get("kind")).map(k -> KeyKind.fromJsonName(k)
        .orElseThrow(() -> ApiFailure.invalid("kind", "must be generic, content-api or admin")));
    Optional<String> state = nonEmpty(values.get("state")).map(s -> {
      if (!STATES.contains(s)) {
        throw ApiFailure.invalid("state", "must be active, expired or revoked");
      }
      return s;
    });
    int limit = number(values.get("limit"), "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    int offset = number(values.get("offset"), "offset", 0, 0, Integer.MAX_VALUE);
    return new ListQuery(owner, kind, state, nonEmpty(values.get("q")), limit, offset);
  }

  /** Whether {@code key} passes the filters at {@code now}. */
  public boolean matches(StoredKey key, Instant now) {
    if (owner.isPresent() && !key.owner().equals(owner)) {
      return false;
    }
    if (kind.isPresent() && key.kind() != kind.get()) {
      return false;
    }
    if (state.isPresent() && !state.get().equals(KeyJson.state(key, now))) {
      return false;
    }
    if (search.isPresent()) {
      String needle = search.get().toLowerCase(Locale.ROOT);
      return contains(key.id(), needle) || contains(key.name(), needle) || key.description().filter(d -> contains(d, needle)).isPresent()
          || key.start().filter(s -> contains(s, needle)).isPresent();
    }
    return true;
  }

  /** The page of {@code all} this query asks for. */
  public <T> List<T> page(List<T> all) {
    int from = Math.min(offset, all.size());
    return all.subList(from, Math.min(all.size(), from + limit));
  }

  private static boolean contains(String text, String needle) {
    return text.toLowerCase(Locale.ROOT).contains(needle);
  }

  private static Optional<String> nonEmpty(String value) {
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  private static int number(String value, String name, int otherwise, int min, int max) {
    if (value == null || value.isEmpty()) {
      return otherwise;
    }
    if (value.length() > 10 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw ApiFailure.invalid(name, "must be a whole number from " + min + " to " + max);
    }
    long n = Long.parseLong(value);
    if (n < min || n > max) {
      throw ApiFailure.invalid(name, "must be a whole number from " + min + " to " + max);
    }
    return (int) n;
  }

  private static String decode(String raw, String name) {
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiFailure.invalid(name, "malformed percent-encoding");
    }
  }
}
