package dev.latchkey.hash;

/** A {@link KeyHash} that a {@link HashedKeyIndex} finds by {@link IndexKind derivation}. */
interface IndexableHash extends KeyHash {

  /** The kind whose derivation produces {@link #indexKey()}. */
  IndexKind indexKind();

  /** The stored derivation; the caller must not modify it. */
  byte[] indexKey();
}
