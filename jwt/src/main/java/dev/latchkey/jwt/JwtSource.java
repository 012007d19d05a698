package dev.latchkey.jwt;

import dev.latchkey.Credential;
import dev.latchkey.CredentialSource;
import dev.latchkey.Health;
import dev.latchkey.Principal;
import dev.latchkey.Reason;
import dev.latchkey.Verdict;
import dev.latchkey.jwt.internal.Base64Url;
import dev.latchkey.jwt.internal.JwsAlgorithm;
import dev.latchkey.jwt.internal.RecentHeaders;
import dev.latchkey.jwt.internal.TokenJson;
import dev.latchkey.jwt.internal.VerificationKey;
import dev.latchkey.spi.Background;
import dev.latchkey.spi.BackgroundSource;
import dev.latchkey.spi.RevocationListener;
import dev.latchkey.revocation.Revocation;
import dev.latchkey.spi.HealthReporting;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
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
 *   <li>Header and claims are each read once, by a strict JSON reader that refuses a member named twice
 *       in one object, nesting deeper than 32, text that is not well-formed UTF-8 and numbers beyond a
 *       double; {@code iss}, {@code sub} and {@code jti} must be strings, {@code aud} a string or an
 *       array of strings, {@code exp}, {@code nbf} and {@code iat} numbers (a null claim counts as
 *       absent). Claims that break these rules are {@link Reason#MALFORMED_TOKEN}; a header that does,
 *       an abstention.
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
 * issuer's role claims, every claim as an attribute, {@code jti} as the credential id, {@code exp} as
 * the expiry and {@code iat} as the issue time (what revocations are judged by). A token whose principal name or a role would hold a control character is rejected
 * ({@link Reason#MALFORMED_TOKEN}), however well signed. Thread-safe; never throws for any token.
 *
 * <p>Keys from a JWK set file or a key server change in the background of the {@link
 * dev.latchkey.Authenticator} the source is part of, which starts the source when it is built and
 * closes it when it is closed ({@link #start}, {@link #close}).
 */
public final class JwtSource implements CredentialSource, BackgroundSource, RevocationListener, AutoCloseable, HealthReporting {
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
  private final RecentHeaders<Header> recentHeaders = new RecentHeaders<>();

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
   * Forgets every remembered verified token the revocation refuses, at once, so the cache never
   * outlives a revocation. Called by the authenticator's revocation store (see
   * {@link dev.latchkey.Latchkey.Builder#revocations}); the authenticator refuses a revoked token in any
   * case. Does nothing without a verified-token cache.
   *
   * @param revocation the revocation now in force
   */
  @Override
  public void revoked(Revocation revocation) {
    if (!(revocation instanceof Revocation.Key)) {
      verified.ifPresent(cache -> cache.forget(revocation::matches));
    }
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
    Object parsed = parseJws(token, maxTokenBytes, recentHeaders);
    if (parsed instanceof Verdict stop) {
      return Outcome.of(stop);
    }
    Jws jws = (Jws) parsed;
    Object read = TokenClaims.read(jws.claims());
    if (read instanceof String problem) {
      return Outcome.of(Verdict.reject(Reason.MALFORMED_TOKEN, "the claims are not a JSON object of valid claims: " + problem));
    }
    TokenClaims claims = (TokenClaims) read;
    JwtIssuer issuer = claims.issuer() == null ? withoutIssuer.orElse(null) : byIssuer.get(claims.issuer());
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
    Verdict rules = checkClaims(jws.header().fields(), claims, issuer);
    if (rules != null) {
      return Outcome.of(rules);
    }
    Principal principal;
    try {
      principal = principal(claims, jws.header().kid(), issuer);
    } catch (IllegalArgumentException e) {
      // Principal refuses names and roles with control characters; its message never quotes them.
      return Outcome.of(Verdict.reject(Reason.MALFORMED_TOKEN, "the claims cannot name a principal: " + e.getMessage()));
    }
    if (verified.isEmpty()) {
      return new Outcome(Verdict.accept(principal), null);
    }
    VerifiedTokens.Basis basis = new VerifiedTokens.Basis(
        issuer, jws.header().kid(), usedKey, Optional.ofNullable(claims.expiresAt()), Optional.ofNullable(claims.notBefore()));
    return new Outcome(Verdict.accept(principal), basis);
  }

  /**
   * A compact JWS whose structure and header passed the checks: the token's ASCII bytes (the signing
   * input is {@code bytes[0, secondDot)}), the header read once, and the claims (JSON text, not read
   * yet) and signature decoded.
   */
  private record Jws(byte[] bytes, int secondDot, Header header, byte[] claims, byte[] signature) {}

  /** A header that passed the checks: its members, {@code alg} and {@code kid}. Immutable. */
  private record Header(Map<String, Object> fields, String alg, Optional<String> kid) {}

  /**
   * The JWS layer, on its own: whether {@code token} is a compact JWS signed by one of {@code keys}
   * under the rules above (payload not read). Empty when it verifies; the verdict otherwise.
   */
  static Optional<Verdict> verifyJws(String token, JwtKeys keys) {
    Object parsed = parseJws(token, DEFAULT_MAX_TOKEN_BYTES, new RecentHeaders<>());
    if (parsed instanceof Verdict stop) {
      return Optional.of(stop);
    }
    Object signature = checkSignature((Jws) parsed, keys, java.util.Set.of(), CryptoProvider.auto());
    return signature instanceof Verdict rejected ? Optional.of(rejected) : Optional.empty();
  }

  /**
   * The structure and header checks: a {@link Jws}, or the verdict to stop with. A header found in
   * {@code recent} passed these very checks before, byte for byte, so it is taken as it was read then.
   *
   * <p>A well-formed token is found so without looking at each character here: its dots are found by
   * search, and decoding each part checks its characters and its canonical spelling. Anything else goes
   * through {@link #refusal}, which checks character by character, in the order that decides the verdict.
   */
  private static Object parseJws(String token, int maxTokenBytes, RecentHeaders<Header> recent) {
    // Any character beyond Latin-1 becomes '?', which base64url refuses like any other character outside it.
    byte[] bytes = token.getBytes(StandardCharsets.ISO_8859_1);
    int firstDot = token.indexOf('.');
    int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
    boolean laidOut = firstDot > 0 && secondDot > firstDot + 1 && secondDot < bytes.length - 1
        && token.indexOf('.', secondDot + 1) < 0 && bytes.length <= maxTokenBytes;
    Header known = laidOut ? recent.find(bytes, firstDot) : null;
    byte[] headerJson = laidOut && known == null ? Base64Url.decode(bytes, 0, firstDot) : null;
    byte[] claims = known != null || headerJson != null ? Base64Url.decode(bytes, firstDot + 1, secondDot) : null;
    byte[] signature = claims != null ? Base64Url.decode(bytes, secondDot + 1, bytes.length) : null;
    if (signature == null) {
      return refusal(bytes, maxTokenBytes);
    }
    if (known != null) {
      return new Jws(bytes, secondDot, known, claims, signature);
    }
    Object read = readHeader(headerJson);
    if (read instanceof Header header) {
      recent.remember(bytes, firstDot, header);
      return new Jws(bytes, secondDot, header, claims, signature);
    }
    return read;
  }

  /** Why {@code bytes} is not a compact JWS whose three parts are canonical base64url, checked in order. */
  private static Verdict refusal(byte[] bytes, int maxTokenBytes) {
    int firstDot = -1;
    int secondDot = -1;
    for (int i = 0; i < bytes.length; i++) {
      if (Base64Url.value(bytes[i]) < 0) {
        if (bytes[i] != '.' || secondDot >= 0) {
          return Verdict.abstain("not a compact JWS");
        }
        if (firstDot < 0) {
          firstDot = i;
        } else {
          secondDot = i;
        }
      }
    }
    if (firstDot <= 0 || secondDot <= firstDot + 1 || secondDot == bytes.length - 1) {
      return Verdict.abstain("not a compact JWS");
    }
    if (bytes.length > maxTokenBytes) {
      return Verdict.reject(Reason.MALFORMED_TOKEN, "the token is larger than " + maxTokenBytes + " bytes");
    }
    // Only the canonical encoding is accepted, so a signed token has exactly one spelling.
    if (!Base64Url.isCanonical(bytes, 0, firstDot) || !Base64Url.isCanonical(bytes, firstDot + 1, secondDot)
        || !Base64Url.isCanonical(bytes, secondDot + 1, bytes.length)) {
      return Verdict.reject(Reason.MALFORMED_TOKEN, "a part is not canonical base64url");
    }
    // Not reached: three canonical base64url parts decode. Refusing is the safe answer all the same.
    return Verdict.abstain("not a compact JWS");
  }

  /** The header's JSON text as a {@link Header}, or the verdict to stop with. */
  private static Object readHeader(byte[] json) {
    Map<String, Object> header;
    try {
      header = TokenJson.object(json);
    } catch (TokenJson.Malformed e) {
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
    return new Header(header, alg, Optional.ofNullable((String) kidValue));
  }

  /** The key that verified the signature (the one key the token may use), or the verdict refusing it. */
  private static Object checkSignature(Jws jws, JwtKeys keys, java.util.Set<String> algorithms, CryptoProvider provider) {
    String alg = jws.header().alg();
    JwtKeys.KeyChoice choice = keys.choose(jws.header().kid());
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
    return key.check().using(provider).verify(jws.bytes(), 0, jws.secondDot(), jws.signature())
        ? key
        : Verdict.reject(Reason.BAD_SIGNATURE, "the signature does not verify");
  }

  /** Null when the claims meet the issuer's rules; a reject otherwise. */
  private Verdict checkClaims(Map<String, Object> header, TokenClaims claims, JwtIssuer issuer) {
    if (issuer.type.isPresent()) {
      Object typ = header.get("typ");
      if (!(typ instanceof String t) || !sameType(t, issuer.type.get())) {
        return Verdict.reject(Reason.WRONG_TOKEN_TYPE, "the typ header is not " + issuer.type.get());
      }
    }
    // In milliseconds: the claims are whole seconds, and Clock.millis() is the cheapest reading of a clock.
    long now = clock.millis();
    long leeway = issuer.leeway.toMillis();
    Instant exp = claims.expiresAt();
    Instant nbf = claims.notBefore();
    Instant iat = claims.issuedAt();
    if (exp == null && issuer.requireExpiry) {
      return Verdict.reject(Reason.MISSING_CLAIM, "the token has no exp");
    }
    if (exp != null && now >= exp.getEpochSecond() * 1000 + leeway) {
      return Verdict.reject(Reason.EXPIRED, "the token expired at " + exp);
    }
    if (nbf != null && now + leeway < nbf.getEpochSecond() * 1000) {
      return Verdict.reject(Reason.NOT_YET_VALID, "the token is not valid before " + nbf);
    }
    if (iat != null && now + leeway < iat.getEpochSecond() * 1000) {
      return Verdict.reject(Reason.NOT_YET_VALID, "the token was issued in the future, at " + iat);
    }
    if (issuer.maxLifetime.isPresent()) {
      if (exp == null || iat == null) {
        return Verdict.reject(Reason.MISSING_CLAIM, "a lifetime limit needs both iat and exp");
      }
      if (exp.isAfter(iat.plus(issuer.maxLifetime.get()))) {
        return Verdict.reject(Reason.TOO_LONG_LIVED, "the token lives longer than " + issuer.maxLifetime.get());
      }
    }
    if (!issuer.anyAudience && !anyOf(claims.audience(), issuer.audiences)) {
      return Verdict.reject(Reason.WRONG_AUDIENCE, "the token is not for " + issuer.audiences);
    }
    return null;
  }

  private static boolean anyOf(List<String> audience, java.util.Set<String> accepted) {
    for (String one : audience) {
      if (accepted.contains(one)) {
        return true;
      }
    }
    return false;
  }

  /** {@code typ} compares case-insensitively, with or without {@code application/} (RFC 7515 §4.1.9). */
  private static boolean sameType(String actual, String expected) {
    String a = actual.toLowerCase(Locale.ROOT);
    String e = expected.toLowerCase(Locale.ROOT);
    return a.equals(e) || a.equals("application/" + e) || ("application/" + a).equals(e);
  }

  /**
   * The principal, with the claims as they were read (already immutable, so the principal keeps them
   * as they are rather than copying them).
   *
   * @throws IllegalArgumentException if the name or a role has a control character
   */
  private Principal principal(TokenClaims claims, Optional<String> kid, JwtIssuer issuer) {
    Map<String, Object> all = claims.all();
    Object subject = all.get(issuer.subjectClaim);
    String name =
        subject instanceof String s && !s.isBlank()
            ? s
            : kid.map(k -> "kid:" + k).orElse(issuer.issuer.orElse(id));
    java.util.Set<String> roles = java.util.Set.of();
    for (List<String> path : issuer.rolePaths) {
      Object value = at(all, path);
      if (value != null) {
        if (roles.isEmpty()) {
          roles = new java.util.LinkedHashSet<>();
        }
        addRoles(value, roles);
      }
    }
    return new Principal(
        name,
        roles,
        id,
        Optional.ofNullable(claims.id()),
        Optional.empty(),
        Optional.ofNullable(claims.expiresAt()),
        Optional.ofNullable(claims.issuedAt()),
        all);
  }

  /** The value at a path into nested objects, or null. */
  private static Object at(Map<String, Object> claims, List<String> path) {
    Object current = claims;
    for (String part : path) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(part);
    }
    return current;
  }

  /** Adds the roles in a role claim: a space-separated string or an array of strings (others ignored). */
  private static void addRoles(Object value, java.util.Set<String> roles) {
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
