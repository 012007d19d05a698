package dev.latchkey.internal;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An immutable set of role names that keeps the order it was given; no role has a control character
 * ({@link PrincipalRules}). Equal role sets are shared
 * ({@link #of(Collection)} interns up to {@value #MAX_INTERNED} distinct sets), so a million keys
 * with the same roles hold one instance. Thread-safe.
 */
public final class RoleSet extends AbstractSet<String> {
  private static final int MAX_INTERNED = 10_000;
  private static final Map<List<String>, RoleSet> INTERNED = new ConcurrentHashMap<>();
  /** The one empty role set, what most tokens' principals hold; interned like any other. */
  private static final RoleSet EMPTY = new RoleSet(new String[0]);

  static {
    INTERNED.put(List.of(), EMPTY);
  }

  private final String[] roles;

  private RoleSet(String[] roles) {
    this.roles = roles;
  }

  /**
   * The canonical role set holding {@code roles} in iteration order, without duplicates.
   *
   * @throws NullPointerException if {@code roles} or any role is null
   * @throws IllegalArgumentException if a role has a control character ({@link PrincipalRules})
   */
  public static RoleSet of(Collection<String> roles) {
    if (roles instanceof RoleSet already) {
      return already;
    }
    if (Objects.requireNonNull(roles, "roles").isEmpty()) {
      return EMPTY;
    }
    // List.copyOf refuses null roles, and returns an immutable list as it is.
    List<String> given = List.copyOf(roles);
    List<String> distinct = hasDuplicates(given) ? List.copyOf(new LinkedHashSet<>(given)) : given;
    RoleSet interned = INTERNED.get(distinct);
    if (interned != null) {
      return interned; // checked when it was made
    }
    distinct.forEach(PrincipalRules::requireRole);
    RoleSet created = new RoleSet(distinct.toArray(new String[0]));
    if (INTERNED.size() >= MAX_INTERNED) {
      return created;
    }
    RoleSet raced = INTERNED.putIfAbsent(distinct, created);
    return raced != null ? raced : created;
  }

  /** Whether a role appears twice; quadratic, for the few roles a key or token has, without a set. */
  private static boolean hasDuplicates(List<String> roles) {
    if (roles.size() > 16) {
      return new java.util.HashSet<>(roles).size() != roles.size();
    }
    for (int i = 1; i < roles.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (roles.get(i).equals(roles.get(j))) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public boolean contains(Object o) {
    for (String role : roles) {
      if (role.equals(o)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Iterator<String> iterator() {
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < roles.length;
      }

      @Override
      public String next() {
        if (next >= roles.length) {
          throw new NoSuchElementException();
        }
        return roles[next++];
      }
    };
  }

  @Override
  public int size() {
    return roles.length;
  }

  @Override
  public Object[] toArray() {
    return Arrays.copyOf(roles, roles.length, Object[].class);
  }
}
