package dev.latchkey.jwt;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.latchkey.Credential;
import dev.latchkey.CredentialSource;
import dev.latchkey.Health;
import dev.latchkey.Principal;
import dev.latchkey.Reason;
import dev.latchkey.Verdict;
import dev.latchkey.jwt.internal.JwsAlgorithm;
import dev.latchkey.jwt.internal.VerificationKey;
import dev.latchkey.spi.Background;
import dev.latchkey.spi.BackgroundSource;
import dev.latchkey.spi.HealthReporting;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies JWTs: compact JWS tokens signed by the keys of configured issuers, validated per RFC 8725.
 *
 * <ul>
 *   <li>Abstains on anything that is not a compact JWS (three non-empty base64url parts whose header is
 *       JSON with {@code alg}), so API keys pass on to the next source; JWE and PBES2 are never
 *       decrypted.
 *   <li>Routes by the (unverified) {@code iss} to that issuer's rules; an unknown issuer abstains or
 *       is rejected ({@link UnknownIssuer}).
 *   <li>Each key is bound to one algorithm; {@code none} never verifies; HMAC only with a configured
 *       secret; {@code kid} is required when the issuer has several keys (a single key configured
 *       without a kid, such as a PEM key, matches any kid); {@code jku}, {@code x5u},
 *       {@code jwk} and {@code x5c} headers are never used to find keys; any {@code crit} header is
 *       refused.
 *   <li>Claims: {@code exp} required by default, {@code nbf} and {@code iat} honoured with the issuer's
 *       leeway, optional maximum lifetime, {@code aud} (one of the issuer's audiences, unless it
 *       explicitly takes any), optional {@code typ}. Every failure is a
 *       {@link Verdict#reject reject} with its own {@link Reason}.
 * </ul>
 *
 * <p>The principal is the subject claim (or {@code kid:<kid>} when there is none), with roles from the
 * issuer's role claims, every claim as an attribute, {@code jti} as the credential id and {@code exp} as
 * the expiry. A token whose principal name or a role would hold a control character is rejected
 * ({@link Reason#MALFORMED_TOKEN}), however well signed. Thread-safe; never throws for any token.
 *
 * <p>Keys from a JWK set file or a key server change in the background of the {@link
 * dev.latchkey.Authenticator} the source is part of, which starts the source when it is built and
 * closes it when it is closed ({@link #start}, {@link #close}).
 */
public final class JwtSource implements CredentialSource, BackgroundSource, AutoCloseable, HealthReporting {
  /** The id used unless configured. */
  public static final String DEFAULT_ID = "jwt";
  /** Tokens larger than this are refused, by default. */
  public static final int DEFAULT_MAX_TOKEN_BYTES = 8 * 1024;

  private final String id;
  private final Map<String, JwtIssuer> byIssuer;
  private final Optional<JwtIssuer> withoutIssuer;
  private final UnknownIssuer unknownIssuer;
  private final Clock clock;
  private final int maxTokenBytes;
  private final CryptoProvider cryptoProvider;
  private final Optional<VerifiedTokens> verified;

  private JwtSource(Builder b) {
    this.id = b.id;
    Map<String, JwtIssuer> issuers = new HashMap<>();
    JwtIssuer none = null;
    for (JwtIssuer issuer : b.issuers) {
      if (issuer.issuer.isEmpty()) {
        if (none != null) {
          throw new IllegalStateException("only one issuer may take tokens without iss");
        }
        none = issuer;
      } else if (issuers.put(issuer.issuer.get(), issuer) != null) {
        throw new IllegalStateException("the issuer '" + issuer.issuer.get() + "' is configured twice");
      }
    }
    this.byIssuer = Map.copyOf(issuers);
    this.withoutIssuer = Optional.ofNullable(none);
    this.unknownIssuer = b.unknownIssuer;
    this.clock = b.clock;
    this.maxTokenBytes = b.maxTokenBytes;
    this.cryptoProvider = b.cryptoProvider;
    this.verified = b.cacheEntries > 0 ? Optional.of(new VerifiedTokens(b.cacheEntries, b.cacheTtl)) : Optional.empty();
  }

  /**
   * A builder.
   *
   * @return a new builder, with no issuer yet
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String id() {
    return id;
  }

  /**
   * True: a JWT-shaped credential that no source of the chain recognises (an unknown issuer this
   * source abstains on, a token without a signature) is denied as {@link Reason#INVALID_TOKEN}.
   *
   * @return true
   */
  @Override
  public boolean verifiesJwts() {
    return true;
  }

  /**
   * Schedules the checks of JWK set files and the fetches of remote keys on {@code background}. Called
   * by {@link dev.latchkey.Latchkey.Builder#build()}; a source used on its own does no background work
   * until it is started. Starting it again does nothing.
   *
   * @param background where the work runs
   */
  @Override
  public void start(Background background) {
    issuers().forEach(issuer -> issuer.keys.start(background));
  }

  /**
   * Stops the background work of every issuer's keys and aborts a fetch of remote keys in progress; no
   * fetch happens afterwards (keys already cached keep serving). Idempotent.
   */
  @Override
  public void close() {
    issuers().forEach(issuer -> issuer.keys.close());
  }

  /**
   * One component per issuer, named by its {@code iss} ({@code (no iss)} for tokens without one), in
   * name order; the status is the worst of theirs. Fixed keys are {@code UP} with {@code keys}; a JWK
   * set file as a key file is ({@code DEGRADED} with the failure's file and line while a change cannot
   * be used); remote keys are {@code UP} after a good fetch, {@code DEGRADED} while fetches fail and
   * the last good keys serve, and {@code DOWN} while none are usable (never fetched, or expired past
   * the outage tolerance), with {@code url}, {@code keys}, {@code last_fetch} and, while fetches fail,
   * {@code last_fetch_failure}, {@code failing_since} and {@code failures_in_a_row}. Never fetches and
   * never reads a file; never carries key material. Thread-safe.
   *
   * @return the health
   */
  @Override
  public Health health() {
    Map<String, Health> byName = new java.util.TreeMap<>();
    for (JwtIssuer issuer : issuers()) {
      byName.put(issuer.issuer.orElse("(no iss)"), issuer.keys.health());
    }
    return Health.aggregate(byName);
  }

  private List<JwtIssuer> issuers() {
    List<JwtIssuer> all = new ArrayList<>(byIssuer.values());
    withoutIssuer.ifPresent(all::add);
    return all;
  }

  @Override
  public Verdict verify(Credential credential) {
    String token = credential.secret().expose();
    if (verified.isEmpty()) {
      return verifyFully(token).verdict();
    }
    byte[] digest = VerifiedTokens.digest(token);
    Optional<Verdict> hit = verified.get().recheck(digest, clock.instant());
    if (hit.isPresent()) {
      return hit.get();
    }
    Outcome outcome = verifyFully(token);
    if (outcome.verdict() instanceof Verdict.Accept accepted) {
      verified.get().remember(digest, accepted, outcome.basis(), clock.instant());
    }
    return outcome.verdict();
  }

  /** A full verification's verdict and, when it accepted, what the acceptance rested on. */
  private record Outcome(Verdict verdict, VerifiedTokens.Basis basis) {
    static Outcome of(Verdict verdict) {
      return new Outcome(verdict, null);
    }
  }

  private Outcome verifyFully(String token) {
    Object parsed = parseJws(token, maxTokenBytes);
    if (parsed instanceof Verdict stop) {
      return Outcome.of(stop);
    }
    Jws jws = (Jws) parsed;
    Map<String, Object> claimsJson;
    JWTClaimsSet claims;
    try {
      claimsJson = JSONObjectUtils.parse(new String(base64Url(token, jws.firstDot() + 1, jws.secondDot()), StandardCharsets.UTF_8));
      claims = JWTClaimsSet.parse(claimsJson);
    } catch (Exception | StackOverflowError e) {
      return Outcome.of(Verdict.reject(Reason.MALFORMED_TOKEN, "the claims are not a JSON object of valid claims"));
    }
    JwtIssuer issuer = claims.getIssuer() == null ? withoutIssuer.orElse(null) : byIssuer.get(claims.getIssuer());
    if (issuer == null) {
      return Outcome.of(unknownIssuer == UnknownIssuer.ABSTAIN
          ? Verdict.abstain("issuer not configured")
          : Verdict.reject(Reason.WRONG_ISSUER, "the token's issuer is not configured"));
    }
    Object signature = checkSignature(jws, issuer.keys, issuer.algorithms, cryptoProvider);
    if (signature instanceof Verdict rejected) {
      return Outcome.of(rejected);
    }
    VerificationKey usedKey = (VerificationKey) signature;
    Verdict rules = checkClaims(jws.header(), claims, issuer);
    if (rules != null) {
      return Outcome.of(rules);
    }
    Principal principal;
    try {
      principal = principal(claims, claimsJson, jws.kid(), issuer);
    } catch (IllegalArgumentException e) {
      // Principal refuses names and roles with control characters; its message never quotes them.
      return Outcome.of(Verdict.reject(Reason.MALFORMED_TOKEN, "the claims cannot name a principal: " + e.getMessage()));
    }
    VerifiedTokens.Basis basis =
        new VerifiedTokens.Basis(issuer, jws.kid(), usedKey, instant(claims.getExpirationTime()), instant(claims.getNotBeforeTime()));
    return new Outcome(Verdict.accept(principal), basis);
  }

  /** A compact JWS whose structure and header passed the checks. */
  private record Jws(String token, int firstDot, int secondDot, Map<String, Object> header, String alg, Optional<String> kid) {}

  /**
   * The JWS layer, on its own: whether {@code token} is a compact JWS signed by one of {@code keys}
   * under the rules above (payload not read). Empty when it verifies; the verdict otherwise.
   */
  static Optional<Verdict> verifyJws(String token, JwtKeys keys) {
    Object parsed = parseJws(token, DEFAULT_MAX_TOKEN_BYTES);
    if (parsed instanceof Verdict stop) {
      return Optional.of(stop);
    }
    Object signature = checkSignature((Jws) parsed, keys, java.util.Set.of(), CryptoProvider.auto());
    return signature instanceof Verdict rejected ? Optional.of(rejected) : Optional.empty();
  }

  /** The structure and header checks: a {@link Jws}, or the verdict to stop with. */
  private static Object parseJws(String token, int maxTokenBytes) {
    int firstDot = token.indexOf('.');
    int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
    if (firstDot <= 0 || secondDot <= firstDot + 1 || secondDot == token.length() - 1
        || token.indexOf('.', secondDot + 1) >= 0 || !isBase64UrlWithDots(token)) {
      return Verdict.abstain("not a compact JWS");
    }
    if (token.length() > maxTokenBytes) {
      return Verdict.reject(Reason.MALFORMED_TOKEN, "the token is larger than " + maxTokenBytes + " bytes");
    }
    // Only the canonical encoding is accepted, so a signed token has exactly one spelling.
    if (!isCanonical(token, 0, firstDot) || !isCanonical(token, firstDot + 1, secondDot)
        || !isCanonical(token, secondDot + 1, token.length())) {
      return Verdict.reject(Reason.MALFORMED_TOKEN, "a part is not canonical base64url");
    }
    Map<String, Object> header;
    try {
      header = JSONObjectUtils.parse(new String(base64Url(token, 0, firstDot), StandardCharsets.UTF_8));
    } catch (Exception | StackOverflowError e) {
      return Verdict.abstain("the first part is not a JSON header");
    }
    if (!(header.get("alg") instanceof String alg)) {
      return Verdict.abstain("the header has no alg");
    }
    if (!JwsAlgorithm.isSupported(alg)) {
      return Verdict.reject(Reason.DISALLOWED_ALGORITHM, "the algorithm " + printable(alg) + " is not allowed");
    }
    if (header.containsKey("crit")) {
      return Verdict.reject(Reason.UNSUPPORTED_CRITICAL_HEADER, "the token marks headers critical that are not understood");
    }
    Object kidValue = header.get("kid");
    if (kidValue != null && !(kidValue instanceof String)) {
      return Verdict.reject(Reason.MALFORMED_TOKEN, "kid is not a string");
    }
    return new Jws(token, firstDot, secondDot, header, alg, Optional.ofNullable((String) kidValue));
  }

  /** The key that verified the signature (the one key the token may use), or the verdict refusing it. */
  private static Object checkSignature(Jws jws, JwtKeys keys, java.util.Set<String> algorithms, CryptoProvider provider) {
    String token = jws.token();
    int secondDot = jws.secondDot();
    String alg = jws.alg();
    JwtKeys.KeyChoice choice = keys.choose(jws.kid());
    if (choice instanceof JwtKeys.KeyChoice.Unavailable unavailable) {
      return Verdict.unavailable("the issuer's keys cannot be had: " + unavailable.detail());
    }
    if (choice instanceof JwtKeys.KeyChoice.NoKey none) {
      return Verdict.reject(Reason.UNKNOWN_KEY, none.detail());
    }
    VerificationKey key = ((JwtKeys.KeyChoice.Found) choice).key();
    if (!key.algorithm().equals(alg)) {
      return Verdict.reject(Reason.DISALLOWED_ALGORITHM, "the key is bound to " + key.algorithm() + ", the token says " + alg);
    }
    if (!algorithms.isEmpty() && !algorithms.contains(alg)) {
      return Verdict.reject(Reason.DISALLOWED_ALGORITHM, alg + " is not among the issuer's algorithms");
    }
    byte[] signature;
    try {
      signature = base64Url(token, secondDot + 1, token.length());
    } catch (IllegalArgumentException e) {
      return Verdict.reject(Reason.MALFORMED_TOKEN, "the signature is not base64url");
    }
    byte[] signingInput = token.substring(0, secondDot).getBytes(StandardCharsets.US_ASCII);
    return key.check().using(provider).verify(signingInput, signature) ? key : Verdict.reject(Reason.BAD_SIGNATURE, "the signature does not verify");
  }

  /** Null when the claims meet the issuer's rules; a reject otherwise. */
  private Verdict checkClaims(Map<String, Object> header, JWTClaimsSet claims, JwtIssuer issuer) {
    if (issuer.type.isPresent()) {
      Object typ = header.get("typ");
      if (!(typ instanceof String t) || !sameType(t, issuer.type.get())) {
        return Verdict.reject(Reason.WRONG_TOKEN_TYPE, "the typ header is not " + issuer.type.get());
      }
    }
    Instant now = clock.instant();
    Date exp = claims.getExpirationTime();
    Date nbf = claims.getNotBeforeTime();
    Date iat = claims.getIssueTime();
    if (exp == null && issuer.requireExpiry) {
      return Verdict.reject(Reason.MISSING_CLAIM, "the token has no exp");
    }
    if (exp != null && !now.isBefore(exp.toInstant().plus(issuer.leeway))) {
      return Verdict.reject(Reason.EXPIRED, "the token expired at " + exp.toInstant());
    }
    if (nbf != null && now.plus(issuer.leeway).isBefore(nbf.toInstant())) {
      return Verdict.reject(Reason.NOT_YET_VALID, "the token is not valid before " + nbf.toInstant());
    }
    if (iat != null && now.plus(issuer.leeway).isBefore(iat.toInstant())) {
      return Verdict.reject(Reason.NOT_YET_VALID, "the token was issued in the future, at " + iat.toInstant());
    }
    if (issuer.maxLifetime.isPresent()) {
      if (exp == null || iat == null) {
        return Verdict.reject(Reason.MISSING_CLAIM, "a lifetime limit needs both iat and exp");
      }
      if (exp.toInstant().isAfter(iat.toInstant().plus(issuer.maxLifetime.get()))) {
        return Verdict.reject(Reason.TOO_LONG_LIVED, "the token lives longer than " + issuer.maxLifetime.get());
      }
    }
    if (!issuer.anyAudience) {
      List<String> audience = claims.getAudience();
      if (audience.stream().noneMatch(issuer.audiences::contains)) {
        return Verdict.reject(Reason.WRONG_AUDIENCE, "the token is not for " + issuer.audiences);
      }
    }
    return null;
  }

  private static Optional<Instant> instant(Date date) {
    return Optional.ofNullable(date).map(Date::toInstant);
  }

  /** {@code typ} compares case-insensitively, with or without {@code application/} (RFC 7515 §4.1.9). */
  private static boolean sameType(String actual, String expected) {
    String a = actual.toLowerCase(Locale.ROOT);
    String e = expected.toLowerCase(Locale.ROOT);
    return a.equals(e) || a.equals("application/" + e) || ("application/" + a).equals(e);
  }

  /**
   * The principal: built directly from the parsed claims (the principal makes its own immutable copy).
   *
   * @throws IllegalArgumentException if the name or a role has a control character
   */
  private Principal principal(JWTClaimsSet claims, Map<String, Object> json, Optional<String> kid, JwtIssuer issuer) {
    Object subject = json.get(issuer.subjectClaim);
    String name =
        subject instanceof String s && !s.isBlank()
            ? s
            : kid.map(k -> "kid:" + k).orElse(issuer.issuer.orElse(id));
    List<String> roles = new ArrayList<>();
    for (String path : issuer.roleClaims) {
      roles.addAll(roles(at(json, path)));
    }
    Map<String, Object> attributes = json;
    if (json.containsValue(null)) {
      attributes = new HashMap<>(json);
      attributes.values().removeIf(Objects::isNull);
    }
    return new Principal(
        name,
        new java.util.LinkedHashSet<>(roles),
        id,
        Optional.ofNullable(claims.getJWTID()),
        Optional.empty(),
        Optional.ofNullable(claims.getExpirationTime()).map(Date::toInstant),
        attributes);
  }

  /** The value at a dotted path into nested objects, or null. */
  private static Object at(Map<String, Object> claims, String path) {
    Object current = claims;
    for (String part : path.split("\\.")) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(part);
    }
    return current;
  }

  private static List<String> roles(Object value) {
    List<String> roles = new ArrayList<>();
    if (value instanceof String s) {
      for (String role : s.split(" ")) {
        if (!role.isBlank()) {
          roles.add(role);
        }
      }
    } else if (value instanceof Collection<?> list) {
      for (Object role : list) {
        if (role instanceof String s && !s.isBlank()) {
          roles.add(s);
        }
      }
    }
    return roles;
  }

  private static boolean isBase64UrlWithDots(String token) {
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code token[from, to)} is canonical unpadded base64url: its length is not 1 mod 4, and the
   * bits of its last character that encode nothing are zero.
   */
  private static boolean isCanonical(String token, int from, int to) {
    int remainder = (to - from) % 4;
    if (remainder == 0) {
      return true;
    }
    if (remainder == 1) {
      return false;
    }
    int last = base64UrlValue(token.charAt(to - 1));
    return remainder == 2 ? (last & 0x0f) == 0 : (last & 0x03) == 0;
  }

  private static int base64UrlValue(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    return c == '-' ? 62 : 63;
  }

  private static byte[] base64Url(String token, int from, int to) {
    return Base64.getUrlDecoder().decode(token.substring(from, to));
  }

  /** An attacker-chosen string made safe and short for a log line. */
  private static String printable(String value) {
    StringBuilder out = new StringBuilder("'");
    for (int i = 0; i < value.length() && i < 32; i++) {
      char c = value.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return out.append(value.length() > 32 ? "…'" : "'").toString();
  }

  @Override
  public String toString() {
    return "JwtSource[id=" + id + ", issuers=" + byIssuer.keySet() + (withoutIssuer.isPresent() ? " + (no iss)" : "") + "]";
  }

  /** What to do with a token whose issuer is not configured. */
  public enum UnknownIssuer {
    /** Abstain, so another source may take it (the default). */
    ABSTAIN,
    /** Reject it with {@link Reason#WRONG_ISSUER}. */
    REJECT
  }

  /** Configures a {@link JwtSource}. Not thread-safe. */
  public static final class Builder {
    private String id = DEFAULT_ID;
    private final List<JwtIssuer> issuers = new ArrayList<>();
    private UnknownIssuer unknownIssuer = UnknownIssuer.ABSTAIN;
    private Clock clock = Clock.systemUTC();
    private int maxTokenBytes = DEFAULT_MAX_TOKEN_BYTES;
    private CryptoProvider cryptoProvider = CryptoProvider.auto();
    private int cacheEntries;
    private java.time.Duration cacheTtl = java.time.Duration.ZERO;

    private Builder() {}

    /**
     * The source id; {@value JwtSource#DEFAULT_ID} by default.
     *
     * @param id the source id, unique within a chain; not blank
     * @return this builder
     */
    public Builder id(String id) {
      Objects.requireNonNull(id, "id");
      if (id.isBlank()) {
        throw new IllegalArgumentException("a source id must not be blank");
      }
      this.id = id;
      return this;
    }

    /**
     * Adds an issuer's rules.
     *
     * @param issuer the issuer's rules; at most one per {@code iss} value, and one for tokens without it
     * @return this builder
     */
    public Builder issuer(JwtIssuer issuer) {
      issuers.add(Objects.requireNonNull(issuer, "issuer"));
      return this;
    }

    /**
     * What an unknown issuer gets; {@link UnknownIssuer#ABSTAIN} by default.
     *
     * @param unknownIssuer what to do with a token from an issuer not added here
     * @return this builder
     */
    public Builder unknownIssuer(UnknownIssuer unknownIssuer) {
      this.unknownIssuer = Objects.requireNonNull(unknownIssuer, "unknownIssuer");
      return this;
    }

    /**
     * Remember verified tokens, so a token seen again skips the signature check: at most
     * {@code maxEntries}, each for at most {@code ttl} and never past its {@code exp}. Every hit still
     * enforces {@code exp}, {@code nbf} and that the key that verified it is still in force. Off by
     * default. Tokens are remembered by a SHA-256 digest of the whole token, never the token.
     *
     * @param maxEntries the most tokens remembered; 0 turns the cache off
     * @param ttl the longest a token is remembered; at most an hour
     * @return this builder
     */
    public Builder verifiedTokenCache(int maxEntries, java.time.Duration ttl) {
      if (maxEntries < 0 || ttl.isNegative() || ttl.compareTo(java.time.Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("a verified-token cache needs a size of 0 or more and a lifetime of at most an hour");
      }
      this.cacheEntries = maxEntries;
      this.cacheTtl = ttl;
      return this;
    }

    /**
     * The clock tokens are judged by.
     *
     * @param clock the clock to use; the system UTC clock by default
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The largest token accepted; {@value JwtSource#DEFAULT_MAX_TOKEN_BYTES} bytes by default.
     *
     * @param maxTokenBytes the limit in bytes; at least 64
     * @return this builder
     */
    public Builder maxTokenBytes(int maxTokenBytes) {
      if (maxTokenBytes < 64) {
        throw new IllegalArgumentException("maxTokenBytes must be at least 64");
      }
      this.maxTokenBytes = maxTokenBytes;
      return this;
    }

    /**
     * The JCA provider that verifies RSA, ECDSA and EdDSA signatures; {@link CryptoProvider#auto()} by
     * default, which prefers Amazon Corretto Crypto Provider when the host has installed it.
     *
     * @param cryptoProvider the choice
     * @return this builder
     */
    public Builder cryptoProvider(CryptoProvider cryptoProvider) {
      this.cryptoProvider = Objects.requireNonNull(cryptoProvider, "cryptoProvider");
      return this;
    }

    /**
     * The source.
     *
     * @return the source; never null
     * @throws IllegalStateException without issuers, or with one issuer configured twice
     */
    public JwtSource build() {
      if (issuers.isEmpty()) {
        throw new IllegalStateException("add at least one issuer");
      }
      return new JwtSource(this);
    }
  }
}
