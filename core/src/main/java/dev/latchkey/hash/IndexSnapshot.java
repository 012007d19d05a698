package dev.latchkey.hash;

import dev.latchkey.Principal;
import dev.latchkey.Secret;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An immutable view of a {@link HashedKeyIndex}'s entries, built once per change and shared by all
 * readers. Compact on purpose (open addressing over primitive arrays, no per-entry map nodes): at a
 * million keys the index costs a few dozen bytes per entry on top of the entries themselves.
 */
final class IndexSnapshot {
  private static final Logger LOG = LoggerFactory.getLogger(HashedKeyIndex.class);
  static final IndexSnapshot EMPTY = new IndexSnapshot(new KeyEntry[0]);

  /**
   * The entries, in order, each beside the principal it proves ({@code [2p]} the entry at position p,
   * {@code [2p + 1]} its principal, made on its first look-up and then shared): a look-up reads both
   * from one cache line, which matters when a large index is cold.
   */
  private final Object[] pairs;
  private final int[] idSlots;
  final DigestTable[] fastTables;
  final DigestTable[] slowTables;
  final int[] perEntrySlow;

  /**
   * Builds the tables.
   *
   * @throws IllegalArgumentException if two entries share an id or a secret
   */
  IndexSnapshot(KeyEntry[] entries) {
    this.pairs = new Object[Math.multiplyExact(entries.length, 2)];
    this.idSlots = new int[capacityFor(entries.length)];
    Map<IndexKind, List<Integer>> byKind = new LinkedHashMap<>();
    List<Integer> slow = new ArrayList<>();
    for (int i = 0; i < entries.length; i++) {
      KeyEntry entry = entries[i];
      int existing = positionOf(entry.id());
      if (existing >= 0) {
        throw new IllegalArgumentException("two keys have the id '" + entry.id() + "'");
      }
      insertId(entry.id(), i);
      pairs[2 * i] = entry;
      if (entry.hash() instanceof IndexableHash indexable) {
        byKind.computeIfAbsent(indexable.indexKind(), k -> new ArrayList<>()).add(i);
      } else {
        slow.add(i);
      }
    }
    List<DigestTable> fast = new ArrayList<>();
    List<DigestTable> slowIndexed = new ArrayList<>();
    byKind.forEach(
        (kind, members) -> (kind.slow() ? slowIndexed : fast).add(new DigestTable(kind, members, entries)));
    this.fastTables = fast.toArray(new DigestTable[0]);
    this.slowTables = slowIndexed.toArray(new DigestTable[0]);
    this.perEntrySlow = slow.stream().mapToInt(Integer::intValue).toArray();
  }

  /** This snapshot with {@code removals} removed and then {@code puts} added or replaced by id. */
  IndexSnapshot with(java.util.Collection<KeyEntry> puts, java.util.Collection<String> removals) {
    java.util.LinkedHashMap<String, KeyEntry> next = new java.util.LinkedHashMap<>(size() * 2);
    for (int i = 0; i < size(); i++) {
      next.put(entry(i).id(), entry(i));
    }
    removals.forEach(next::remove);
    puts.forEach(e -> next.put(e.id(), e));
    return new IndexSnapshot(next.values().toArray(new KeyEntry[0]));
  }

  boolean hasSlowEntries() {
    return slowTables.length > 0 || perEntrySlow.length > 0;
  }

  /** The number of entries. */
  int size() {
    return pairs.length / 2;
  }

  /** The entry at {@code position}. */
  KeyEntry entry(int position) {
    return (KeyEntry) pairs[2 * position];
  }

  /** A new array of the entries, in order. */
  KeyEntry[] entries() {
    KeyEntry[] out = new KeyEntry[size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = entry(i);
    }
    return out;
  }

  /** The entry with {@code id}, or null. */
  KeyEntry byId(String id) {
    int i = positionOf(id);
    return i < 0 ? null : entry(i);
  }

  /**
   * The position of the entry now standing for {@code found}: the entry with the same id, if its hash
   * is still the one that was verified; -1 otherwise. A reload that rebuilds equal entries keeps cached
   * verifications valid; a new secret or a removed key ends them. State and expiry are judged afresh
   * from the entry at that position.
   */
  int current(KeyEntry found) {
    int i = positionOf(found.id());
    return i >= 0 && (entry(i) == found || entry(i).hash().equals(found.hash())) ? i : -1;
  }

  /** The look-up result for the entry at {@code position}, its principal made by {@code make} once. */
  HashedKeyIndex.Lookup.Found found(int position, Function<KeyEntry, Principal> make) {
    KeyEntry entry = entry(position);
    Principal principal = (Principal) pairs[2 * position + 1];
    if (principal == null) {
      // A benign race: two threads may both make it; either immutable result is right.
      principal = make.apply(entry);
      pairs[2 * position + 1] = principal;
    }
    return new HashedKeyIndex.Lookup.Found(entry, principal);
  }

  /** The position of the entry whose fast digest matches {@code secret}, or -1. One derivation per fast kind. */
  int findFast(Secret secret) {
    for (DigestTable table : fastTables) {
      int position = table.find(table.kind.derive(secret), pairs);
      if (position >= 0) {
        return position;
      }
    }
    return -1;
  }

  /** The entry whose slow hash matches {@code secret}, or null. Deliberately slow. */
  KeyEntry findSlow(Secret secret) {
    for (DigestTable table : slowTables) {
      byte[] derived = deriveSafely(table.kind, secret);
      if (derived != null) {
        int position = table.find(derived, pairs);
        if (position >= 0) {
          return entry(position);
        }
      }
    }
    for (int i : perEntrySlow) {
      if (verifiesSafely(entry(i), secret)) {
        return entry(i);
      }
    }
    return null;
  }

  /** A hash that throws (a plug-in's bug, an absurd parameter) matches nothing; it never fails the request. */
  private static boolean verifiesSafely(KeyEntry entry, Secret secret) {
    try {
      return entry.hash().verify(secret);
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      LOG.warn("the {} hash of key '{}' failed to verify ({}); treated as no match", entry.hash().format(), entry.id(), e.getClass().getName());
      return false;
    }
  }

  private static byte[] deriveSafely(IndexKind kind, Secret secret) {
    try {
      return kind.derive(secret);
    } catch (RuntimeException e) {
      LOG.warn("a slow key derivation failed ({}); treated as no match", e.getClass().getName());
      return null;
    }
  }

  /** The position of the entry with {@code id}, or -1. */
  int positionOf(String id) {
    int mask = idSlots.length - 1;
    for (int slot = spread(id.hashCode()) & mask; idSlots[slot] != 0; slot = (slot + 1) & mask) {
      int i = idSlots[slot] - 1;
      if (entry(i).id().equals(id)) {
        return i;
      }
    }
    return -1;
  }

  private void insertId(String id, int index) {
    int mask = idSlots.length - 1;
    int slot = spread(id.hashCode()) & mask;
    while (idSlots[slot] != 0) {
      slot = (slot + 1) & mask;
    }
    idSlots[slot] = index + 1;
  }

  /** A power of two at least twice {@code n}, so probes stay short. */
  static int capacityFor(int n) {
    return Integer.highestOneBit(Math.max(2, n) * 2 - 1) << 1;
  }

  static int spread(int h) {
    return h ^ (h >>> 16) ^ (h >>> 7);
  }

  /**
   * Entries of one {@link IndexKind}, found by their derivation: open addressing over one
   * {@code long[]}, each slot packing the first four bytes of the (uniformly random) digest with the
   * entry's position, so a probe touches one cache line; a hit is confirmed by a constant-time
   * comparison of the whole digest.
   */
  static final class DigestTable {
    final IndexKind kind;
    private final long[] slots;

    DigestTable(IndexKind kind, List<Integer> members, KeyEntry[] entries) {
      this.kind = kind;
      this.slots = new long[capacityFor(members.size())];
      int mask = slots.length - 1;
      for (int i : members) {
        IndexableHash hash = (IndexableHash) entries[i].hash();
        int prefix = hash.indexPrefix();
        KeyEntry clash = find(prefix, hash, entries);
        if (clash != null) {
          throw new IllegalArgumentException(
              "the secret of '" + entries[i].id() + "' is already used by '" + clash.id() + "'");
        }
        int slot = spread(prefix) & mask;
        while (slots[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        slots[slot] = ((long) prefix << 32) | (i + 1L);
      }
    }

    /** The position of the entry whose digest is {@code derived}, or -1; {@code pairs} as the snapshot's. */
    int find(byte[] derived, Object[] pairs) {
      int prefix = ((derived[0] & 0xff) << 24) | ((derived[1] & 0xff) << 16) | ((derived[2] & 0xff) << 8) | (derived[3] & 0xff);
      int mask = slots.length - 1;
      for (int slot = spread(prefix) & mask; ; slot = (slot + 1) & mask) {
        long packed = slots[slot];
        if (packed == 0) {
          return -1;
        }
        if ((int) (packed >>> 32) == prefix) {
          int position = (int) packed - 1;
          if (((IndexableHash) ((KeyEntry) pairs[2 * position]).hash()).matchesDerived(derived)) {
            return position;
          }
        }
      }
    }

    /** An entry already in the table whose hash equals {@code hash}, for duplicate detection. */
    private KeyEntry find(int prefix, IndexableHash hash, KeyEntry[] entries) {
      int mask = slots.length - 1;
      for (int slot = spread(prefix) & mask; slots[slot] != 0; slot = (slot + 1) & mask) {
        long packed = slots[slot];
        if ((int) (packed >>> 32) == prefix) {
          KeyEntry candidate = entries[(int) packed - 1];
          if (candidate.hash().equals(hash)) {
            return candidate;
          }
        }
      }
      return null;
    }
  }
}
