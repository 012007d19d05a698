package dev.latchkey.keystore.file.internal;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One shared instance of each value many keys repeat (role sets, owners, kinds and their attributes),
 * so a million keys hold a handful of them instead of a million copies. Each table is bounded: past
 * its bound a value is returned unshared, which costs memory, never correctness. Thread-safe.
 */
public final class Shared {
  private static final int MAX_ROLE_SETS = 10_000;
  private static final int MAX_OWNERS = 100_000;
  private static final int MAX_SHAPES = 10_000;
  private static final Map<List<String>, Set<String>> ROLE_SETS = new ConcurrentHashMap<>();
  private static final Map<String, Optional<String>> OWNERS = new ConcurrentHashMap<>();
  private static final Map<Object, Object> SHAPES = new ConcurrentHashMap<>();

  private Shared() {}

  /**
   * The shared unmodifiable set of {@code roles}, in their first-seen order, duplicates dropped.
   *
   * @param roles the roles
   * @return an unmodifiable set equal to the roles' distinct values, in order
   */
  public static Set<String> roles(Collection<String> roles) {
    LinkedHashSet<String> ordered = new LinkedHashSet<>(roles);
    if (ordered.contains(null)) {
      return Collections.unmodifiableSet(ordered);
    }
    List<String> distinct = List.copyOf(ordered);
    Set<String> shared = ROLE_SETS.get(distinct);
    if (shared != null) {
      return shared;
    }
    Set<String> made = Collections.unmodifiableSet(new LinkedHashSet<>(distinct));
    return share(ROLE_SETS, MAX_ROLE_SETS, distinct, made);
  }

  /**
   * The shared {@code Optional} of an owner's id.
   *
   * @param owner the owner's id, or null for none
   * @return {@link Optional#empty()} for null, else one shared optional per owner
   */
  public static Optional<String> owner(String owner) {
    if (owner == null) {
      return Optional.empty();
    }
    Optional<String> shared = OWNERS.get(owner);
    return shared != null ? shared : share(OWNERS, MAX_OWNERS, owner, Optional.of(owner));
  }

  /**
   * The shared value made from {@code key}: one per distinct key (such as a key's kind, type and
   * allowlist, with the attributes they make).
   *
   * @param <K> the key's type, a value with equals and hashCode
   * @param <V> the shared value's type
   * @param key what the value is made from
   * @param make makes the value from the key
   * @return the shared value
   */
  @SuppressWarnings("unchecked")
  public static <K, V> V shape(K key, Function<K, V> make) {
    Object shared = SHAPES.get(key);
    return shared != null ? (V) shared : share((Map<K, V>) (Map<?, ?>) SHAPES, MAX_SHAPES, key, make.apply(key));
  }

  private static <K, V> V share(Map<K, V> table, int max, K key, V value) {
    if (table.size() >= max) {
      return value;
    }
    V raced = table.putIfAbsent(key, value);
    return raced != null ? raced : value;
  }
}
