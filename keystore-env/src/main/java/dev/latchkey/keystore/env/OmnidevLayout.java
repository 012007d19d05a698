package dev.latchkey.keystore.env;

import dev.latchkey.hash.KeyEntry;
import dev.latchkey.hash.Peppers;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** See {@link EnvLayout#omnidev()}. */
final class OmnidevLayout implements EnvLayout {
  static final String ADMIN = "ADMIN_API_KEY";
  static final String CLIENTS = "VALID_API_KEYS";
  private static final int RECOMMENDED_LENGTH = 32;
  private static final Logger LOG = LoggerFactory.getLogger(EnvKeySource.class);

  @Override
  public String name() {
    return "omnidev";
  }

  @Override
  public List<KeyEntry> entries(EnvVariables variables, Peppers peppers) {
    LayoutSupport out = new LayoutSupport();
    LayoutSupport.set(variables, ADMIN).ifPresent(admin -> {
      out.plaintext(admin, admin.value()).ifPresent(hash -> {
        if (admin.value().length() < RECOMMENDED_LENGTH) {
          LOG.warn("{} ({}) is shorter than {} characters; use a longer, random key", ADMIN, admin.location(), RECOMMENDED_LENGTH);
        }
        out.entries.add(KeyEntry.builder(ADMIN, hash).name("admin").roles("admin").build());
      });
    });
    LayoutSupport.set(variables, CLIENTS).ifPresent(clients -> {
      String[] positions = clients.value().split(",", -1);
      for (int i = 0; i < positions.length; i++) {
        String key = positions[i].strip();
        if (key.isEmpty()) {
          continue;
        }
        int index = i;
        out.plaintext(clients, key, "entry " + index + " ").ifPresent(hash ->
            out.entries.add(
                KeyEntry.builder(CLIENTS + "[" + index + "]", hash).name("client-" + index).roles("client").build()));
      }
    });
    return out.result();
  }

  @Override
  public String toString() {
    return "EnvLayout[omnidev]";
  }
}
