package dev.latchkey.hash;

import dev.latchkey.Secret;
import dev.latchkey.internal.Hex;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Reads and makes {@link KeyHash}es. Every stored hash names its format, so one store can mix
 * algorithms and migrate between them.
 *
 * <table>
 *   <caption>Formats</caption>
 *   <tr><th>format</th><th>text</th><th>for</th></tr>
 *   <tr><td>{@code sha256}</td><td>{@code sha256:<64 hex>}</td><td>generated, high-entropy keys (the default)</td></tr>
 *   <tr><td>{@code hmac-sha256}</td><td>{@code hmac-sha256:<pepper id>:<64 hex>}</td><td>the same, keyed with a pepper from configuration</td></tr>
 *   <tr><td>{@code hmac-sha512}</td><td>{@code hmac-sha512:<pepper id>:<128 hex>}</td><td>Strapi tokens; the pepper is Strapi's salt string</td></tr>
 *   <tr><td>{@code pbkdf2-sha256}</td><td>{@code $pbkdf2-sha256$i=600000,l=32$<salt>$<hash>}</td><td>human-chosen secrets</td></tr>
 *   <tr><td>{@code moose-pbkdf2}</td><td>{@code moose-pbkdf2:<40 hex>}</td><td>MooseStack admin tokens</td></tr>
 *   <tr><td>{@code bcrypt}, {@code argon2id}</td><td>{@code $2b$…}, {@code $argon2id$…}</td><td>imported hashes; need {@code latchkey-keystore-file}</td></tr>
 * </table>
 *
 * <p>Parsing never echoes the text it was given in an exception message. Stateless and thread-safe.
 */
public final class KeyHashes {
  /** PBKDF2 iterations for new hashes of human-chosen secrets (OWASP, 2023). */
  public static final int DEFAULT_PBKDF2_ITERATIONS = 600_000;

  private static final SecureRandom RANDOM = new SecureRandom();

  private KeyHashes() {}

  /**
   * Reads a stored hash that needs no pepper.
   *
   * @param encoded the stored hash text
   * @return the hash; never null
   * @throws InvalidKeyHashException if the text is not a supported, well-formed hash
   */
  public static KeyHash parse(String encoded) {
    return parse(encoded, Peppers.none());
  }

  /**
   * Reads a stored hash; keyed digests take their pepper from {@code peppers}.
   *
   * @param encoded the stored hash text
   * @param peppers the peppers keyed digests may name
   * @return the hash; never null
   * @throws InvalidKeyHashException if the text is not a supported, well-formed hash, or names a
   *     pepper {@code peppers} does not hold
   */
  public static KeyHash parse(String encoded, Peppers peppers) {
    Objects.requireNonNull(encoded, "encoded");
    Objects.requireNonNull(peppers, "peppers");
    if (encoded.startsWith("sha256:")) {
      return DigestHash.of(DigestHash.Kind.SHA256, hex(encoded, 7, 64, "sha256"));
    }
    if (encoded.startsWith("hmac-sha256:") || encoded.startsWith("hmac-sha512:")) {
      return keyedDigest(encoded, peppers);
    }
    if (encoded.startsWith(MooseHash.FORMAT + ":")) {
      return new MooseHash(hex(encoded, MooseHash.FORMAT.length() + 1, 40, MooseHash.FORMAT));
    }
    if (encoded.startsWith(Pbkdf2Hash.PREFIX)) {
      return Pbkdf2Hash.parse(encoded);
    }
    for (KeyHashFormat format : Plugins.FORMATS) {
      if (format.recognizes(encoded)) {
        try {
          return format.parse(encoded);
        } catch (InvalidKeyHashException e) {
          throw e;
        } catch (RuntimeException e) {
          // A plug-in that failed otherwise; its message might quote the text, so it is not kept.
          throw new InvalidKeyHashException("the " + format.name() + " hash could not be read (" + e.getClass().getSimpleName() + ")");
        }
      }
    }
    throw new InvalidKeyHashException(unrecognised(encoded));
  }

  /**
   * The names of every format {@link #parse} reads, including plugged-in ones.
   *
   * @return the format names, unmodifiable
   */
  public static Set<String> formats() {
    Set<String> names = new LinkedHashSet<>(
        List.of("sha256", "hmac-sha256", "hmac-sha512", Pbkdf2Hash.FORMAT, MooseHash.FORMAT));
    Plugins.FORMATS.forEach(f -> names.add(f.name()));
    return Collections.unmodifiableSet(names);
  }

  /**
   * A new hash of {@code secret} in the format named {@code format}, with that format's recommended
   * parameters: {@code sha256}, {@code pbkdf2-sha256}, and plugged-in formats that make hashes
   * ({@code argon2id}). Keyed digests need a pepper: use {@link #hmacSha256} and {@link #hmacSha512}.
   *
   * @param format a format name, such as {@code pbkdf2-sha256}
   * @param secret the secret to hash
   * @return the new hash; never null
   * @throws IllegalArgumentException if the format is unknown or cannot make new hashes
   */
  public static KeyHash create(String format, Secret secret) {
    switch (format) {
      case "sha256":
        return sha256(secret);
      case Pbkdf2Hash.FORMAT:
        return pbkdf2Sha256(secret);
      default:
        break;
    }
    for (KeyHashFormat plugin : Plugins.FORMATS) {
      if (plugin.name().equals(format)) {
        return plugin
            .create(secret)
            .orElseThrow(() -> new IllegalArgumentException("the " + format + " format only reads imported hashes"));
      }
    }
    throw new IllegalArgumentException(
        "cannot make " + format + " hashes (supported: " + String.join(", ", formats()) + ")");
  }

  /**
   * A SHA-256 digest: for generated keys of 256 bits or more.
   *
   * @param secret the secret to hash
   * @return the hash; never null
   */
  public static KeyHash sha256(Secret secret) {
    return DigestHash.of(DigestHash.Kind.SHA256, secret);
  }

  /**
   * An HMAC-SHA256 digest under the pepper {@code pepperId}.
   *
   * @param secret the secret to hash
   * @param pepperId the id of the pepper to key the digest with
   * @param peppers the peppers holding it
   * @return the hash, which records the pepper id but not the pepper
   * @throws InvalidKeyHashException if {@code peppers} has no such pepper
   */
  public static KeyHash hmacSha256(Secret secret, String pepperId, Peppers peppers) {
    return DigestHash.of(DigestHash.Kind.hmacSha256(pepperId, pepper(pepperId, peppers)), secret);
  }

  /**
   * An HMAC-SHA512 digest under the pepper {@code pepperId}; Strapi's token hash when the pepper is
   * Strapi's salt.
   *
   * @param secret the secret to hash
   * @param pepperId the id of the pepper to key the digest with
   * @param peppers the peppers holding it
   * @return the hash, which records the pepper id but not the pepper
   * @throws InvalidKeyHashException if {@code peppers} has no such pepper
   */
  public static KeyHash hmacSha512(Secret secret, String pepperId, Peppers peppers) {
    return DigestHash.of(DigestHash.Kind.hmacSha512(pepperId, pepper(pepperId, peppers)), secret);
  }

  /**
   * Reads a hash as Strapi stores it (128 hex characters of HMAC-SHA512 keyed by its salt string),
   * with the salt configured as the pepper {@code pepperId}.
   *
   * @param storedHex the stored value: 128 hex characters
   * @param pepperId the id of the pepper holding Strapi's salt
   * @param peppers the peppers holding it
   * @return the hash; never null
   * @throws InvalidKeyHashException if it is not 128 hex characters or the pepper is missing
   */
  public static KeyHash strapiStoredValue(String storedHex, String pepperId, Peppers peppers) {
    return DigestHash.of(
        DigestHash.Kind.hmacSha512(pepperId, pepper(pepperId, peppers)), hex(storedHex, 0, 128, "Strapi"));
  }

  /**
   * A PBKDF2-HMAC-SHA256 hash with {@value #DEFAULT_PBKDF2_ITERATIONS} iterations, a random 16-byte
   * salt and a 32-byte output: for human-chosen secrets.
   *
   * @param secret the secret to hash
   * @return the hash, with a fresh random salt
   */
  public static KeyHash pbkdf2Sha256(Secret secret) {
    return pbkdf2Sha256(secret, DEFAULT_PBKDF2_ITERATIONS);
  }

  /**
   * A PBKDF2-HMAC-SHA256 hash with {@code iterations} iterations.
   *
   * @param secret the secret to hash
   * @param iterations the PBKDF2 iteration count, 1 to 10,000,000
   * @return the hash, with a fresh random salt
   * @throws IllegalArgumentException if {@code iterations} is below 1 or above 10,000,000
   */
  public static KeyHash pbkdf2Sha256(Secret secret, int iterations) {
    if (iterations < 1 || iterations > Pbkdf2Hash.MAX_ITERATIONS) {
      throw new IllegalArgumentException("PBKDF2 iterations must be between 1 and " + Pbkdf2Hash.MAX_ITERATIONS);
    }
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return Pbkdf2Hash.create(secret, iterations, salt, 32);
  }

  /**
   * Reads MooseStack's stored admin-key value: 40 hex characters, either case, as found in
   * {@code MOOSE_AUTHENTICATION__ADMIN_API_KEY}.
   *
   * @param storedHex the stored value: 40 hex characters
   * @return the hash; never null
   * @throws InvalidKeyHashException if it is not exactly 40 hex characters
   */
  public static KeyHash mooseStoredValue(String storedHex) {
    return new MooseHash(hex(storedHex, 0, 40, "MooseStack"));
  }

  /**
   * The MooseStack hash of a token {@code <hex>.<hex>}, as {@code moose generate hash-token} prints.
   *
   * @param token the token, as {@code <hex>.<hex>}
   * @return the hash; never null
   * @throws IllegalArgumentException if the token is not two non-empty parts around one dot
   */
  public static KeyHash mooseToken(Secret token) {
    byte[] derived = MooseHash.deriveFromToken(token.expose());
    if (derived == null) {
      throw new IllegalArgumentException("a MooseStack token is two parts around one dot: <hex>.<hex>");
    }
    return new MooseHash(derived);
  }

  /**
   * The bare 40-hex value MooseStack stores for {@code hash}, which must be a Moose hash.
   *
   * @param hash a hash made by {@link #mooseStoredValue} or {@link #mooseToken}
   * @return the 40 hex characters MooseStack stores
   * @throws IllegalArgumentException if {@code hash} is not a MooseStack hash
   */
  public static String mooseStoredValueOf(KeyHash hash) {
    if (!(hash instanceof MooseHash moose)) {
      throw new IllegalArgumentException("not a " + MooseHash.FORMAT + " hash: " + hash.format());
    }
    return moose.storedValue();
  }

  private static KeyHash keyedDigest(String encoded, Peppers peppers) {
    String format = encoded.substring(0, 11);
    String rest = encoded.substring(12);
    int colon = rest.lastIndexOf(':');
    if (colon <= 0) {
      throw new InvalidKeyHashException("a " + format + " hash must read " + format + ":<pepper id>:<hex>");
    }
    String pepperId = rest.substring(0, colon);
    Secret pepper = pepper(pepperId, peppers);
    boolean sha512 = format.equals("hmac-sha512");
    DigestHash.Kind kind =
        sha512 ? DigestHash.Kind.hmacSha512(pepperId, pepper) : DigestHash.Kind.hmacSha256(pepperId, pepper);
    return DigestHash.of(kind, hex(rest, colon + 1, sha512 ? 128 : 64, format));
  }

  private static Secret pepper(String pepperId, Peppers peppers) {
    try {
      Peppers.requireValidId(pepperId);
    } catch (IllegalArgumentException e) {
      throw new InvalidKeyHashException(e.getMessage());
    }
    // The id is not repeated: someone may have pasted the pepper itself where its id belongs.
    return peppers
        .get(pepperId)
        .orElseThrow(() -> new InvalidKeyHashException(
            "the hash names a pepper that is not configured (configured: " + new java.util.TreeSet<>(peppers.ids()) + ")"));
  }

  /** The {@code length} hex characters from {@code from} to the end of {@code text}. */
  private static byte[] hex(String text, int from, int length, String what) {
    byte[] bytes = Hex.decodeRest(text, from, length);
    if (bytes == null) {
      throw new InvalidKeyHashException("a " + what + " hash value must be exactly " + length + " hex characters");
    }
    return bytes;
  }

  private static String unrecognised(String encoded) {
    String supported = " (supported: " + String.join(", ", formats()) + ")";
    if (Hex.isHex(encoded, 40)) {
      return "a bare 40-hex value looks like a MooseStack stored value; write it as moose-pbkdf2:<hex>" + supported;
    }
    if (Hex.isHex(encoded, 128)) {
      return "a bare 128-hex value looks like a Strapi token hash; write it as hmac-sha512:<pepper id>:<hex>"
          + " and configure the Strapi salt as that pepper" + supported;
    }
    if (encoded.startsWith("$2") || encoded.startsWith("$argon2")) {
      return "bcrypt and Argon2 hashes need latchkey-keystore-file on the module path" + supported;
    }
    return "not a recognised key hash" + supported;
  }

  /** Formats found through {@link ServiceLoader}, loaded once. */
  private static final class Plugins {
    static final List<KeyHashFormat> FORMATS = load();

    private static List<KeyHashFormat> load() {
      List<KeyHashFormat> formats = new ArrayList<>();
      ServiceLoader.load(KeyHashFormat.class, KeyHashes.class.getClassLoader()).forEach(formats::add);
      return List.copyOf(formats);
    }
  }
}
