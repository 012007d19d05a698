package dev.latchkey.jwt.internal;

import dev.latchkey.CredentialSource;
import dev.latchkey.Secret;
import dev.latchkey.config.CredentialSourceFactory;
import dev.latchkey.config.Settings;
import dev.latchkey.jwt.CryptoProvider;
import dev.latchkey.jwt.JwtIssuer;
import dev.latchkey.jwt.JwtKeys;
import dev.latchkey.jwt.JwtSource;
import dev.latchkey.jwt.RemoteJwks;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code type: jwt}: a {@link JwtSource} with one or more issuers, each with exactly one kind of keys:
 * {@code jwks} (a JWK set as JSON text), {@code jwks_file} (hot reloaded), {@code jwks_url},
 * {@code discovery: true} (OpenID Connect discovery from the issuer), {@code pem} or {@code pem_file}
 * (with optional {@code kid} and {@code algorithm}), or {@code hmac_secret} (with {@code algorithm},
 * HS256 by default); exactly one of {@code audiences} or {@code any_audience: true}. {@code jwks_url} and {@code discovery} take a {@code remote} section: {@code cache_ttl},
 * {@code refresh_ahead}, {@code min_refresh_interval}, {@code outage_tolerance}, {@code connect_timeout},
 * {@code read_timeout}, {@code fetch_deadline} (the whole fetch), {@code max_response_bytes},
 * {@code redirects} ({@code refuse} or {@code same_origin}) and, for discovery, {@code jwks_uri_hosts}.
 * Optional {@code crypto_provider}: {@code auto} (the default), {@code jdk}, {@code bouncycastle} or the name
 * of an installed JCA provider ({@link CryptoProvider}).
 * Stateless and thread-safe.
 */
public final class JwtSourceFactory implements CredentialSourceFactory {
  private static final List<String> KEY_SETTINGS =
      List.of("jwks", "jwks_file", "jwks_url", "discovery", "pem", "pem_file", "hmac_secret");

  /** For {@link java.util.ServiceLoader}. */
  public JwtSourceFactory() {}

  @Override
  public String type() {
    return "jwt";
  }

  @Override
  public Optional<CredentialSource> create(Settings settings, Context context) {
    int before = settings.problemCount();
    JwtSource.Builder source = JwtSource.builder().id(context.id()).clock(context.clock());
    settings.choice("unknown_issuer", "abstain", "reject").ifPresent(u ->
        source.unknownIssuer(u.equals("reject") ? JwtSource.UnknownIssuer.REJECT : JwtSource.UnknownIssuer.ABSTAIN));
    settings.number("max_token_bytes", 64, 1 << 20).ifPresent(n -> source.maxTokenBytes(n.intValue()));
    settings.text("crypto_provider").ifPresent(p -> {
      try {
        source.cryptoProvider(CryptoProvider.parse(p));
      } catch (IllegalArgumentException e) {
        settings.problem("crypto_provider", e.getMessage());
      }
    });
    settings.section("verified_token_cache").ifPresent(cache -> {
      Optional<Long> entries = cache.number("entries", 0, 10_000_000);
      Optional<Duration> ttl = cache.duration("ttl");
      if (ttl.filter(t -> t.compareTo(Duration.ofHours(1)) > 0).isPresent()) {
        cache.problem("ttl", "must be at most an hour");
      } else if (entries.isPresent() && ttl.isPresent()) {
        source.verifiedTokenCache(entries.get().intValue(), ttl.get());
      } else {
        cache.problem("needs entries and ttl");
      }
    });
    List<Settings> issuers = settings.sections("issuers");
    if (issuers.isEmpty() && !settings.has("issuers")) {
      settings.problem("issuers", "is required: list at least one issuer");
    }
    for (Settings issuer : issuers) {
      issuer(issuer, context).ifPresent(source::issuer);
    }
    if (settings.problemCount() > before || issuers.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(source.build());
    } catch (IllegalStateException e) {
      settings.problem("issuers", "configure each issuer once");
      return Optional.empty();
    }
  }

  private static Optional<JwtIssuer> issuer(Settings s, Context context) {
    int before = s.problemCount();
    Optional<String> name = s.text("issuer");
    boolean withoutIssuer = s.flag("without_issuer", false);
    if (name.isPresent() == withoutIssuer) {
      s.problem("issuer", "give either issuer or without_issuer: true");
    } else if (name.isPresent() && name.get().isBlank()) {
      s.problem("issuer", "must not be blank (write without_issuer: true for tokens without iss)");
    }
    Optional<JwtKeys> keys = keys(s, name, context);
    JwtIssuer.Builder b = name.filter(n -> !n.isBlank()).map(JwtIssuer::issuer).orElseGet(JwtIssuer::withoutIssuer);
    audience(s, b);
    List<String> algorithms = s.texts("algorithms");
    for (int i = 0; i < algorithms.size(); i++) {
      try {
        b.algorithms(algorithms.get(i));
      } catch (IllegalArgumentException e) {
        s.problem("algorithms", i, "is not a supported JWS algorithm (RS, PS, ES, EdDSA or HS)");
      }
    }
    if (!algorithms.isEmpty() && s.problemCount() == before) {
      b.algorithms(algorithms.toArray(new String[0]));
    }
    s.flag("require_expiry").ifPresent(b::requireExpiry);
    s.duration("leeway").ifPresent(l -> {
      if (l.compareTo(Duration.ofMinutes(10)) > 0) {
        s.problem("leeway", "must be at most ten minutes");
      } else {
        b.leeway(l);
      }
    });
    s.duration("max_lifetime").ifPresent(b::maxLifetime);
    s.text("token_type").ifPresent(b::type);
    s.text("subject_claim").ifPresent(b::subjectClaim);
    List<String> roleClaims = s.texts("role_claims");
    if (!roleClaims.isEmpty()) {
      b.roleClaims(roleClaims.toArray(new String[0]));
    }
    if (s.problemCount() > before || keys.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(b.keys(keys.get()).build());
  }

  /**
   * The issuer's audience: {@code audiences} (a token's {@code aud} must contain one), or
   * {@code any_audience: true}; a problem at the issuer, naming {@code audiences}, when it says neither.
   */
  private static void audience(Settings s, JwtIssuer.Builder b) {
    int before = s.problemCount();
    List<String> audiences = s.texts("audiences");
    Optional<Boolean> anyAudience = s.flag("any_audience");
    if (s.problemCount() > before) {
      return;
    }
    if (anyAudience.isPresent() && !anyAudience.get()) {
      s.problem("any_audience", "must be true when given (leave it out and list audiences instead)");
    } else if (anyAudience.isPresent() && s.has("audiences")) {
      s.problem("any_audience", "give either audiences or any_audience: true, not both");
    } else if (anyAudience.isPresent()) {
      b.anyAudience();
    } else if (audiences.isEmpty()) {
      s.problem("audiences", "is required: list the audiences this service answers to (a token's aud must contain one), "
          + "or write any_audience: true to accept tokens for any audience (RFC 8725 §3.9)");
    } else if (audiences.stream().anyMatch(String::isBlank) || audiences.stream().distinct().count() < audiences.size()) {
      s.problem("audiences", "must not hold a blank audience or one twice");
    } else {
      b.audiences(audiences.toArray(new String[0]));
    }
  }

  private static Optional<JwtKeys> keys(Settings s, Optional<String> issuer, Context context) {
    List<String> given = KEY_SETTINGS.stream().filter(s::has).toList();
    Optional<String> kid = s.text("kid");
    Optional<String> algorithm = s.text("algorithm");
    Optional<Settings> remote = s.section("remote");
    if (given.size() != 1) {
      KEY_SETTINGS.forEach(s::node);
      String message = "give exactly one of " + String.join(", ", KEY_SETTINGS);
      if (given.isEmpty()) {
        s.problem(message);
      } else {
        s.problem(given.get(1), message);
      }
      return Optional.empty();
    }
    String kind = given.get(0);
    if (remote.isPresent() && !kind.equals("jwks_url") && !kind.equals("discovery")) {
      s.problem("remote", "applies to jwks_url and discovery only");
    }
    if ((kid.isPresent() || algorithm.isPresent()) && !kind.startsWith("pem") && !kind.equals("hmac_secret")) {
      s.problem(kid.isPresent() ? "kid" : "algorithm", "applies to pem, pem_file and hmac_secret only");
    }
    switch (kind) {
      case "jwks":
        return s.requiredText("jwks").flatMap(json -> keysOf(s, "jwks", JwtKeys::jwkSet, json));
      case "jwks_file":
        return s.existingFile("jwks_file").flatMap(file -> keysOf(s, "jwks_file", f -> JwtKeys.jwkSetFile(f, context.clock()), file));
      case "pem":
        return s.requiredText("pem").flatMap(pem -> keysOf(s, "pem", p -> JwtKeys.pem(p, kid, algorithm), pem));
      case "pem_file":
        return s.existingFile("pem_file").flatMap(file -> readText(s, "pem_file", file))
            .flatMap(pem -> keysOf(s, "pem_file", p -> JwtKeys.pem(p, kid, algorithm), pem));
      case "hmac_secret":
        return s.requiredText("hmac_secret").flatMap(secret ->
            keysOf(s, "hmac_secret", x -> JwtKeys.hmacSecret(Secret.of(x), algorithm.orElse("HS256")), secret));
      case "jwks_url":
        return s.requiredText("jwks_url").flatMap(url -> remote(s, "jwks_url", url, JwtKeys::remote, remote));
      default:
        if (!s.flag("discovery", false)) {
          s.problem("discovery", "must be true when given (it finds the keys from the issuer)");
          return Optional.empty();
        }
        if (issuer.isEmpty()) {
          s.problem("discovery", "needs an issuer to discover");
          return Optional.empty();
        }
        return remote(s, "issuer", issuer.get(), JwtKeys::discover, remote);
    }
  }

  /** Keys from {@code make}; its messages describe key material and never quote secrets. */
  private static <T> Optional<JwtKeys> keysOf(Settings s, String name, Function<T, JwtKeys> make, T input) {
    try {
      return Optional.of(make.apply(input));
    } catch (IllegalArgumentException e) {
      s.problem(name, "cannot be used: " + e.getMessage() + s.variablesOf(name));
      return Optional.empty();
    }
  }

  private static Optional<String> readText(Settings s, String name, Path file) {
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      s.problem(name, "cannot be read (" + e.getClass().getSimpleName() + ")");
      return Optional.empty();
    }
  }

  private static Optional<JwtKeys> remote(
      Settings s, String name, String url, Function<URI, RemoteJwks.Builder> start, Optional<Settings> remote) {
    RemoteJwks.Builder builder;
    try {
      builder = start.apply(new URI(url));
    } catch (URISyntaxException | IllegalArgumentException e) {
      // The message would quote the URL, which may carry credentials.
      s.problem(name, "must be an https URL that can be reached (plain http only on loopback)");
      return Optional.empty();
    }
    if (remote.isPresent()) {
      Settings r = remote.get();
      int before = r.problemCount();
      r.duration("cache_ttl").ifPresent(builder::cacheTtl);
      r.duration("refresh_ahead").ifPresent(builder::refreshAhead);
      r.duration("min_refresh_interval").ifPresent(builder::minRefreshInterval);
      r.duration("outage_tolerance").ifPresent(builder::outageTolerance);
      Optional<Duration> connect = r.duration("connect_timeout");
      Optional<Duration> read = r.duration("read_timeout");
      if (connect.isPresent() || read.isPresent()) {
        builder.timeouts(connect.orElse(Duration.ofSeconds(2)), read.orElse(Duration.ofSeconds(2)));
      }
      r.duration("fetch_deadline").ifPresent(d -> {
        if (d.compareTo(Duration.ofMinutes(1)) > 0) {
          r.problem("fetch_deadline", "must be at most a minute");
        } else {
          builder.fetchDeadline(d);
        }
      });
      r.number("max_response_bytes", 1024, 16 << 20).ifPresent(n -> builder.maxResponseBytes(n.intValue()));
      r.choice("redirects", "refuse", "same_origin").ifPresent(p ->
          builder.redirects(p.equals("same_origin") ? RemoteJwks.Redirects.SAME_ORIGIN : RemoteJwks.Redirects.REFUSE));
      List<String> hosts = r.texts("jwks_uri_hosts");
      if (!hosts.isEmpty()) {
        if (name.equals("jwks_url")) {
          r.problem("jwks_uri_hosts", "applies to discovery only");
        } else {
          builder.jwksUriHosts(hosts.toArray(new String[0]));
        }
      }
      if (r.problemCount() > before) {
        return Optional.empty();
      }
    }
    try {
      return Optional.of(builder.build());
    } catch (IllegalArgumentException e) {
      // Messages name URLs without credentials and never quote a response.
      if (e.getMessage().contains(" must be shorter than ")) {
        s.problem("remote", "is inconsistent: refresh_ahead and min_refresh_interval must be shorter than cache_ttl");
      } else {
        s.problem("discovery", "cannot be used: " + e.getMessage());
      }
      return Optional.empty();
    }
  }
}
