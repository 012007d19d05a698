package dev.latchkey.hash;

import dev.latchkey.Secret;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Named pepper secrets for keyed digests ({@code hmac-sha256:<id>:…}, {@code hmac-sha512:<id>:…}).
 * A stored hash names its pepper; the pepper itself comes from configuration (an environment
 * variable, a secret manager), never from the stored text, so a stolen key file alone cannot be
 * used to test guesses. Strapi's {@code API_TOKEN_SALT} is such a pepper for HMAC-SHA512.
 *
 * <p>Immutable and thread-safe; {@code toString} lists ids only.
 */
public final class Peppers {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Peppers NONE = new Peppers(Map.of());

  private final Map<String, Secret> peppers;

  private Peppers(Map<String, Secret> peppers) {
    this.peppers = peppers;
  }

  /**
   * No peppers: only unkeyed formats can be read.
   *
   * @return the empty set of peppers
   */
  public static Peppers none() {
    return NONE;
  }

  /**
   * The given peppers by id.
   *
   * @param peppers the peppers by id; copied
   * @return the peppers
   * @throws IllegalArgumentException if an id is not 1–64 characters of {@code A-Z a-z 0-9 . _ -}
   */
  public static Peppers of(Map<String, Secret> peppers) {
    peppers.forEach(
        (id, value) -> {
          requireValidId(id);
          Objects.requireNonNull(value, "pepper " + id);
        });
    return new Peppers(Map.copyOf(peppers));
  }

  /**
   * One pepper.
   *
   * @param id the pepper's id: 1–64 characters of {@code A-Z a-z 0-9 . _ -}
   * @param pepper the pepper
   * @return the peppers
   */
  public static Peppers of(String id, Secret pepper) {
    return of(Map.of(id, pepper));
  }

  /**
   * The pepper named {@code id}, if configured.
   *
   * @param id the pepper's id
   * @return the pepper; empty if there is none with that id
   */
  public Optional<Secret> get(String id) {
    return Optional.ofNullable(peppers.get(id));
  }

  /**
   * The configured ids.
   *
   * @return the ids, unmodifiable
   */
  public Set<String> ids() {
    return Set.copyOf(peppers.keySet());
  }

  static void requireValidId(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "a pepper id must be 1-64 characters of A-Z a-z 0-9 . _ -");
    }
  }

  @Override
  public String toString() {
    return "Peppers" + new TreeSet<>(peppers.keySet());
  }
}
