package dev.latchkey.keystore.env;

import dev.latchkey.hash.InvalidKeyHashException;
import dev.latchkey.hash.KeyEntry;
import dev.latchkey.hash.KeyHashes;
import dev.latchkey.hash.Peppers;
import dev.latchkey.keystore.env.EnvConfigurationException.Problem;
import java.util.List;
import java.util.Map;

/** See {@link EnvLayout#mooseStack()}. */
final class MooseLayout implements EnvLayout {
  static final Map<String, String> VARIABLES =
      Map.of(
          "MOOSE_AUTHENTICATION__ADMIN_API_KEY", "admin",
          "MOOSE_INGEST_API_KEY", "ingest",
          "MOOSE_CONSUMPTION_API_KEY", "consumption");

  @Override
  public String name() {
    return "moosestack";
  }

  @Override
  public List<KeyEntry> entries(EnvVariables variables, Peppers peppers) {
    LayoutSupport out = new LayoutSupport();
    for (String name : List.of("MOOSE_AUTHENTICATION__ADMIN_API_KEY", "MOOSE_INGEST_API_KEY", "MOOSE_CONSUMPTION_API_KEY")) {
      LayoutSupport.set(variables, name).ifPresent(variable -> {
        if (variable.value().isBlank()) {
          out.problems.add(Problem.of(variable, "is only whitespace"));
          return;
        }
        try {
          String role = VARIABLES.get(name);
          out.entries.add(KeyEntry.builder(name, KeyHashes.mooseStoredValue(variable.value())).name(role).roles(role).build());
        } catch (InvalidKeyHashException e) {
          out.problems.add(Problem.of(variable, e.getMessage()));
        }
      });
    }
    return out.result();
  }

  @Override
  public String toString() {
    return "EnvLayout[moosestack]";
  }
}
