package dev.latchkey.admin.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;

/**
 * Reads request bodies into records, strictly: a size cap checked before parsing, unknown fields,
 * duplicate fields, trailing content, wrong types (no coercion of numbers to text or text to booleans)
 * and nesting deeper than a body needs are refused as a 400 naming the field. Thread-safe.
 */
public final class StrictJson {
  private final ObjectMapper mapper;
  private final int maxBytes;

  /** A reader refusing bodies over {@code maxBytes}. */
  public StrictJson(int maxBytes) {
    this.maxBytes = maxBytes;
    JsonMapper json = JsonMapper.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_SINGLE_QUOTES,
            JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES, JsonReadFeature.ALLOW_TRAILING_COMMA,
            JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS, JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
            DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY, DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .build();
    json.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxStringLength(maxBytes).build());
    for (LogicalType type : new LogicalType[] {LogicalType.Textual, LogicalType.Boolean, LogicalType.Integer, LogicalType.Collection}) {
      json.coercionConfigFor(type)
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.String, type == LogicalType.Textual ? CoercionAction.TryConvert : CoercionAction.Fail)
          .setCoercion(CoercionInputShape.EmptyString, type == LogicalType.Textual ? CoercionAction.TryConvert : CoercionAction.Fail);
    }
    this.mapper = json;
  }

  /** The largest body accepted, in bytes. */
  public int maxBytes() {
    return maxBytes;
  }

  /**
   * {@code body} as a {@code type}; an empty body as {@code whenEmpty} (null: a body is required).
   *
   * @throws ApiFailure 400 naming the field that is wrong ({@code body} for the whole)
   */
  public <T> T read(byte[] body, Class<T> type, T whenEmpty) {
    if (body.length > maxBytes) {
      throw ApiFailure.invalid("body", "the body is larger than " + maxBytes + " bytes");
    }
    if (isBlank(body)) {
      if (whenEmpty == null) {
        throw ApiFailure.invalid("body", "a JSON object is required");
      }
      return whenEmpty;
    }
    try (JsonParser parser = mapper.createParser(body)) {
      if (parser.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
        throw ApiFailure.invalid("body", "the body must be a JSON object");
      }
      return mapper.readValue(parser, type);
    } catch (UnrecognizedPropertyException e) {
      throw ApiFailure.invalid(path(e), "unknown field; the fields are " + e.getKnownPropertyIds());
    } catch (InvalidFormatException e) {
      throw ApiFailure.invalid(path(e), "wrong type or format");
    } catch (MismatchedInputException e) {
      throw ApiFailure.invalid(path(e), e.getPath().isEmpty() ? "the body must be a JSON object" : "wrong type: expected " + expected(e));
    } catch (JsonMappingException e) {
      throw ApiFailure.invalid(path(e), "invalid value");
    } catch (JsonProcessingException e) {
      String what = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
          ? "a field appears twice" : "malformed JSON";
      throw ApiFailure.invalid(duplicateField(e).orElse("body"), what + locate(e));
    } catch (IOException e) {
      throw ApiFailure.invalid("body", "malformed JSON");
    }
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return true;
  }

  /** The JSON path of the failing field: {@code roles[1]}, {@code name}; {@code body} for the whole. */
  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.length() == 0 ? "body" : path.toString();
  }

  private static String expected(MismatchedInputException e) {
    Class<?> target = e.getTargetType();
    if (target == null) {
      return "another type";
    }
    if (target == String.class) {
      return "a string";
    }
    if (target == Boolean.class || target == boolean.class) {
      return "true or false";
    }
    if (java.util.Collection.class.isAssignableFrom(target)) {
      return "an array of strings";
    }
    return "another type";
  }

  private static java.util.Optional<String> duplicateField(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    if (message != null && message.startsWith("Duplicate field '")) {
      int end = message.indexOf('\'', "Duplicate field '".length());
      if (end > 0) {
        return java.util.Optional.of(message.substring("Duplicate field '".length(), end));
      }
    }
    return java.util.Optional.empty();
  }

  private static String locate(JsonProcessingException e) {
    return e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }
}
