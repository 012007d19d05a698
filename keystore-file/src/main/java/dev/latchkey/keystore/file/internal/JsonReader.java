package dev.latchkey.keystore.file.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.ConfigurationException;
import dev.latchkey.ConfigurationException.Problem;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A streaming JSON reader for key files that keeps every value's line and column, collects problems
 * instead of stopping at the first, and never quotes a value in a problem (a plaintext key may sit
 * where a hash belongs). One instance reads one document; not thread-safe.
 */
final class JsonReader {
  static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
      // Writers are handed streams they do not own (the caller forces and closes the file).
      .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
      .build());

  final String file;
  final JsonParser parser;
  final List<Problem> problems = new ArrayList<>();

  JsonReader(String file, byte[] bytes) throws IOException {
    this.file = file;
    this.parser = MAPPER.getFactory().createParser(bytes);
  }

  /**
   * The refusal of a file whose bytes are not text in the encoding they announce (Jackson detects
   * UTF-8, UTF-16 and UTF-32 from the first bytes). Reading bytes held in memory fails in no other
   * way. The decoder's own message is left out: it quotes the offending bytes.
   */
  static ConfigurationException undecodable(String file, IOException e) {
    return new ConfigurationException(new Problem(file, 0, 0, "", "is not JSON text in UTF-8, UTF-16 or UTF-32 ("
        + e.getClass().getSimpleName() + ")"));
  }

  /** The next token, or null at the end of input. */
  JsonToken next() throws IOException {
    return parser.nextToken();
  }

  /** A problem at the current token. */
  void problem(String key, String message) {
    problem(parser.currentTokenLocation(), key, message);
  }

  /** A problem at {@code at}. */
  void problem(JsonLocation at, String key, String message) {
    problems.add(new Problem(file, Math.max(0, at.getLineNr()), Math.max(0, at.getColumnNr()), key, message));
  }

  /** A problem for a syntax error, with Jackson's message only if it quotes nothing from the input. */
  void syntaxProblem(JsonProcessingException e) {
    String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    String message = original.indexOf('\'') >= 0 || original.indexOf('"') >= 0 || original.isBlank()
        ? "malformed JSON"
        : "malformed JSON: " + original.lines().findFirst().orElse("");
    JsonLocation at = e.getLocation() != null ? e.getLocation() : JsonLocation.NA;
    problem(at, "", message);
  }

  /**
   * The key a problem names: {@code path.field}. Made only for a problem, so that reading a large,
   * valid file builds no text it never shows.
   */
  static String key(String path, String field) {
    return path + "." + field;
  }

  /**
   * The current string value, or empty (with a problem at {@code path.field}) if the token is not a
   * string; null counts as absent.
   */
  Optional<String> string(String path, String field) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NULL) {
      return Optional.empty();
    }
    if (token != JsonToken.VALUE_STRING) {
      problem(key(path, field), "must be a string");
      parser.skipChildren();
      return Optional.empty();
    }
    return Optional.of(parser.getText());
  }

  /** The current value as an ISO-8601 instant. */
  Optional<Instant> instant(String path, String field) throws IOException {
    Optional<String> text = string(path, field);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      Instant plain = plainUtc(text.get());
      return Optional.of(plain != null ? plain : OffsetDateTime.parse(text.get()).toInstant());
    } catch (DateTimeParseException e) {
      // Still at the value's token: the location is the value's.
      problem(key(path, field), "must be an ISO-8601 time such as 2026-01-31T12:00:00Z");
      return Optional.empty();
    }
  }

  /**
   * {@code text} read directly when it has the shape {@link Instant#toString()} writes
   * ({@code 2026-01-31T12:00:00Z}, {@code 2026-01-31T12:00:00.123456789Z}), as every time the store
   * writes has; null for any other text, which the full ISO-8601 parser then reads (or refuses).
   */
  static Instant plainUtc(String text) {
    int n = text.length();
    if (n < 20 || n > 30 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
        || text.charAt(16) != ':' || text.charAt(n - 1) != 'Z') {
      return null;
    }
    int nanos = 0;
    if (n > 20) {
      int digits = n - 21;
      if (text.charAt(19) != '.' || digits < 1 || digits > 9) {
        return null;
      }
      int fraction = digits(text, 20, n - 1);
      if (fraction < 0) {
        return null;
      }
      nanos = fraction;
      for (int i = digits; i < 9; i++) {
        nanos *= 10;
      }
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
      return null;
    }
    try {
      return java.time.LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(java.time.ZoneOffset.UTC);
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }

  /** The decimal number in {@code text} from {@code from} to {@code to}; -1 if a character is not a digit. */
  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** The current value as an array of strings; problems at {@code path.field}. */
  List<String> strings(String path, String field) throws IOException {
    JsonToken token = parser.currentToken();
    List<String> values = new ArrayList<>(2);
    if (token == JsonToken.VALUE_NULL) {
      return values;
    }
    if (token != JsonToken.START_ARRAY) {
      problem(key(path, field), "must be a list of strings");
      parser.skipChildren();
      return values;
    }
    int i = 0;
    for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken(), i++) {
      if (t == JsonToken.VALUE_STRING) {
        values.add(parser.getText());
      } else {
        problem(key(path, field) + "[" + i + "]", "must be a string");
        parser.skipChildren();
      }
    }
    return values;
  }

  /** The current value, whatever it is, as a tree (for fields kept as they were). */
  JsonNode tree() throws IOException {
    return MAPPER.readTree(parser);
  }
}
