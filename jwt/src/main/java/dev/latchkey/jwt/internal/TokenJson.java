package dev.latchkey.jwt.internal;

import dev.latchkey.internal.frozen.FrozenMap;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the JSON of a JWS header or JWT claims set (RFC 8259, strictly) into immutable values: objects
 * become maps, arrays lists, strings {@code String}, integers {@code Long} (beyond 64 bits {@code Double}),
 * other numbers {@code Double}, {@code true}/{@code false} {@code Boolean}. The input is what an
 * attacker sent, read before any signature is checked, so the reader is bounded and strict:
 *
 * <ul>
 *   <li>the text is one object, nested at most {@value #MAX_DEPTH} deep, with nothing after it but
 *       whitespace;
 *   <li>a member name given twice in one object is refused (RFC 7515 §5.2 and RFC 7519 §4 let a
 *       reader refuse; two readers choosing different copies is how claims are smuggled);
 *   <li>text must be well-formed UTF-8, with no raw control character in a string and no unpaired
 *       surrogate in a {@code \\u} escape;
 *   <li>a number has at most {@value #MAX_NUMBER_CHARS} characters and a finite value.
 * </ul>
 *
 * <p>Members of the outer object whose value is {@code null} are left out (a claim that is null is a
 * claim that is absent); nested nulls are kept. The outer map and every nested map and list are
 * unmodifiable; an outer one of at most {@value FrozenMap#MAX_SIZE} members is a {@link FrozenMap} (a
 * principal keeps it as it is), and nested ones without a null are the JDK's immutable collections.
 *
 * <p>Every failure is a {@link Malformed}, never another exception, and its message never quotes the
 * input. Stateless entry point; each call reads on its own, so it is thread-safe.
 */
public final class TokenJson {
  /** The deepest nesting read: the outer object is depth 1. */
  public static final int MAX_DEPTH = 32;
  /** The longest number read, in characters. */
  public static final int MAX_NUMBER_CHARS = 100;
  /** Objects with more members than this detect duplicates with a hash set rather than by scanning. */
  private static final int SCAN_LIMIT = 16;
  /** Member names that recur in every token, returned as these very strings rather than new ones. */
  private static final String[] COMMON_NAMES = {
    "alg", "kid", "typ", "cty", "crit", "jku", "jwk", "x5u", "x5c", "iss", "sub", "aud", "exp", "nbf", "iat", "jti",
    "scope", "roles", "groups", "realm_access", "azp", "client_id", "email", "name"
  };
  /** The common names by {@link #bucket}: a name read is compared with the one or two in its bucket only. */
  private static final String[][] COMMON_BY_BUCKET = new String[64][];
  /** Their bytes, in the same places. */
  private static final byte[][][] COMMON_BYTES_BY_BUCKET = new byte[64][][];

  static {
    for (String name : COMMON_NAMES) {
      byte[] b = name.getBytes(StandardCharsets.US_ASCII);
      int bucket = bucket(b, 0, b.length);
      int size = COMMON_BY_BUCKET[bucket] == null ? 0 : COMMON_BY_BUCKET[bucket].length;
      COMMON_BY_BUCKET[bucket] = Arrays.copyOf(size == 0 ? new String[0] : COMMON_BY_BUCKET[bucket], size + 1);
      COMMON_BYTES_BY_BUCKET[bucket] = Arrays.copyOf(size == 0 ? new byte[0][] : COMMON_BYTES_BY_BUCKET[bucket], size + 1);
      COMMON_BY_BUCKET[bucket][size] = name;
      COMMON_BYTES_BY_BUCKET[bucket][size] = b;
    }
  }
  private static final Object NULL = new Object();
  /** The bytes a string holds as they are: printable ASCII but the quote and the backslash. */
  private static final boolean[] PLAIN = new boolean[256];

  static {
    for (int b = 0x20; b < 0x80; b++) {
      PLAIN[b] = b != '"' && b != '\\';
    }
  }

  private final byte[] in;
  private final int end;
  private int pos;
  /** Whether the last member name read is one of {@link #COMMON_NAMES}, the very instance. */
  private boolean commonRead;

  private TokenJson(byte[] in, int from, int to) {
    this.in = in;
    this.pos = from;
    this.end = to;
  }

  /** Why a JSON text was refused; carries no stack trace and never quotes the input. */
  public static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String why) {
      super(why, null, false, false);
    }
  }

  /**
   * The object {@code utf8} holds, as an unmodifiable map without null-valued members.
   *
   * @param utf8 the JSON text as UTF-8 bytes; read, never changed or kept
   * @return the object's members
   * @throws Malformed if the bytes are not one JSON object within the limits above
   */
  public static Map<String, Object> object(byte[] utf8) throws Malformed {
    try {
      return read(utf8);
    } catch (RuntimeException | StackOverflowError e) {
      // Not expected: every path of the reader checks its input. Still, bad input is a refusal, never an escape.
      throw new Malformed("unreadable JSON");
    }
  }

  /** {@link #object} without its last line of defence, so specs see any exception the reader lets out. */
  static Map<String, Object> read(byte[] utf8) throws Malformed {
    return new TokenJson(utf8, 0, utf8.length).readObject();
  }

  /** The one object the whole text holds. */
  private Map<String, Object> readObject() throws Malformed {
    skipWhitespace();
    if (peek() != '{') {
      throw new Malformed("not a JSON object");
    }
    pos++;
    @SuppressWarnings("unchecked")
    Map<String, Object> object = (Map<String, Object>) object(1, true);
    skipWhitespace();
    if (pos != end) {
      throw new Malformed("text after the JSON object");
    }
    return object;
  }

  private int peek() {
    return pos < end ? in[pos] & 0xff : -1;
  }

  private void skipWhitespace() {
    while (pos < end) {
      byte b = in[pos];
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return;
      }
      pos++;
    }
  }

  private void expect(char c) throws Malformed {
    if (peek() != c) {
      throw new Malformed("expected '" + c + "'");
    }
    pos++;
  }

  private Object value(int depth) throws Malformed {
    int b = peek();
    switch (b) {
      case '{' -> {
        pos++;
        return object(depth + 1, false);
      }
      case '[' -> {
        pos++;
        return array(depth + 1);
      }
      case '"' -> {
        pos++;
        return string(false);
      }
      case 't' -> {
        literal("true");
        return Boolean.TRUE;
      }
      case 'f' -> {
        literal("false");
        return Boolean.FALSE;
      }
      case 'n' -> {
        literal("null");
        return NULL;
      }
      default -> {
        if (b == '-' || (b >= '0' && b <= '9')) {
          return number();
        }
        throw new Malformed("not a JSON value");
      }
    }
  }

  private void literal(String word) throws Malformed {
    if (end - pos < word.length()) {
      throw new Malformed("not a JSON value");
    }
    for (int i = 0; i < word.length(); i++) {
      if (in[pos + i] != word.charAt(i)) {
        throw new Malformed("not a JSON value");
      }
    }
    pos += word.length();
  }

  /** After an opening bracket at {@code depth}: whether {@code close} follows at once (and is read). */
  private boolean isEmpty(int depth, char close) throws Malformed {
    if (depth > MAX_DEPTH) {
      throw new Malformed("nested deeper than " + MAX_DEPTH);
    }
    skipWhitespace();
    if (peek() == close) {
      pos++;
      return true;
    }
    return false;
  }

  /** After a member or element: true when {@code close} ends the container, false when a comma goes on. */
  private boolean closes(char close) throws Malformed {
    skipWhitespace();
    int next = peek();
    pos++;
    if (next == close) {
      return true;
    }
    if (next != ',') {
      throw new Malformed("expected ',' or '" + close + "'");
    }
    return false;
  }

  /** The object after its '{'; the outer one leaves null members out. */
  private Object object(int depth, boolean outer) throws Malformed {
    if (isEmpty(depth, '}')) {
      return Map.of();
    }
    String[] names = new String[8];
    Object[] values = new Object[8];
    int n = 0;
    long common = 0; // bit i: names[i] is a common name instance
    boolean nulls = false;
    while (true) {
      skipWhitespace();
      expect('"');
      String name = string(true);
      if (commonRead && n < Long.SIZE) {
        common |= 1L << n;
      }
      skipWhitespace();
      expect(':');
      skipWhitespace();
      Object value = value(depth);
      if (n == names.length) {
        names = Arrays.copyOf(names, n * 2);
        values = Arrays.copyOf(values, n * 2);
      }
      names[n] = name;
      values[n] = value;
      n++;
      nulls |= value == NULL;
      if (closes('}')) {
        break;
      }
    }
    requireDistinct(names, n, common);
    if (!nulls) {
      // The outer object, as most claims sets are small: the principal keeps it as it is (nested
      // values are immutable, as read here).
      return outer && n <= FrozenMap.MAX_SIZE ? FrozenMap.ofTrusted(names, values, n) : immutableMap(names, values, n);
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      if (values[i] != NULL) {
        map.put(names[i], values[i]);
      } else if (!outer) {
        map.put(names[i], null);
      }
    }
    return outer ? Map.copyOf(map) : Collections.unmodifiableMap(map);
  }

  /** The members as a JDK immutable map; {@code Map.of} up to eight members, so no entry objects are made. */
  private static Map<String, Object> immutableMap(String[] k, Object[] v, int n) {
    switch (n) {
      case 1: return Map.of(k[0], v[0]);
      case 2: return Map.of(k[0], v[0], k[1], v[1]);
      case 3: return Map.of(k[0], v[0], k[1], v[1], k[2], v[2]);
      case 4: return Map.of(k[0], v[0], k[1], v[1], k[2], v[2], k[3], v[3]);
      case 5: return Map.of(k[0], v[0], k[1], v[1], k[2], v[2], k[3], v[3], k[4], v[4]);
      case 6: return Map.of(k[0], v[0], k[1], v[1], k[2], v[2], k[3], v[3], k[4], v[4], k[5], v[5]);
      case 7: return Map.of(k[0], v[0], k[1], v[1], k[2], v[2], k[3], v[3], k[4], v[4], k[5], v[5], k[6], v[6]);
      case 8: return Map.of(k[0], v[0], k[1], v[1], k[2], v[2], k[3], v[3], k[4], v[4], k[5], v[5], k[6], v[6], k[7], v[7]);
      default: {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map.Entry<String, Object>[] entries = new Map.Entry[n];
        for (int i = 0; i < n; i++) {
          entries[i] = Map.entry(k[i], v[i]);
        }
        return Map.ofEntries(entries);
      }
    }
  }

  private static void requireDistinct(String[] names, int n, long common) throws Malformed {
    if (n <= SCAN_LIMIT) {
      for (int i = 1; i < n; i++) {
        for (int j = 0; j < i; j++) {
          // Common names are read as the very same strings, so two different ones are never equal.
          boolean bothCommon = (common >>> i & common >>> j & 1) != 0;
          if (names[i] == names[j] || (!bothCommon && names[i].equals(names[j]))) {
            throw new Malformed("a member name appears twice");
          }
        }
      }
      return;
    }
    Set<String> seen = new HashSet<>(n * 2);
    for (int i = 0; i < n; i++) {
      if (!seen.add(names[i])) {
        throw new Malformed("a member name appears twice");
      }
    }
  }

  /** The array after its '['. */
  private Object array(int depth) throws Malformed {
    if (isEmpty(depth, ']')) {
      return List.of();
    }
    Object[] items = new Object[4];
    int n = 0;
    boolean nulls = false;
    while (true) {
      skipWhitespace();
      Object value = value(depth);
      if (n == items.length) {
        items = Arrays.copyOf(items, n * 2);
      }
      items[n++] = value;
      nulls |= value == NULL;
      if (closes(']')) {
        break;
      }
    }
    if (!nulls) {
      return n == items.length ? List.of(items) : List.of(Arrays.copyOf(items, n));
    }
    Object[] copy = Arrays.copyOf(items, n);
    for (int i = 0; i < n; i++) {
      if (copy[i] == NULL) {
        copy[i] = null;
      }
    }
    return Collections.unmodifiableList(Arrays.asList(copy));
  }

  /** The string after its opening quote, through its closing one. */
  private String string(boolean name) throws Malformed {
    commonRead = false;
    int start = pos;
    byte[] text = in;
    int i = start;
    while (i < end && PLAIN[text[i] & 0xff]) {
      i++;
    }
    pos = i;
    if (i == end) {
      throw new Malformed("an unterminated string");
    }
    int b = text[i] & 0xff;
    if (b == '"') {
      int length = i - start;
      pos++;
      if (name) {
        String common = commonName(start, length);
        if (common != null) {
          commonRead = true;
          return common;
        }
      }
      return new String(text, start, length, StandardCharsets.ISO_8859_1); // ASCII only, checked above
    }
    if (b == '\\' || b >= 0x80) {
      return slowString(start);
    }
    throw new Malformed("a control character in a string");
  }

  /** The common name spelled by {@code in[start, start + length)}, or null. */
  private String commonName(int start, int length) {
    if (length == 0) {
      return null;
    }
    int bucket = bucket(in, start, length);
    byte[][] candidates = COMMON_BYTES_BY_BUCKET[bucket];
    if (candidates != null) {
      for (int c = 0; c < candidates.length; c++) {
        if (candidates[c].length == length && sameBytes(candidates[c], start)) {
          return COMMON_BY_BUCKET[bucket][c];
        }
      }
    }
    return null;
  }

  private boolean sameBytes(byte[] candidate, int start) {
    for (int i = 0; i < candidate.length; i++) {
      if (in[start + i] != candidate[i]) {
        return false;
      }
    }
    return true;
  }

  /** A bucket for a non-empty name, from its length and its first and last bytes. */
  private static int bucket(byte[] b, int start, int length) {
    return (length * 31 + b[start] * 7 + b[start + length - 1]) & (COMMON_BY_BUCKET.length - 1);
  }

  /** A string with escapes or non-ASCII text, from {@code start} (just after the opening quote). */
  private String slowString(int start) throws Malformed {
    StringBuilder out = new StringBuilder(pos - start + 16);
    out.append(new String(in, start, pos - start, StandardCharsets.ISO_8859_1));
    while (pos < end) {
      int b = in[pos] & 0xff;
      if (b == '"') {
        pos++;
        return out.toString();
      }
      if (b == '\\') {
        pos++;
        escape(out);
      } else if (b < 0x20) {
        throw new Malformed("a control character in a string");
      } else if (b < 0x80) {
        out.append((char) b);
        pos++;
      } else {
        out.appendCodePoint(utf8CodePoint(b));
      }
    }
    throw new Malformed("an unterminated string");
  }

  private void escape(StringBuilder out) throws Malformed {
    int c = peek();
    pos++;
    switch (c) {
      case '"' -> out.append('"');
      case '\\' -> out.append('\\');
      case '/' -> out.append('/');
      case 'b' -> out.append('\b');
      case 'f' -> out.append('\f');
      case 'n' -> out.append('\n');
      case 'r' -> out.append('\r');
      case 't' -> out.append('\t');
      case 'u' -> {
        char unit = hex4();
        if (Character.isHighSurrogate(unit)) {
          if (peek() != '\\' || pos + 1 >= end || in[pos + 1] != 'u') {
            throw new Malformed("an unpaired surrogate escape");
          }
          pos += 2;
          char low = hex4();
          if (!Character.isLowSurrogate(low)) {
            throw new Malformed("an unpaired surrogate escape");
          }
          out.append(unit).append(low);
        } else if (Character.isLowSurrogate(unit)) {
          throw new Malformed("an unpaired surrogate escape");
        } else {
          out.append(unit);
        }
      }
      default -> throw new Malformed("an unknown escape");
    }
  }

  private char hex4() throws Malformed {
    if (end - pos < 4) {
      throw new Malformed("a short \\u escape");
    }
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int digit = Character.digit(in[pos + i], 16);
      if (digit < 0) {
        throw new Malformed("a bad \\u escape");
      }
      value = value << 4 | digit;
    }
    pos += 4;
    return (char) value;
  }

  /**
   * The code point of the multi-byte UTF-8 sequence whose lead byte {@code lead} is at {@code pos};
   * refuses overlong forms, surrogates and anything past U+10FFFF (RFC 3629).
   */
  private int utf8CodePoint(int lead) throws Malformed {
    int length;
    int min;
    int cp;
    if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2;
      min = 0x80;
      cp = lead & 0x1f;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      min = 0x800;
      cp = lead & 0x0f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      min = 0x10000;
      cp = lead & 0x07;
    } else {
      throw new Malformed("not UTF-8");
    }
    if (end - pos < length) {
      throw new Malformed("not UTF-8");
    }
    for (int i = 1; i < length; i++) {
      int next = in[pos + i] & 0xff;
      if ((next & 0xc0) != 0x80) {
        throw new Malformed("not UTF-8");
      }
      cp = cp << 6 | (next & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      throw new Malformed("not UTF-8");
    }
    pos += length;
    return cp;
  }

  private Object number() throws Malformed {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    int first = peek();
    if (first == '0') {
      pos++;
    } else if (first >= '1' && first <= '9') {
      skipDigits();
    } else {
      throw new Malformed("a bad number");
    }
    boolean integral = true;
    if (peek() == '.') {
      pos++;
      requireDigit();
      skipDigits();
      integral = false;
    }
    int e = peek();
    if (e == 'e' || e == 'E') {
      pos++;
      int sign = peek();
      if (sign == '+' || sign == '-') {
        pos++;
      }
      requireDigit();
      skipDigits();
      integral = false;
    }
    int length = pos - start;
    if (length > MAX_NUMBER_CHARS) {
      throw new Malformed("a number longer than " + MAX_NUMBER_CHARS + " characters");
    }
    if (integral && length <= 18) {
      long value = 0;
      int i = in[start] == '-' ? start + 1 : start;
      for (; i < pos; i++) {
        value = value * 10 + (in[i] - '0');
      }
      return in[start] == '-' ? -value : value;
    }
    String text = new String(in, start, length, StandardCharsets.ISO_8859_1);
    if (integral) {
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException beyond64Bits) {
        // a larger integer is read as a double, below
      }
    }
    double value = Double.parseDouble(text); // the syntax is checked above, so this parses
    if (Double.isInfinite(value)) {
      throw new Malformed("a number out of range");
    }
    return value;
  }

  private void requireDigit() throws Malformed {
    int b = peek();
    if (b < '0' || b > '9') {
      throw new Malformed("a bad number");
    }
  }

  private void skipDigits() {
    while (pos < end && in[pos] >= '0' && in[pos] <= '9') {
      pos++;
    }
  }
}
