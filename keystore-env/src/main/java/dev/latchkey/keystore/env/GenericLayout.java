package dev.latchkey.keystore.env;

import dev.latchkey.hash.InvalidKeyHashException;
import dev.latchkey.hash.KeyEntry;
import dev.latchkey.hash.KeyHash;
import dev.latchkey.hash.KeyHashes;
import dev.latchkey.hash.Peppers;
import dev.latchkey.keystore.env.EnvConfigurationException.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** See {@link EnvLayout#generic(String)}. */
final class GenericLayout implements EnvLayout {
  static final String DEFAULT_PREFIX = "LATCHKEY_KEY_";
  private static final String ROLES_SUFFIX = "_ROLES";
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final List<String> HASH_PREFIXES =
      List.of("sha256:", "hmac-sha256:", "hmac-sha512:", "moose-pbkdf2:", "$");

  private final String prefix;

  GenericLayout(String prefix) {
    if (prefix == null || !PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException("a variable prefix must be letters, digits and '_': '" + prefix + "'");
    }
    this.prefix = prefix;
  }

  @Override
  public String name() {
    return "generic(" + prefix + ")";
  }

  @Override
  public List<KeyEntry> entries(EnvVariables variables, Peppers peppers) {
    LayoutSupport out = new LayoutSupport();
    for (String name : new TreeSet<>(variables.names())) {
      if (!name.startsWith(prefix)) {
        continue;
      }
      EnvVariable variable = variables.get(name).orElseThrow();
      String keyName = name.substring(prefix.length());
      if (keyName.endsWith(ROLES_SUFFIX)) {
        String base = prefix + keyName.substring(0, keyName.length() - ROLES_SUFFIX.length());
        if (LayoutSupport.set(variables, base).isEmpty()) {
          out.problems.add(Problem.of(variable, "gives roles for " + base + ", which is not set"));
        }
        continue;
      }
      if (keyName.isEmpty()) {
        out.problems.add(Problem.of(variable, "needs a key name after the prefix " + prefix));
        continue;
      }
      if (variable.value().isEmpty()) {
        continue;
      }
      hash(variable, peppers, out).ifPresent(hash ->
          out.entries.add(
              KeyEntry.builder(name, hash)
                  .name(keyName.toLowerCase(Locale.ROOT).replace('_', '-'))
                  .roles(roles(variables, name))
                  .build()));
    }
    return out.result();
  }

  private static Optional<KeyHash> hash(EnvVariable variable, Peppers peppers, LayoutSupport out) {
    String value = variable.value();
    if (HASH_PREFIXES.stream().anyMatch(value::startsWith)) {
      try {
        return Optional.of(KeyHashes.parse(value, peppers));
      } catch (InvalidKeyHashException e) {
        out.problems.add(Problem.of(variable, "is not a valid key hash: " + e.getMessage()));
        return Optional.empty();
      }
    }
    return out.plaintext(variable, value);
  }

  private static List<String> roles(EnvVariables variables, String keyVariable) {
    List<String> roles = new ArrayList<>();
    variables.get(keyVariable + ROLES_SUFFIX).ifPresent(v -> {
      for (String role : v.value().split(",")) {
        if (!role.isBlank()) {
          roles.add(role.strip());
        }
      }
    });
    return roles;
  }

  @Override
  public String toString() {
    return "EnvLayout[" + name() + "]";
  }
}
