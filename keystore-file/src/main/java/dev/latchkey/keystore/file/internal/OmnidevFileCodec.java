package dev.latchkey.keystore.file.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.latchkey.ConfigurationException;
import dev.latchkey.Principal;
import dev.latchkey.Secret;
import dev.latchkey.hash.InvalidKeyHashException;
import dev.latchkey.hash.KeyHash;
import dev.latchkey.hash.KeyHashes;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads Omnidev's key file ({@code workspaces/api-keys.json}): a JSON array of
 * {@code {"keyHash": "$2b$10$…", "userId": "…", "createdAt": "ISO-8601"}}, and legacy records holding
 * the plaintext {@code {"key": "…", …}}, which are reduced to a SHA-256 digest at once and never kept.
 * Every problem is reported with line and column, never a value. Stateless and thread-safe.
 */
public final class OmnidevFileCodec {
  private OmnidevFileCodec() {}

  /**
   * One record.
   *
   * @param index its position in the file
   * @param hash its stored hash (bcrypt), or the digest of a legacy plaintext key
   * @param userId the identity it proves
   * @param createdAt when it was made, if given
   */
  public record Record(int index, KeyHash hash, String userId, Optional<Instant> createdAt) {
    /** Rejects nulls. */
    public Record {
      Objects.requireNonNull(hash, "hash");
      Objects.requireNonNull(userId, "userId");
      Objects.requireNonNull(createdAt, "createdAt");
    }
  }

  /**
   * Reads {@code bytes}; an empty file has no records.
   *
   * @param file the name used in problems
   * @throws ConfigurationException listing every problem
   */
  public static List<Record> read(byte[] bytes, String file) {
    List<Record> records = new ArrayList<>();
    try {
      JsonReader in = new JsonReader(file, bytes);
      try {
        JsonToken first = in.next();
        if (first == null) {
          return records;
        }
        if (first != JsonToken.START_ARRAY) {
          in.problem("", "an Omnidev key file is a JSON array of {\"keyHash\", \"userId\", \"createdAt\"} records");
        } else {
          int i = 0;
          for (JsonToken t = in.next(); t != JsonToken.END_ARRAY; t = in.next(), i++) {
            readRecord(in, i).ifPresent(records::add);
          }
        }
      } catch (JsonProcessingException e) {
        in.syntaxProblem(e);
      }
      if (!in.problems.isEmpty()) {
        throw new ConfigurationException(in.problems);
      }
      return records;
    } catch (IOException e) {
      throw JsonReader.undecodable(file, e);
    }
  }

  private static Optional<Record> readRecord(JsonReader in, int index) throws IOException {
    String path = "[" + index + "]";
    JsonLocation at = in.parser.currentTokenLocation();
    if (in.parser.currentToken() != JsonToken.START_OBJECT) {
      in.problem(path, "must be an object");
      in.parser.skipChildren();
      return Optional.empty();
    }
    Optional<String> keyHash = Optional.empty();
    Optional<String> key = Optional.empty();
    Optional<String> userId = Optional.empty();
    Optional<Instant> createdAt = Optional.empty();
    JsonLocation hashAt = at;
    JsonLocation userIdAt = at;
    int before = in.problems.size();
    while (in.next() == JsonToken.FIELD_NAME) {
      String field = in.parser.currentName();
      in.next();
      switch (field) {
        case "keyHash" -> {
          hashAt = in.parser.currentTokenLocation();
          keyHash = in.string(path, "keyHash");
        }
        case "key" -> key = in.string(path, "key");
        case "userId" -> {
          userIdAt = in.parser.currentTokenLocation();
          userId = in.string(path, "userId");
        }
        case "createdAt" -> createdAt = in.instant(path, "createdAt");
        default -> in.parser.skipChildren();
      }
    }
    if (userId.filter(u -> !u.isBlank()).isEmpty()) {
      in.problem(at, path + ".userId", "is missing or blank");
    } else if (Principal.problemWith(userId.get()).isPresent()) {
      in.problem(userIdAt, path + ".userId", Principal.problemWith(userId.get()).get() + ", which no principal name may");
    }
    KeyHash hash = null;
    if (keyHash.isPresent()) {
      try {
        hash = KeyHashes.parse(keyHash.get());
      } catch (InvalidKeyHashException e) {
        in.problem(hashAt, path + ".keyHash", e.getMessage());
      }
    } else if (key.filter(k -> !k.isEmpty()).isPresent()) {
      hash = KeyHashes.sha256(Secret.of(key.get()));
    } else {
      in.problem(at, path, "has neither keyHash nor key");
    }
    if (in.problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(new Record(index, hash, userId.get(), createdAt));
  }
}
