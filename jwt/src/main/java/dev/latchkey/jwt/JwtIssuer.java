package dev.latchkey.jwt;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The rules for one issuer's tokens: its keys, the audiences this service answers to, the algorithms
 * allowed, and how claims become a principal. Tokens are routed to an issuer by their (not yet
 * verified) {@code iss}; {@link #withoutIssuer()} takes tokens that carry none, such as Authgear's
 * caller-signed tokens.
 *
 * <p>Every issuer states its audience (RFC 8725 §3.9): either the {@link Builder#audiences audiences}
 * this service answers to, one of which a token's {@code aud} must contain, or
 * {@link Builder#anyAudience()}, which accepts a token minted for any audience (or none) and so lets a
 * token the issuer made for another service in here. {@link Builder#build()} refuses an issuer that
 * says neither.
 *
 * <p>Immutable and thread-safe.
 */
public final class JwtIssuer {
  /** Clock skew allowed on {@code exp}, {@code nbf} and {@code iat}, by default. */
  public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(60);
  /** Claims read for roles, by default: lists or space-delimited strings. */
  public static final List<String> DEFAULT_ROLE_CLAIMS = List.of("roles", "groups", "scope", "realm_access.roles");

  final Optional<String> issuer;
  final JwtKeys keys;
  final Set<String> audiences;
  final boolean anyAudience;
  final Set<String> algorithms;
  final boolean requireExpiry;
  final Duration leeway;
  final Optional<Duration> maxLifetime;
  final Optional<String> type;
  final String subjectClaim;
  final List<String> roleClaims;
  /** The role claims split at their dots, once. */
  final List<List<String>> rolePaths;

  private JwtIssuer(Builder b) {
    this.issuer = b.issuer;
    this.keys = Objects.requireNonNull(b.keys, "keys");
    this.audiences = Set.copyOf(b.audiences);
    this.anyAudience = b.anyAudience;
    this.algorithms = Set.copyOf(b.algorithms);
    this.requireExpiry = b.requireExpiry;
    this.leeway = b.leeway;
    this.maxLifetime = b.maxLifetime;
    this.type = b.type;
    this.subjectClaim = b.subjectClaim;
    this.roleClaims = List.copyOf(b.roleClaims);
    this.rolePaths = roleClaims.stream().map(path -> List.of(path.split("\\."))).toList();
  }

  /**
   * Rules for tokens whose {@code iss} is exactly {@code issuer}.
   *
   * @param issuer the exact {@code iss} value, compared as a string; not blank
   * @return a new builder for that issuer
   */
  public static Builder issuer(String issuer) {
    Objects.requireNonNull(issuer, "issuer");
    if (issuer.isBlank()) {
      throw new IllegalArgumentException("an issuer must not be blank; use withoutIssuer() for tokens without iss");
    }
    return new Builder(Optional.of(issuer));
  }

  /**
   * Rules for tokens without an {@code iss} claim.
   *
   * @return a new builder for tokens without {@code iss}
   */
  public static Builder withoutIssuer() {
    return new Builder(Optional.empty());
  }

  /**
   * The issuer, or empty for tokens without one.
   *
   * @return the exact {@code iss} value; empty for tokens without one
   */
  public Optional<String> issuer() {
    return issuer;
  }

  @Override
  public String toString() {
    return "JwtIssuer[" + issuer.orElse("(no iss)") + ", " + (anyAudience ? "any audience" : "audiences " + audiences) + ", " + keys + "]";
  }

  /** Configures a {@link JwtIssuer}. Not thread-safe. */
  public static final class Builder {
    private final Optional<String> issuer;
    private JwtKeys keys;
    private Set<String> audiences = Set.of();
    private boolean anyAudience;
    private Set<String> algorithms = Set.of();
    private boolean requireExpiry = true;
    private Duration leeway = DEFAULT_LEEWAY;
    private Optional<Duration> maxLifetime = Optional.empty();
    private Optional<String> type = Optional.empty();
    private String subjectClaim = "sub";
    private List<String> roleClaims = DEFAULT_ROLE_CLAIMS;

    private Builder(Optional<String> issuer) {
      this.issuer = issuer;
    }

    /**
     * The keys this issuer signs with (required).
     *
     * @param keys the issuer's signing keys
     * @return this builder
     */
    public Builder keys(JwtKeys keys) {
      this.keys = Objects.requireNonNull(keys, "keys");
      return this;
    }

    /**
     * The audiences this service answers to: a token's {@code aud} must contain one of them. Required,
     * unless {@link #anyAudience()} is chosen instead.
     *
     * @param audiences the audiences, such as {@code https://api.example.com} or a project id
     * @return this builder
     * @throws IllegalArgumentException if one is blank or given twice
     */
    public Builder audiences(String... audiences) {
      for (String audience : audiences) {
        if (Objects.requireNonNull(audience, "audience").isBlank()) {
          throw new IllegalArgumentException("an audience must not be blank");
        }
      }
      this.audiences = Set.of(audiences);
      return this;
    }

    /**
     * Accept this issuer's tokens whatever their {@code aud}, or without one. Only for an issuer whose
     * every token is meant for this service (its own signing key, tokens minted for it alone): any
     * token the issuer makes for another service is accepted here too (RFC 8725 §3.9). Instead of
     * {@link #audiences(String...)}.
     *
     * @return this builder
     */
    public Builder anyAudience() {
      this.anyAudience = true;
      return this;
    }

    /**
     * Further restricts the algorithms accepted (each key is bound to one anyway); all by default.
     *
     * @param algorithms JWS algorithm names, such as {@code RS256} or {@code EdDSA}
     * @return this builder
     */
    public Builder algorithms(String... algorithms) {
      for (String alg : algorithms) {
        dev.latchkey.jwt.internal.JwsAlgorithm.named(alg);
      }
      this.algorithms = Set.of(algorithms);
      return this;
    }

    /**
     * Whether {@code exp} is required; true by default (Authgear accepts tokens without it; we do not).
     *
     * @param requireExpiry {@code false} to accept tokens without {@code exp}
     * @return this builder
     */
    public Builder requireExpiry(boolean requireExpiry) {
      this.requireExpiry = requireExpiry;
      return this;
    }

    /**
     * Clock skew allowed; 60 seconds by default (Authgear allows five minutes). Times are compared to
     * the millisecond: a leeway's fraction of a millisecond is dropped.
     *
     * @param leeway the skew allowed on {@code exp}, {@code nbf} and {@code iat}; from zero to ten minutes
     * @return this builder
     */
    public Builder leeway(Duration leeway) {
      if (leeway.isNegative() || leeway.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException("leeway must be between zero and ten minutes");
      }
      this.leeway = leeway;
      return this;
    }

    /**
     * The longest a token may live ({@code exp} − {@code iat}); {@code iat} is then required.
     *
     * @param maxLifetime the longest {@code exp} − {@code iat} accepted
     * @return this builder
     */
    public Builder maxLifetime(Duration maxLifetime) {
      this.maxLifetime = Optional.of(maxLifetime);
      return this;
    }

    /**
     * The {@code typ} header required, such as {@code at+jwt} (RFC 9068); not checked by default.
     *
     * @param type the {@code typ} header value
     * @return this builder
     */
    public Builder type(String type) {
      this.type = Optional.of(type);
      return this;
    }

    /**
     * The claim naming the principal; {@code sub} by default.
     *
     * @param claim the claim's name
     * @return this builder
     */
    public Builder subjectClaim(String claim) {
      this.subjectClaim = Objects.requireNonNull(claim, "claim");
      return this;
    }

    /**
     * The claims (dotted paths into nested objects) read for roles; see {@link
     * JwtIssuer#DEFAULT_ROLE_CLAIMS}.
     *
     * @param claims the claims to read, in order, such as {@code roles} or {@code realm_access.roles}
     * @return this builder
     */
    public Builder roleClaims(String... claims) {
      this.roleClaims = List.of(claims);
      return this;
    }

    /**
     * The issuer rules.
     *
     * @return the rules
     * @throws IllegalStateException without keys; without audiences and without {@link #anyAudience()};
     *     or with both
     */
    public JwtIssuer build() {
      if (keys == null) {
        throw new IllegalStateException("an issuer needs keys: JwtKeys.jwkSet(...), pem(...) or hmacSecret(...)");
      }
      if (audiences.isEmpty() && !anyAudience) {
        throw new IllegalStateException("an issuer needs the audiences this service answers to, audiences(...), "
            + "or anyAudience() to accept its tokens for any audience (RFC 8725 §3.9)");
      }
      if (!audiences.isEmpty() && anyAudience) {
        throw new IllegalStateException("an issuer takes audiences(...) or anyAudience(), not both");
      }
      return new JwtIssuer(this);
    }
  }
}
