package dev.latchkey.hash;

import dev.latchkey.Secret;
import dev.latchkey.internal.Base62;
import dev.latchkey.internal.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The format of the API keys Latchkey generates, after GitHub's token scheme:
 * {@code <prefix>_<43 base62 characters: 32 random bytes><6 base62 characters: CRC32 checksum>}, for
 * example {@code lk_3fZ0…q9AbC12x}. The checksum covers the prefix and body, so a mistyped or
 * truncated key is refused offline, before any digest or look-up, and secret scanners can confirm a
 * find without asking the server ({@link #scannerRegex()}).
 *
 * <p>Keys are stored as a SHA-256 digest ({@link GeneratedKey#hash()}): 256 random bits need no slow
 * hash. Immutable and thread-safe.
 */
public final class GeneratedKeys {
  /** The prefix {@link #standard()} uses. */
  public static final String DEFAULT_PREFIX = "lk";

  static final int BODY_LENGTH = 43;
  static final int CHECKSUM_LENGTH = 6;
  private static final int RANDOM_BYTES = 32;
  private static final Pattern PREFIX = Pattern.compile("[a-z0-9]{1,16}(_[a-z0-9]{1,16}){0,2}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String prefix;
  /** The prefix and its {@code _}, as ASCII. */
  private final byte[] prefixBytes;

  private GeneratedKeys(String prefix) {
    this.prefix = prefix;
    this.prefixBytes = (prefix + "_").getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Keys with the prefix {@value #DEFAULT_PREFIX}.
   *
   * @return the standard format; never null
   */
  public static GeneratedKeys standard() {
    return withPrefix(DEFAULT_PREFIX);
  }

  /**
   * Keys with {@code prefix}: lower-case letters and digits, up to three parts joined by {@code _},
   * such as {@code acme} or {@code acme_live}.
   *
   * @param prefix the prefix, without the separating {@code _}
   * @return the format for that prefix; never null
   * @throws IllegalArgumentException if the prefix does not fit that pattern
   */
  public static GeneratedKeys withPrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    if (!PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "a key prefix is 1-16 lower-case letters or digits, in up to three parts joined by '_': '" + prefix + "'");
    }
    return new GeneratedKeys(prefix);
  }

  /**
   * The prefix, without the separating {@code _}.
   *
   * @return the prefix; never null
   */
  public String prefix() {
    return prefix;
  }

  /**
   * A new key from 32 bytes of {@link SecureRandom}.
   *
   * @return a new key: its secret, display hint and SHA-256 hash
   */
  public GeneratedKey generate() {
    byte[] random = new byte[RANDOM_BYTES];
    RANDOM.nextBytes(random);
    String head = prefix + "_" + Base62.encode(random, BODY_LENGTH);
    Secret secret = Secret.of(head + checksum(head));
    return new GeneratedKey(secret, startOf(secret.expose()), KeyHashes.sha256(secret));
  }

  /**
   * Whether {@code candidate} is a key of this format and, if so, whether its checksum holds. Costs
   * one CRC32; no digest, no look-up.
   *
   * @param candidate the secret to check; never null
   * @return whether it is another format's, a valid key of this one, or one with a bad checksum
   */
  public Check check(Secret candidate) {
    byte[] text = SecretBytes.of(candidate);
    int headLength = prefix.length() + 1 + BODY_LENGTH;
    if (text.length != headLength + CHECKSUM_LENGTH || !hasPrefix(text)) {
      return Check.OTHER_FORMAT;
    }
    CRC32 crc = new CRC32();
    crc.update(text, 0, headLength);
    if (Base62.spells(crc.getValue(), text, text.length, CHECKSUM_LENGTH)) {
      return Check.VALID;
    }
    // Only a failed checksum needs the character scan, to tell a typo from another format.
    return Base62.isBase62(text, prefixBytes.length, text.length) ? Check.BAD_CHECKSUM : Check.OTHER_FORMAT;
  }

  private boolean hasPrefix(byte[] text) {
    for (int i = 0; i < prefixBytes.length; i++) {
      if (text[i] != prefixBytes[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * A regular expression matching keys of this format, for secret scanners (GitHub secret scanning,
   * gitleaks, trufflehog): {@code \b<prefix>_[0-9A-Za-z]{49}\b}. A match whose last six characters
   * are the base62 CRC32 of the rest is almost surely a real key.
   *
   * @return the regular expression, as source text; never null
   */
  public String scannerRegex() {
    // The prefix is letters, digits and '_' only, so it needs no quoting.
    return "\\b" + prefix + "_[0-9A-Za-z]{" + (BODY_LENGTH + CHECKSUM_LENGTH) + "}\\b";
  }

  /**
   * The display hint of a key: its prefix, {@code _}, and the first four characters of the body.
   *
   * @param key a key of this format
   * @return the display hint, such as {@code lk_3fZ0}; never the whole key
   */
  public String startOf(String key) {
    return key.substring(0, Math.min(key.length(), prefix.length() + 1 + 4));
  }

  private static String checksum(String head) {
    CRC32 crc = new CRC32();
    crc.update(head.getBytes(StandardCharsets.US_ASCII));
    return Base62.encode(crc.getValue(), CHECKSUM_LENGTH);
  }

  @Override
  public String toString() {
    return "GeneratedKeys[" + prefix + "_…]";
  }

  /** The outcome of {@link #check(Secret)}. */
  public enum Check {
    /** Not a key of this format (another prefix or shape): someone else's credential. */
    OTHER_FORMAT,
    /** A key of this format whose checksum holds. */
    VALID,
    /** A key of this format with a wrong checksum: mistyped, truncated or forged. */
    BAD_CHECKSUM
  }
}
