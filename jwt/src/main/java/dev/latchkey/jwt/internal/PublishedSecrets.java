package dev.latchkey.jwt.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * HMAC secrets of 32 bytes or more that are published in documentation, tutorials and attack tools,
 * known only by their SHA-256 digests (shorter secrets fail the length rule anyway; no secret text
 * ships with Latchkey). Stateless and thread-safe.
 */
public final class PublishedSecrets {
  private static final Set<String> DIGESTS = load();

  private PublishedSecrets() {}

  /** Whether {@code secret} is a published example secret. */
  public static boolean contains(byte[] secret) {
    try {
      return DIGESTS.contains(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Set<String> load() {
    try (InputStream in = PublishedSecrets.class.getResourceAsStream("/dev/latchkey/jwt/published-hmac-secrets.sha256")) {
      if (in == null) {
        throw new IllegalStateException("the published-secrets list is missing from the jar");
      }
      return new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII)).lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .collect(Collectors.toUnmodifiableSet());
    } catch (IOException e) {
      throw new IllegalStateException("the published-secrets list cannot be read", e);
    }
  }
}
