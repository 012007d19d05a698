package dev.latchkey.keystore.file;

import java.util.Optional;

/**
 * What a stored key is for, after Strapi's one table of tokens discriminated by {@code kind}. A
 * {@link FileKeyStore} can be told to accept only some kinds ({@link FileKeyStore.Builder#acceptKinds}),
 * so admin keys never open the content API and the other way round.
 */
public enum KeyKind {
  /** A plain API key: the default. */
  GENERIC("generic"),
  /** A Strapi-style content API token, with a {@link ContentApiType}. */
  CONTENT_API("content-api"),
  /** A Strapi-style admin token: always owned by a user, checked against the {@link OwnerDirectory}. */
  ADMIN("admin");

  /** Every value, made once (a key file names one per key). */
  private static final KeyKind[] VALUES = values();

  private final String jsonName;

  KeyKind(String jsonName) {
    this.jsonName = jsonName;
  }

  /**
   * The name in the key file: {@code generic}, {@code content-api} or {@code admin}.
   *
   * @return the name; never null
   */
  public String jsonName() {
    return jsonName;
  }

  /**
   * The kind named {@code jsonName} in a key file, if there is one.
   *
   * @param jsonName the name as written in the key file, matched exactly
   * @return the kind; empty if no kind has that name
   */
  public static Optional<KeyKind> fromJsonName(String jsonName) {
    for (KeyKind k : VALUES) {
      if (k.jsonName.equals(jsonName)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
