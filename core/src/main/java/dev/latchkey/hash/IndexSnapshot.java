package dev.latchkey.hash;

import dev.latchkey.Principal;
import dev.latchkey.Secret;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An immutable view of a {@link HashedKeyIndex}'s entries, shared by all readers. Compact on purpose
 * (open addressing over primitive arrays, no per-entry map nodes): at a million keys the index costs a
 * few dozen bytes per entry on top of the entries themselves.
 *
 * <p>Every array is split into pages of a few KiB behind a small directory, so a change
 * ({@link #with}) copies only the pages it touches and the directories: O(changes), not O(entries).
 * Removed entries leave tombstones (an empty position, a dead slot) until the slot tables fill up to
 * three quarters. Then, before the change, the snapshot is compacted ({@link #compacted}): one pass over
 * the paged entries renumbers the live ones and fills fresh slot tables, with no map, no per-entry
 * objects and no duplicate checks (the entries were checked when they went in). Tables are sized for
 * twice the live entries, so a compaction comes only after at least half as many changes as there are
 * entries: its O(n) spreads to O(1) per change. A change that touches an entry with a slow hash, or
 * adds a kind of digest not indexed yet, is applied by rebuilding from the entries (slow hashes are
 * imports, rare).
 */
final class IndexSnapshot {
  private static final Logger LOG = LoggerFactory.getLogger(HashedKeyIndex.class);
  static final IndexSnapshot EMPTY = new IndexSnapshot(new KeyEntry[0]);

  /** Entries per page of {@link #pairs}: 512 entries, 1,024 references (4 KiB). */
  private static final int PAIR_SHIFT = 9;
  private static final int PAIR_MASK = (1 << PAIR_SHIFT) - 1;
  /** A removed entry's dead slot: probes go past it, nothing matches it. */
  static final long TOMBSTONE = -1L;

  /**
   * The entries by position, each beside the principal it proves ({@code [2i]} the entry at offset i of
   * the page, {@code [2i + 1]} its principal, made on its first look-up and then shared): a look-up
   * reads both from one cache line. A removed entry leaves null.
   */
  private final Object[][] pairs;
  /** Positions used, removed ones included: the next entry goes at {@code limit}. */
  private final int limit;
  /** Live entries. */
  private final int live;
  /**
   * Entry ids: each slot holds the id's hash and the position + 1 ({@link #idValue}), 0 if empty,
   * {@link #TOMBSTONE} if removed.
   */
  private final Slots ids;
  /** Slots of {@link #ids} that are not empty (live and dead). */
  private final int idsUsed;
  final DigestTable[] fastTables;
  final DigestTable[] slowTables;
  final int[] perEntrySlow;

  /**
   * Builds the tables.
   *
   * @throws IllegalArgumentException if two entries share an id or a secret
   */
  IndexSnapshot(KeyEntry[] entries) {
    this.limit = entries.length;
    this.live = entries.length;
    this.pairs = new Object[(entries.length + PAIR_MASK) >>> PAIR_SHIFT][];
    for (int page = 0; page < pairs.length; page++) {
      pairs[page] = new Object[2 << PAIR_SHIFT];
    }
    Slots.Editor idEditor = Slots.empty(capacityFor(entries.length)).edit();
    // Positions by kind, as ints (a million boxed positions would be garbage to collect).
    Map<IndexKind, IntStream.Builder> byKind = new LinkedHashMap<>();
    IntStream.Builder slow = IntStream.builder();
    IndexKind lastKind = null;
    IntStream.Builder lastMembers = null;
    for (int i = 0; i < entries.length; i++) {
      KeyEntry entry = entries[i];
      pairs[i >>> PAIR_SHIFT][(i & PAIR_MASK) << 1] = entry;
      if (idSlot(idEditor.pages, idEditor.mask, entry.id(), p -> entries[p]) >= 0) {
        throw new IllegalArgumentException("two keys have the id '" + entry.id() + "'");
      }
      insertId(idEditor, entry.id(), i);
      if (entry.hash() instanceof IndexableHash indexable) {
        IndexKind kind = indexable.indexKind();
        if (kind != lastKind) {
          // Runs of one kind, the common case, skip the map.
          lastKind = kind;
          lastMembers = byKind.computeIfAbsent(kind, k -> IntStream.builder());
        }
        lastMembers.add(i);
      } else {
        slow.add(i);
      }
    }
    this.ids = idEditor.done();
    this.idsUsed = entries.length;
    List<DigestTable> fast = new ArrayList<>();
    List<DigestTable> slowIndexed = new ArrayList<>();
    byKind.forEach((kind, members) -> (kind.slow() ? slowIndexed : fast).add(DigestTable.of(kind, members.build().toArray(), entries)));
    this.fastTables = fast.toArray(new DigestTable[0]);
    this.slowTables = slowIndexed.toArray(new DigestTable[0]);
    this.perEntrySlow = slow.build().toArray();
  }

  private IndexSnapshot(
      Object[][] pairs,
      int limit,
      int live,
      Slots ids,
      int idsUsed,
      DigestTable[] fastTables,
      DigestTable[] slowTables,
      int[] perEntrySlow) {
    this.pairs = pairs;
    this.limit = limit;
    this.live = live;
    this.ids = ids;
    this.idsUsed = idsUsed;
    this.fastTables = fastTables;
    this.slowTables = slowTables;
    this.perEntrySlow = perEntrySlow;
  }

  /**
   * This snapshot with {@code removals} removed and then {@code puts} added, or put in the place of the
   * entry with the same id. O(changes) unless the tables are full or a slow hash is involved.
   *
   * @throws IllegalArgumentException if two entries would share a secret; this snapshot is unchanged
   */
  IndexSnapshot with(Collection<KeyEntry> puts, Collection<String> removals) {
    if (!fastOnly(puts, removals)) {
      return rebuilt(puts, removals);
    }
    IndexSnapshot base = hasRoomFor(puts.size()) ? this : compacted(puts.size());
    return base.edited(puts, removals);
  }

  /** This snapshot with the change applied page by page; the change is of fast hashes, and there is room. */
  private IndexSnapshot edited(Collection<KeyEntry> puts, Collection<String> removals) {
    Edit edit = new Edit();
    for (String id : removals) {
      edit.remove(id);
    }
    for (KeyEntry entry : puts) {
      edit.put(entry);
    }
    return edit.done();
  }

  /** Whether the slot tables have room for {@code puts} more entries, tombstones counted as used. */
  private boolean hasRoomFor(int puts) {
    if (idsUsed + (long) puts > (ids.capacity() * 3L) / 4) {
      return false;
    }
    for (DigestTable t : fastTables) {
      if (t.used + (long) puts > (t.slots.capacity() * 3L) / 4) {
        return false;
      }
    }
    return true;
  }

  /** Whether the change can be applied page by page: only fast hashes of kinds already indexed. */
  private boolean fastOnly(Collection<KeyEntry> puts, Collection<String> removals) {
    for (KeyEntry entry : puts) {
      if (table(entry) == null) {
        return false;
      }
      KeyEntry old = byId(entry.id());
      if (old != null && table(old) == null) {
        return false;
      }
    }
    for (String id : removals) {
      KeyEntry old = byId(id);
      if (old != null && table(old) == null) {
        return false;
      }
    }
    return true;
  }

  /**
   * This snapshot without its tombstones, with room for {@code headroom} more entries: the same entries
   * in the same order (with the principals already made), renumbered, in fresh slot tables sized for
   * twice the live entries and the headroom. One pass over the paged entries; no map and no per-entry
   * objects, and no duplicate checks, since every entry was checked when it went in. Readers never see
   * it on its own: the change that needed the room is applied to it before it is published.
   */
  IndexSnapshot compacted(int headroom) {
    Object[][] nextPairs = new Object[(live + PAIR_MASK) >>> PAIR_SHIFT][];
    for (int page = 0; page < nextPairs.length; page++) {
      nextPairs[page] = new Object[2 << PAIR_SHIFT];
    }
    Slots nextIds = Slots.empty(capacityFor(live + headroom));
    // The digest tables, fast ones first, filled in place and counted.
    int tableCount = fastTables.length + slowTables.length;
    IndexKind[] kinds = new IndexKind[tableCount];
    Slots[] tableSlots = new Slots[tableCount];
    int[] filled = new int[tableCount];
    for (int t = 0; t < tableCount; t++) {
      DigestTable table = t < fastTables.length ? fastTables[t] : slowTables[t - fastTables.length];
      kinds[t] = table.kind;
      tableSlots[t] = Slots.empty(capacityFor(table.live + (t < fastTables.length ? headroom : 0)));
    }
    int[] nextPerEntrySlow = new int[perEntrySlow.length];
    int slowCount = 0;
    int next = 0;
    for (int position = 0; position < limit; position++) {
      Object[] page = pairs[position >>> PAIR_SHIFT];
      int offset = (position & PAIR_MASK) << 1;
      KeyEntry entry = (KeyEntry) page[offset];
      if (entry == null) {
        continue;
      }
      Object[] nextPage = nextPairs[next >>> PAIR_SHIFT];
      int nextOffset = (next & PAIR_MASK) << 1;
      nextPage[nextOffset] = entry;
      nextPage[nextOffset + 1] = page[offset + 1];
      nextIds.fill(spread(entry.id().hashCode()), idValue(entry.id(), next));
      if (entry.hash() instanceof IndexableHash indexable) {
        int t = indexOf(kinds, indexable.indexKind());
        int prefix = indexable.indexPrefix();
        tableSlots[t].fill(spread(prefix), ((long) prefix << 32) | (next + 1L));
        filled[t]++;
      } else {
        nextPerEntrySlow[slowCount++] = next;
      }
      next++;
    }
    DigestTable[] nextTables = new DigestTable[tableCount];
    for (int t = 0; t < tableCount; t++) {
      nextTables[t] = new DigestTable(kinds[t], tableSlots[t], filled[t], filled[t]);
    }
    return new IndexSnapshot(
        nextPairs,
        next,
        next,
        nextIds,
        next,
        java.util.Arrays.copyOfRange(nextTables, 0, fastTables.length),
        java.util.Arrays.copyOfRange(nextTables, fastTables.length, tableCount),
        nextPerEntrySlow);
  }

  /** The index of {@code kind} in {@code kinds}, which holds every kind in the snapshot. */
  private static int indexOf(IndexKind[] kinds, IndexKind kind) {
    for (int t = 0; t < kinds.length; t++) {
      if (kinds[t] == kind) {
        return t;
      }
    }
    throw new IllegalStateException("every kind in the snapshot has a table");
  }

  /** The fast table {@code entry}'s hash belongs in; null for a slow hash or a kind not indexed yet. */
  private DigestTable table(KeyEntry entry) {
    if (entry.hash() instanceof IndexableHash indexable && !indexable.indexKind().slow()) {
      for (DigestTable t : fastTables) {
        if (t.kind == indexable.indexKind()) {
          return t;
        }
      }
    }
    return null;
  }

  private IndexSnapshot rebuilt(Collection<KeyEntry> puts, Collection<String> removals) {
    LinkedHashMap<String, KeyEntry> next = new LinkedHashMap<>(live * 2 + puts.size() * 2);
    for (int i = 0; i < limit; i++) {
      KeyEntry e = entryOrNull(i);
      if (e != null) {
        next.put(e.id(), e);
      }
    }
    removals.forEach(next::remove);
    puts.forEach(e -> next.put(e.id(), e));
    return new IndexSnapshot(next.values().toArray(new KeyEntry[0]));
  }

  /** One change under way: copies of the directories, and of each page the first time it is written. */
  private final class Edit {
    private Object[][] pairPages = pairs.clone();
    private final boolean[] ownedPairs = new boolean[pairs.length];
    private final Slots.Editor idEditor = ids.edit();
    private final DigestTable.Editor[] tables = new DigestTable.Editor[fastTables.length];
    private int nextLimit = limit;
    private int nextLive = live;
    private int nextIdsUsed = idsUsed;

    Edit() {
      for (int t = 0; t < tables.length; t++) {
        tables[t] = fastTables[t].edit();
      }
    }

    private KeyEntry at(int position) {
      int page = position >>> PAIR_SHIFT;
      return page < pairPages.length ? (KeyEntry) pairPages[page][(position & PAIR_MASK) << 1] : null;
    }

    private void set(int position, KeyEntry entry) {
      int page = position >>> PAIR_SHIFT;
      if (page >= pairPages.length) {
        pairPages = java.util.Arrays.copyOf(pairPages, page + 1);
        pairPages[page] = new Object[2 << PAIR_SHIFT];
      } else if (page < ownedPairs.length && !ownedPairs[page]) {
        pairPages[page] = pairPages[page].clone();
        ownedPairs[page] = true;
      }
      int offset = (position & PAIR_MASK) << 1;
      pairPages[page][offset] = entry;
      pairPages[page][offset + 1] = null;
    }

    private DigestTable.Editor tableOf(KeyEntry entry) {
      IndexKind kind = ((IndexableHash) entry.hash()).indexKind();
      for (DigestTable.Editor t : tables) {
        if (t.kind == kind) {
          return t;
        }
      }
      throw new IllegalStateException("checked before the edit");
    }

    void remove(String id) {
      int slot = idSlot(idEditor.pages, idEditor.mask, id, this::at);
      if (slot < 0) {
        return;
      }
      int position = (int) Slots.get(idEditor.pages, slot) - 1;
      KeyEntry old = at(position);
      idEditor.set(slot, TOMBSTONE);
      tableOf(old).remove((IndexableHash) old.hash(), position);
      set(position, null);
      nextLive--;
    }

    void put(KeyEntry entry) {
      int slot = idSlot(idEditor.pages, idEditor.mask, entry.id(), this::at);
      IndexableHash hash = (IndexableHash) entry.hash();
      if (slot >= 0) {
        int position = (int) Slots.get(idEditor.pages, slot) - 1;
        KeyEntry old = at(position);
        if (!old.hash().equals(entry.hash())) {
          tableOf(entry).checkFree(hash, position, entry.id(), this::at);
          tableOf(old).remove((IndexableHash) old.hash(), position);
          tableOf(entry).insert(hash, position);
        }
        set(position, entry);
        return;
      }
      int position = nextLimit++;
      tableOf(entry).checkFree(hash, position, entry.id(), this::at);
      tableOf(entry).insert(hash, position);
      insertId(idEditor, entry.id(), position);
      nextIdsUsed++;
      set(position, entry);
      nextLive++;
    }

    IndexSnapshot done() {
      DigestTable[] nextTables = new DigestTable[tables.length];
      for (int t = 0; t < tables.length; t++) {
        nextTables[t] = tables[t].done();
      }
      return new IndexSnapshot(
          pairPages, nextLimit, nextLive, idEditor.done(), nextIdsUsed, nextTables, slowTables, perEntrySlow);
    }
  }

  boolean hasSlowEntries() {
    return slowTables.length > 0 || perEntrySlow.length > 0;
  }

  /** The number of entries. */
  int size() {
    return live;
  }

  /** The entry at {@code position}; null if it was removed. */
  private KeyEntry entryOrNull(int position) {
    return (KeyEntry) pairs[position >>> PAIR_SHIFT][(position & PAIR_MASK) << 1];
  }

  /** The entry at {@code position}, a live one. */
  KeyEntry entry(int position) {
    return entryOrNull(position);
  }

  /** A new array of the entries, in order. */
  KeyEntry[] entries() {
    KeyEntry[] out = new KeyEntry[live];
    int n = 0;
    for (int i = 0; i < limit; i++) {
      KeyEntry e = entryOrNull(i);
      if (e != null) {
        out[n++] = e;
      }
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
    Object[] page = pairs[position >>> PAIR_SHIFT];
    int offset = (position & PAIR_MASK) << 1;
    KeyEntry entry = (KeyEntry) page[offset];
    Principal principal = (Principal) page[offset + 1];
    if (principal == null) {
      // A benign race: two threads may both make it; either immutable result is right.
      principal = make.apply(entry);
      page[offset + 1] = principal;
    }
    return new HashedKeyIndex.Lookup.Found(entry, principal);
  }

  /** The position of the entry whose fast digest matches {@code secret}, or -1. One derivation per fast kind. */
  int findFast(Secret secret) {
    for (DigestTable table : fastTables) {
      int position = table.find(table.kind.derive(secret), this);
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
        int position = table.find(derived, this);
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
    int slot = idSlot(ids.pages, ids.mask, id, this::entryOrNull);
    return slot < 0 ? -1 : (int) Slots.get(ids.pages, slot) - 1;
  }

  /** The slot of {@code ids} holding {@code id}, or -1; {@code at} gives the entry at a position. */
  private static int idSlot(long[][] pages, int mask, String id, java.util.function.IntFunction<KeyEntry> at) {
    int hash = id.hashCode();
    for (int slot = spread(hash) & mask; ; slot = (slot + 1) & mask) {
      long value = Slots.get(pages, slot);
      if (value == 0) {
        return -1;
      }
      // The id's hash beside the position spares reading the entries of the other ids on the way.
      if (value != TOMBSTONE && (int) (value >>> 32) == hash && at.apply((int) value - 1).id().equals(id)) {
        return slot;
      }
    }
  }

  /** The value of an id slot: the id's hash, then the position + 1 (never 0, never {@link #TOMBSTONE}). */
  private static long idValue(String id, int position) {
    return ((long) id.hashCode() << 32) | (position + 1L);
  }

  private static void insertId(Slots.Editor editor, String id, int position) {
    int slot = spread(id.hashCode()) & editor.mask;
    while (Slots.get(editor.pages, slot) != 0) {
      slot = (slot + 1) & editor.mask;
    }
    editor.set(slot, idValue(id, position));
  }

  /** A power of two at least twice {@code n}, so probes stay short. */
  static int capacityFor(int n) {
    return Integer.highestOneBit(Math.max(2, n) * 2 - 1) << 1;
  }

  /**
   * Mixes every bit of {@code h} into the low ones a table masks (MurmurHash3's finaliser): ids are
   * often numbered ({@code k1}, {@code k2}, ...), and their string hashes, barely spread, would line
   * up in long runs that every probe walks.
   */
  static int spread(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    return h ^ (h >>> 16);
  }

  /** A power-of-two array of longs in pages of at most 512 (4 KiB), copied page by page on write. */
  static final class Slots {
    static final int SHIFT = 9;
    static final int PAGE_MASK = (1 << SHIFT) - 1;
    final long[][] pages;
    final int mask;

    private Slots(long[][] pages, int mask) {
      this.pages = pages;
      this.mask = mask;
    }

    static Slots empty(int capacity) {
      int pageSize = Math.min(capacity, 1 << SHIFT);
      long[][] pages = new long[capacity / pageSize][];
      for (int p = 0; p < pages.length; p++) {
        pages[p] = new long[pageSize];
      }
      return new Slots(pages, capacity - 1);
    }

    int capacity() {
      return mask + 1;
    }

    /**
     * Puts {@code value} in the first empty slot from {@code hash} on, writing in place: only for fresh
     * slots that no reader has seen yet.
     */
    void fill(int hash, long value) {
      int slot = hash & mask;
      while (get(pages, slot) != 0) {
        slot = (slot + 1) & mask;
      }
      pages[slot >>> SHIFT][slot & PAGE_MASK] = value;
    }

    static long get(long[][] pages, int slot) {
      return pages[slot >>> SHIFT][slot & PAGE_MASK];
    }

    Editor edit() {
      return new Editor(pages.clone(), mask);
    }

    /** Writes to copies of the pages it touches (the first write to a page copies it). */
    static final class Editor {
      final long[][] pages;
      final int mask;
      private final boolean[] owned;

      Editor(long[][] pages, int mask) {
        this.pages = pages;
        this.mask = mask;
        this.owned = new boolean[pages.length];
      }

      void set(int slot, long value) {
        int page = slot >>> SHIFT;
        if (!owned[page]) {
          pages[page] = pages[page].clone();
          owned[page] = true;
        }
        pages[page][slot & PAGE_MASK] = value;
      }

      Slots done() {
        return new Slots(pages, mask);
      }
    }
  }

  /**
   * Entries of one {@link IndexKind}, found by their derivation: open addressing over paged longs, each
   * slot packing the first four bytes of the (uniformly random) digest with the entry's position + 1, so
   * a probe touches one cache line; a hit is confirmed by a constant-time comparison of the whole digest.
   */
  static final class DigestTable {
    final IndexKind kind;
    final Slots slots;
    /** Slots in use, dead ones included. */
    final int used;
    /** Live entries. */
    final int live;

    private DigestTable(IndexKind kind, Slots slots, int used, int live) {
      this.kind = kind;
      this.slots = slots;
      this.used = used;
      this.live = live;
    }

    static DigestTable of(IndexKind kind, int[] members, KeyEntry[] entries) {
      Editor editor = new DigestTable(kind, Slots.empty(capacityFor(members.length)), 0, 0).edit();
      for (int i : members) {
        IndexableHash hash = (IndexableHash) entries[i].hash();
        editor.checkFree(hash, i, entries[i].id(), p -> entries[p]);
        editor.insert(hash, i);
      }
      return editor.done();
    }

    /** The position of the entry whose digest is {@code derived}, or -1. */
    int find(byte[] derived, IndexSnapshot snapshot) {
      int prefix = ((derived[0] & 0xff) << 24) | ((derived[1] & 0xff) << 16) | ((derived[2] & 0xff) << 8) | (derived[3] & 0xff);
      long[][] pages = slots.pages;
      int mask = slots.mask;
      for (int slot = spread(prefix) & mask; ; slot = (slot + 1) & mask) {
        long packed = Slots.get(pages, slot);
        if (packed == 0) {
          return -1;
        }
        if (packed != TOMBSTONE && (int) (packed >>> 32) == prefix) {
          int position = (int) packed - 1;
          if (((IndexableHash) snapshot.entry(position).hash()).matchesDerived(derived)) {
            return position;
          }
        }
      }
    }

    Editor edit() {
      return new Editor(this);
    }

    /** A change to the table, on copies of the pages it touches. */
    static final class Editor {
      final IndexKind kind;
      private final Slots.Editor slots;
      private int used;
      private int live;

      Editor(DigestTable table) {
        this.kind = table.kind;
        this.slots = table.slots.edit();
        this.used = table.used;
        this.live = table.live;
      }

      /**
       * Refuses {@code hash} if an entry other than the one at {@code position} already has it.
       *
       * @throws IllegalArgumentException naming both ids, never the secret
       */
      void checkFree(IndexableHash hash, int position, String id, java.util.function.IntFunction<KeyEntry> at) {
        int prefix = hash.indexPrefix();
        for (int slot = spread(prefix) & slots.mask; ; slot = (slot + 1) & slots.mask) {
          long packed = Slots.get(slots.pages, slot);
          if (packed == 0) {
            return;
          }
          if (packed != TOMBSTONE && (int) (packed >>> 32) == prefix) {
            int other = (int) packed - 1;
            KeyEntry candidate = at.apply(other);
            if (other != position && candidate.hash().equals(hash)) {
              throw new IllegalArgumentException(
                  "the secret of '" + id + "' is already used by '" + candidate.id() + "'");
            }
          }
        }
      }

      void insert(IndexableHash hash, int position) {
        int prefix = hash.indexPrefix();
        int slot = spread(prefix) & slots.mask;
        while (Slots.get(slots.pages, slot) != 0) {
          slot = (slot + 1) & slots.mask;
        }
        slots.set(slot, ((long) prefix << 32) | (position + 1L));
        used++;
        live++;
      }

      void remove(IndexableHash hash, int position) {
        int prefix = hash.indexPrefix();
        long wanted = ((long) prefix << 32) | (position + 1L);
        for (int slot = spread(prefix) & slots.mask; ; slot = (slot + 1) & slots.mask) {
          long packed = Slots.get(slots.pages, slot);
          if (packed == 0) {
            return;
          }
          if (packed == wanted) {
            slots.set(slot, TOMBSTONE);
            live--;
            return;
          }
        }
      }

      DigestTable done() {
        return new DigestTable(kind, slots.done(), used, live);
      }
    }
  }
}
