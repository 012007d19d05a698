package dev.latchkey.admin.internal;

import java.util.List;

/** The request bodies of the API, read by {@link StrictJson}. */
public final class Bodies {
  private Bodies() {}

  /** {@code POST api/keys}: what key to make; only {@code name} is required. */
  public record CreateKey(
      String name,
      String description,
      String kind,
      String type,
      List<String> roles,
      String owner,
      String lifespan,
      List<String> allowedIps,
      Boolean viewable) {}

  /** {@code POST api/keys/{id}/regenerate}: how long the replaced secret keeps working; none by default. */
  public record Regenerate(String grace) {
    /** No grace period. */
    public static final Regenerate NONE = new Regenerate(null);
  }

  /** {@code POST api/keys/{id}/revoke}: nothing to say. */
  public record Revoke() {
    /** The empty body. */
    public static final Revoke EMPTY = new Revoke();
  }
}
