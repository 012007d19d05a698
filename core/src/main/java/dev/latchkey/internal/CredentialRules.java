package dev.latchkey.internal;

import java.util.Optional;

/**
 * What a credential may contain to be delivered to sources: no whitespace, no control characters
 * (C0, DEL, C1) and no unpaired UTF-16 surrogates (which would not survive UTF-8 encoding). The
 * extractor refuses such values; sources refuse to store secrets that could never arrive.
 * Stateless and thread-safe.
 */
public final class CredentialRules {
  private CredentialRules() {}

  /** What is wrong with {@code value} as a credential, phrased to follow "the credential …". */
  public static Optional<String> problemWith(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ' ' || c == '\t') {
        return Optional.of("contains whitespace");
      }
      if (isControl(c)) {
        return Optional.of("contains a control character");
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
          i++;
          continue;
        }
        return Optional.of("contains an unpaired surrogate");
      }
      if (Character.isLowSurrogate(c)) {
        return Optional.of("contains an unpaired surrogate");
      }
    }
    return Optional.empty();
  }

  /**
   * Whether {@code c} is a control character: C0 ({@code U+0000}–{@code U+001F}), DEL or C1
   * ({@code U+007F}–{@code U+009F}). The one definition credentials, principal names and roles share.
   */
  public static boolean isControl(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f);
  }

  /**
   * Whether {@code value} is shaped like a compact JWT: three parts of base64url text
   * ({@code A–Z a–z 0–9 - _}), any of them possibly empty, separated by exactly two dots. Says nothing
   * about whether it decodes, let alone verifies.
   */
  public static boolean isJwtShaped(String value) {
    int dots = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '.') {
        dots++;
      } else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
        return false;
      }
    }
    return dots == 2;
  }

  /** Whether {@code a} and {@code b} are equal ignoring ASCII case only (HTTP tokens are ASCII). */
  public static boolean asciiEqualsIgnoreCase(String a, String b) {
    if (a.length() != b.length()) {
      return false;
    }
    for (int i = 0; i < a.length(); i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y && asciiLower(x) != asciiLower(y)) {
        return false;
      }
    }
    return true;
  }

  private static char asciiLower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
  }
}
