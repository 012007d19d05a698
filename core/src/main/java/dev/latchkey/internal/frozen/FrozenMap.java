package dev.latchkey.internal.frozen;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A small immutable map of a few members, kept in the order given, whose values are known to be
 * immutable all the way down: a {@link dev.latchkey.Principal} keeps it as it is instead of walking and
 * copying it. Only Latchkey's own readers make one (the JWT claims reader), from members they read
 * themselves; the package is exported to them alone. Looks keys up by scanning, which for a handful of
 * members beats hashing. Immutable and thread-safe.
 */
public final class FrozenMap extends AbstractMap<String, Object> {
  /** The most members a frozen map holds; larger objects take another map. */
  public static final int MAX_SIZE = 16;

  private final String[] keys;
  private final Object[] values;
  private final int size;

  private FrozenMap(String[] keys, Object[] values, int size) {
    this.keys = keys;
    this.values = values;
    this.size = size;
  }

  /**
   * A map of {@code keys[0, size)} to {@code values[0, size)}, trusting the caller for what it cannot
   * check cheaply. The arrays are kept, not copied: the caller never changes them afterwards.
   *
   * @param keys distinct, non-null keys
   * @param values non-null values, each immutable all the way down (strings, boxed numbers, booleans,
   *     and collections no one can change holding such values)
   * @param size how many members; at most {@link #MAX_SIZE}
   * @return the map
   * @throws IllegalArgumentException if {@code size} is out of range
   */
  public static Map<String, Object> ofTrusted(String[] keys, Object[] values, int size) {
    if (size < 0 || size > MAX_SIZE || size > keys.length || size > values.length) {
      throw new IllegalArgumentException("a frozen map holds 0 to " + MAX_SIZE + " members");
    }
    return new FrozenMap(keys, values, size);
  }

  private int indexOf(Object key) {
    for (int i = 0; i < size; i++) {
      if (keys[i] == key) {
        return i;
      }
    }
    if (key instanceof String) {
      for (int i = 0; i < size; i++) {
        if (keys[i].equals(key)) {
          return i;
        }
      }
    }
    return -1;
  }

  @Override
  public Object get(Object key) {
    int i = indexOf(key);
    return i < 0 ? null : values[i];
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, Object>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < size;
          }

          @Override
          public Entry<String, Object> next() {
            if (next >= size) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new SimpleImmutableEntry<>(keys[i], values[i]);
          }
        };
      }

      @Override
      public int size() {
        return size;
      }
    };
  }
}
