package dev.latchkey.hash;

import dev.latchkey.Secret;

/**
 * A family of hashes that can be found by derivation instead of by trying each entry: the derivation
 * depends only on the presented secret (and configuration), so the index computes it once per request
 * and looks the result up. Equal kinds derive equally. Thread-safe.
 */
interface IndexKind {

  /** Whether deriving is deliberately slow (checked only after the fast kinds and the cache). */
  boolean slow();

  /** The index key for {@code secret}, or null if no hash of this kind can match it. */
  byte[] derive(Secret secret);
}
