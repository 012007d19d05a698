package dev.latchkey.internal;

/**
 * Tells, without reading its characters, that a string holds only Latin-1 text (so no surrogate, no
 * character above U+00FF). The JDK keeps such a string one byte per character and hands out a different
 * character spliterator for it; asking for the spliterator costs the same for any length, where a loop
 * over a 500-character token costs hundreds of nanoseconds on every request. When the JDK's two kinds
 * of string cannot be told apart this way (another JDK, or compact strings turned off), every string
 * counts as possibly wider, and callers read it through as before. Stateless and thread-safe.
 */
public final class Latin1 {
  private static final Class<?> NARROW = "a".chars().spliterator().getClass();
  private static final boolean TELLS = NARROW != "\u0100".chars().spliterator().getClass();

  private Latin1() {}

  /**
   * Whether {@code text} is known to hold only characters up to U+00FF.
   *
   * @param text any string
   * @return true only when every character of {@code text} is at most U+00FF; false when that is not
   *     known (the text may still be Latin-1)
   */
  public static boolean holds(String text) {
    return TELLS && text.chars().spliterator().getClass() == NARROW;
  }
}
