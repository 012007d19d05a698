package dev.latchkey.jwt.internal;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last few JWS headers a source read and found good, each kept with its encoded form, so a token
 * whose header is byte for byte one of them is not decoded and read again: an issuer's tokens share one
 * header ({@code alg}, {@code kid}, {@code typ}), so nearly every token finds its own here. What is kept
 * is only what reading those very bytes gave, so a token is judged exactly as if its header were read
 * anew; a token with another header is read as usual and takes the place of the oldest. Holds at most
 * {@value #SLOTS} headers, each no larger than a token may be. Thread-safe: the slots hold immutable
 * entries and are read and written as volatile references.
 *
 * @param <T> what reading a header gave
 */
public final class RecentHeaders<T> {
  private static final int SLOTS = 4;

  private record Entry<T>(byte[] encoded, T header) {}

  private final AtomicReferenceArray<Entry<T>> slots = new AtomicReferenceArray<>(SLOTS);
  /** Where the next header goes; a lost update only overwrites another slot. */
  private int next;

  /**
   * What reading the header {@code token[0, end)} gave before, if it is one of those kept.
   *
   * @param token the token's bytes, starting with its encoded header
   * @param end where the encoded header ends (the first dot)
   * @return the header as read before, or null
   */
  public T find(byte[] token, int end) {
    for (int i = 0; i < SLOTS; i++) {
      Entry<T> entry = slots.get(i);
      if (entry != null && entry.encoded().length == end && Arrays.equals(entry.encoded(), 0, end, token, 0, end)) {
        return entry.header();
      }
    }
    return null;
  }

  /**
   * Keeps what reading the header {@code token[0, end)} gave, in place of the oldest kept.
   *
   * @param token the token's bytes, starting with its encoded header
   * @param end where the encoded header ends (the first dot)
   * @param header what reading it gave; immutable
   */
  public void remember(byte[] token, int end, T header) {
    int slot = next;
    next = (slot + 1) % SLOTS;
    slots.set(slot, new Entry<>(Arrays.copyOf(token, end), header));
  }
}
