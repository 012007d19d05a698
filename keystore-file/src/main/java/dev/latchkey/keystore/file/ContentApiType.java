package dev.latchkey.keystore.file;

import java.util.Optional;

/**
 * The access a {@link KeyKind#CONTENT_API content-API} key grants, as Strapi's token types. The
 * two fixed types add their name as a role when a key is created ({@code read-only},
 * {@code full-access}); {@link #CUSTOM} grants exactly the roles given.
 */
public enum ContentApiType {
  /** Read access: adds the role {@code read-only}. */
  READ_ONLY("read-only"),
  /** Full access: adds the role {@code full-access}. */
  FULL_ACCESS("full-access"),
  /** Only the roles given when the key is created. */
  CUSTOM("custom");

  /** Every value, made once (a key file names one per key). */
  private static final ContentApiType[] VALUES = values();

  private final String jsonName;

  ContentApiType(String jsonName) {
    this.jsonName = jsonName;
  }

  /**
   * The name in the key file, and the role the fixed types grant.
   *
   * @return the name, such as {@code read-only}; never null
   */
  public String jsonName() {
    return jsonName;
  }

  /**
   * The role this type grants by itself, if any.
   *
   * @return the implied role; empty for {@link #CUSTOM}, whose roles are listed per key
   */
  public Optional<String> impliedRole() {
    return this == CUSTOM ? Optional.empty() : Optional.of(jsonName);
  }

  /**
   * The type named {@code jsonName} in a key file, if there is one.
   *
   * @param jsonName the name as written in the key file, matched exactly
   * @return the type; empty if no type has that name
   */
  public static Optional<ContentApiType> fromJsonName(String jsonName) {
    for (ContentApiType k : VALUES) {
      if (k.jsonName.equals(jsonName)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
