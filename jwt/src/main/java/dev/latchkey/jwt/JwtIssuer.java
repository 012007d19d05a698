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
  final Set<String> algorithms;
  final boolean requireExpiry;
  final Duration leeway;
  final Optional<Duration> maxLifetime;
  final Optional<String> type;
  final String subjectClaim;
  final List<String> roleClaims;

  private JwtIssuer(Builder b) {
    this.issuer = b.issuer;
    this.keys = Objects.requireNonNull(b.keys, "keys");
    this.audiences = Set.copyOf(b.audiences);
    this.algorithms = Set.copyOf(b.algorithms);
    this.requireExpiry = b.requireExpiry;
    this.leeway = b.leeway;
    this.maxLifetime = b.maxLifetime;
    this.type = b.type;
    this.subjectClaim = b.subjectClaim;
    this.roleClaims = List.copyOf(b.roleClaims);
  }

  /** Rules for tokens whose {@code iss} is exactly {@code issuer}. */
  public static Builder issuer(String issuer) {
    Objects.requireNonNull(issuer, "issuer");
    if (issuer.isBlank()) {
      throw new IllegalArgumentException("an issuer must not be blank; use withoutIssuer() for tokens without iss");
    }
    return new Builder(Optional.of(issuer));
  }

  /** Rules for tokens without an {@code iss} claim. */
  public static Builder withoutIssuer() {
    return new Builder(Optional.empty());
  }

  /** The issuer, or empty for tokens without one. */
  public Optional<String> issuer() {
    return issuer;
  }

  @Override
  public String toString() {
    return "JwtIssuer[" + issuer.orElse("(no iss)") + ", audiences " + audiences + ", " + keys + "]";
  }

  /** Configures a {@link JwtIssuer}. Not thread-safe. */
  public static final class Builder {
    private final Optional<String> issuer;
    private JwtKeys keys;
    private Set<String> audiences = Set.of();
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

    /** The keys this issuer signs with (required). */
    public Builder keys(JwtKeys keys) {
      this.keys = Objects.requireNonNull(keys, "keys");
      return this;
    }

    /** The audiences this service answers to: a token's {@code aud} must contain one. None by default (not checked). */
    public Builder audiences(String... audiences) {
      this.audiences = Set.of(audiences);
      return this;
    }

    /** Further restricts the algorithms accepted (each key is bound to one anyway); all by default. */
    public Builder algorithms(String... algorithms) {
      for (String alg : algorithms) {
        dev.latchkey.jwt.internal.JwsAlgorithm.named(alg);
      }
      this.algorithms = Set.of(algorithms);
      return this;
    }

    /** Whether {@code exp} is required; true by default (Authgear accepts tokens without it; we do not). */
    public Builder requireExpiry(boolean requireExpiry) {
      this.requireExpiry = requireExpiry;
      return this;
    }

    /** Clock skew allowed; 60 seconds by default (Authgear allows five minutes). */
    public Builder leeway(Duration leeway) {
      if (leeway.isNegative() || leeway.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException("leeway must be between zero and ten minutes");
      }
      this.leeway = leeway;
      return this;
    }

    /** The longest a token may live ({@code exp} − {@code iat}); {@code iat} is then required. */
    public Builder maxLifetime(Duration maxLifetime) {
      this.maxLifetime = Optional.of(maxLifetime);
      return this;
    }

    /** The {@code typ} header required, such as {@code at+jwt} (RFC 9068); not checked by default. */
    public Builder type(String type) {
      this.type = Optional.of(type);
      return this;
    }

    /** The claim naming the principal; {@code sub} by default. */
    public Builder subjectClaim(String claim) {
      this.subjectClaim = Objects.requireNonNull(claim, "claim");
      return this;
    }

    /** The claims (dotted paths into nested objects) read for roles; see {@link JwtIssuer#DEFAULT_ROLE_CLAIMS}. */
    public Builder roleClaims(String... claims) {
      this.roleClaims = List.of(claims);
      return this;
    }

    /** The issuer rules. */
    public JwtIssuer build() {
      if (keys == null) {
        throw new IllegalStateException("an issuer needs keys: JwtKeys.jwkSet(...), pem(...) or hmacSecret(...)");
      }
      return new JwtIssuer(this);
    }
  }
}
