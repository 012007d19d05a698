package dev.latchkey.cli;

import dev.latchkey.keystore.file.ContentApiType;
import dev.latchkey.keystore.file.IssuedKey;
import dev.latchkey.keystore.file.KeyKind;
import dev.latchkey.keystore.file.KeyRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code latchkey keys create --store FILE --name NAME …}: a new key in a store (made if it is not there
 * yet). The secret is printed this once, with the key's id and display hint; the store keeps its hash.
 */
@Command(
    name = "create",
    description = {
      "Create a key; its secret is printed once (the store keeps only its hash).",
      "The store file is created if it does not exist, readable by its owner only."
    })
final class KeysCreateCommand implements Callable<Integer> {
  @Mixin private KeyStoreOptions store;

  @Mixin private EncryptionKeyOption encryption;

  @Option(names = "--name", required = true, paramLabel = "NAME", description = "The principal name the key proves.")
  private String name;

  @Option(names = "--role", paramLabel = "ROLE", description = "A role the key grants; repeat for several.")
  private List<String> roles = List.of();

  @Option(names = "--owner", paramLabel = "USER", description = "The owning user (required for admin keys).")
  private String owner;

  @Option(
      names = "--kind",
      paramLabel = "KIND",
      converter = KindConverter.class,
      description = "generic (default), content-api or admin.")
  private KeyKind kind;

  @Option(
      names = "--type",
      paramLabel = "TYPE",
      converter = TypeConverter.class,
      description = "For content-api keys: read-only, full-access or custom (default); implies --kind content-api. "
          + "read-only and full-access also add that role to the key, for hosts to check.")
  private ContentApiType type;

  @Option(
      names = "--lifespan",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "How long the key works: 7d, 30d, 90d or any duration (12h, PT36H); default: no expiry.")
  private Duration lifespan;

  @Option(names = "--expires-in", paramLabel = "DURATION", converter = DurationConverter.class, description = "The same as --lifespan.")
  private Duration expiresIn;

  @Option(names = "--description", paramLabel = "TEXT", description = "A note for people.")
  private String description;

  @Option(names = "--allowed-ip", paramLabel = "ADDRESS", description = "An address or CIDR range the key may be used from; repeat for several.")
  private List<String> allowedIps = List.of();

  @Option(
      names = "--allow-duplicate-name",
      description = "Make the key even if a key with this name is already in the store (refused by default).")
  private boolean allowDuplicateName;

  @Option(names = "--json", description = "Print a JSON object: id, name, start, secret, roles, expiresAt, …")
  private boolean json;

  private final Terminal terminal;

  KeysCreateCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() {
    KeyRequest request = request();
    IssuedKey issued = store.apply(terminal, true, encryption.encryptionKey(terminal), keys -> keys.create(request));
    KeyOutput.issued(terminal, issued, json, "Created");
    return ExitCode.OK;
  }

  /** The request the options describe; a contradiction among them is a usage error. */
  private KeyRequest request() {
    KeyKind effectiveKind = Optional.ofNullable(kind).orElse(type == null ? KeyKind.GENERIC : KeyKind.CONTENT_API);
    if (type != null && effectiveKind != KeyKind.CONTENT_API) {
      throw CommandFailure.usage("--type applies to --kind content-api only");
    }
    if (lifespan != null && expiresIn != null) {
      throw CommandFailure.usage("give --lifespan or --expires-in, not both");
    }
    Optional<Duration> life = Optional.ofNullable(lifespan).or(() -> Optional.ofNullable(expiresIn));
    if (life.filter(d -> d.isNegative() || d.isZero()).isPresent()) {
      throw CommandFailure.usage((lifespan != null ? "--lifespan" : "--expires-in") + " must be positive");
    }
    KeyRequest.Builder builder = KeyRequest.named(name).kind(effectiveKind).roles(roles).allowedIps(allowedIps);
    if (type != null) {
      builder.contentApi(type);
    }
    Optional.ofNullable(owner).ifPresent(builder::owner);
    life.ifPresent(builder::expiresIn);
    Optional.ofNullable(description).ifPresent(builder::description);
    if (allowDuplicateName) {
      builder.allowDuplicateName();
    }
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      // The request's messages name the rule broken (a missing owner, a malformed address), never a secret.
      throw CommandFailure.usage(e.getMessage());
    }
  }

  /** {@code generic}, {@code content-api} or {@code admin}. */
  static final class KindConverter implements ITypeConverter<KeyKind> {
    @Override
    public KeyKind convert(String value) {
      return KeyKind.fromJsonName(value)
          .orElseThrow(() -> new TypeConversionException("'" + value + "' is not a kind; the kinds are generic, content-api, admin"));
    }
  }

  /** {@code read-only}, {@code full-access} or {@code custom}. */
  static final class TypeConverter implements ITypeConverter<ContentApiType> {
    @Override
    public ContentApiType convert(String value) {
      return ContentApiType.fromJsonName(value)
          .orElseThrow(() -> new TypeConversionException("'" + value + "' is not a type; the types are read-only, full-access, custom"));
    }
  }
}
