package dev.latchkey.keystore.file.internal;

import dev.latchkey.Secret;
import dev.latchkey.hash.InvalidKeyHashException;
import dev.latchkey.hash.KeyHash;
import dev.latchkey.hash.KeyHashFormat;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id in PHC string form, {@code $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>}
 * (standard base64 without padding). New hashes use OWASP's first recommended setting: 19 MiB,
 * two passes, one lane, a 16-byte random salt and a 32-byte output. Thread-safe.
 */
public final class Argon2idFormat implements KeyHashFormat {
  static final int DEFAULT_MEMORY_KIB = 19 * 1024;
  static final int DEFAULT_PASSES = 2;
  static final int DEFAULT_LANES = 1;
  private static final int MAX_MEMORY_KIB = 1024 * 1024;
  private static final int MAX_PASSES = 10;
  private static final int MAX_LANES = 16;
  private static final Pattern SHAPE =
      Pattern.compile("\\$argon2id\\$v=(\\d{1,3})\\$m=(\\d{1,10}),t=(\\d{1,10}),p=(\\d{1,3})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Called by {@link java.util.ServiceLoader}. */
  public Argon2idFormat() {}

  @Override
  public String name() {
    return "argon2id";
  }

  @Override
  public boolean recognizes(String encoded) {
    return encoded.startsWith("$argon2id$");
  }

  @Override
  public KeyHash parse(String encoded) {
    Matcher m = SHAPE.matcher(encoded);
    if (!m.matches()) {
      throw new InvalidKeyHashException(
          "an argon2id hash must read $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>");
    }
    int version = parseInt(m.group(1));
    long memory = Long.parseLong(m.group(2));
    long passes = Long.parseLong(m.group(3));
    int lanes = parseInt(m.group(4));
    if (version != Argon2Parameters.ARGON2_VERSION_13) {
      throw new InvalidKeyHashException("an argon2id hash must be version 19");
    }
    if (lanes < 1 || lanes > MAX_LANES || passes < 1 || passes > MAX_PASSES || memory < 8L * lanes || memory > MAX_MEMORY_KIB) {
      throw new InvalidKeyHashException(
          "an argon2id hash has parameters out of range (1-" + MAX_LANES + " lanes, 1-" + MAX_PASSES
              + " passes, 8 KiB per lane up to 1 GiB), which would make every verification a denial of service");
    }
    byte[] salt = decode(m.group(5), "salt");
    byte[] hash = decode(m.group(6), "hash");
    if (salt.length < 8 || hash.length < 16 || hash.length > 64) {
      throw new InvalidKeyHashException("an argon2id hash needs a salt of 8 bytes or more and a hash of 16 to 64 bytes");
    }
    return new Argon2idHash((int) memory, (int) passes, lanes, salt, hash);
  }

  @Override
  public Optional<KeyHash> create(Secret secret) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    byte[] hash = derive(secret, DEFAULT_MEMORY_KIB, DEFAULT_PASSES, DEFAULT_LANES, salt, 32);
    return Optional.of(new Argon2idHash(DEFAULT_MEMORY_KIB, DEFAULT_PASSES, DEFAULT_LANES, salt, hash));
  }

  private static int parseInt(String digits) {
    return (int) Math.min(Long.parseLong(digits), Integer.MAX_VALUE);
  }

  private static byte[] decode(String b64, String what) {
    try {
      return Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw new InvalidKeyHashException("an argon2id hash has a " + what + " that is not valid base64");
    }
  }

  static byte[] derive(Secret secret, int memoryKib, int passes, int lanes, byte[] salt, int length) {
    Argon2Parameters params =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(memoryKib)
            .withIterations(passes)
            .withParallelism(lanes)
            .withSalt(salt)
            .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(params);
    byte[] out = new byte[length];
    generator.generateBytes(secret.utf8(), out);
    return out;
  }

  private static final class Argon2idHash implements KeyHash {
    private final int memoryKib;
    private final int passes;
    private final int lanes;
    private final byte[] salt;
    private final byte[] hash;

    Argon2idHash(int memoryKib, int passes, int lanes, byte[] salt, byte[] hash) {
      this.memoryKib = memoryKib;
      this.passes = passes;
      this.lanes = lanes;
      this.salt = salt;
      this.hash = hash;
    }

    @Override
    public String format() {
      return "argon2id";
    }

    @Override
    public String encoded() {
      Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
      return "$argon2id$v=19$m=" + memoryKib + ",t=" + passes + ",p=" + lanes + "$" + b64.encodeToString(salt) + "$"
          + b64.encodeToString(hash);
    }

    @Override
    public boolean verify(Secret secret) {
      return MessageDigest.isEqual(derive(secret, memoryKib, passes, lanes, salt, hash.length), hash);
    }

    @Override
    public boolean isSlow() {
      return true;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Argon2idHash other && encoded().equals(other.encoded());
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
      return "KeyHash[argon2id, m=" + memoryKib + ",t=" + passes + ",p=" + lanes + "]";
    }
  }
}
