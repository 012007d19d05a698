package dev.latchkey.admin.internal;

import dev.latchkey.Principal;
import dev.latchkey.keystore.file.StoredKey;

/**
 * Who is calling the API and what they may touch: an admin (holding the admin role) manages every key;
 * anyone else manages the keys they own. A principal acts as its credential's owner when it has one (a
 * key owned by {@code alice} acts for {@code alice}), otherwise as its name.
 */
public record Caller(Principal principal, boolean admin, String self) {
  /** The caller {@code principal} is, given the admin role. */
  public static Caller of(Principal principal, String adminRole) {
    return new Caller(principal, principal.hasRole(adminRole), principal.owner().orElse(principal.name()));
  }

  /** Whether the caller owns {@code key}. */
  public boolean owns(StoredKey key) {
    return key.owner().filter(self::equals).isPresent();
  }

  /** Whether the caller may manage {@code key}. */
  public boolean mayManage(StoredKey key) {
    return admin || owns(key);
  }
}
