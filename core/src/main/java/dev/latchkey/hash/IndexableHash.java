package dev.latchkey.hash;

/** A {@link KeyHash} that a {@link HashedKeyIndex} finds by {@link IndexKind derivation}. */
interface IndexableHash extends KeyHash {

  /** The kind whose derivation this hash stores. */
  IndexKind indexKind();

  /** The first four bytes of the stored derivation, big-endian: the index's probe key. */
  int indexPrefix();

  /** Whether {@code derived} is the stored derivation; constant-time. */
  boolean matchesDerived(byte[] derived);
}
