package dev.latchkey.jwt;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.Resource;
import dev.latchkey.jwt.internal.KeyMaterial;
import dev.latchkey.jwt.internal.VerificationKey;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys from a remote JWK set, built by {@link JwtKeys#remote(URI)}. Each fetched JWK is converted to
 * its JCA key and verifier once (converted keys are remembered by their JSON). Thread-safe.
 */
public final class RemoteJwks {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteJwks.class);
  private static final int MAX_CONVERTED = 256;

  private final URI url;
  private final JWKSource<SecurityContext> source;
  private final Map<String, VerificationKey> converted = new ConcurrentHashMap<>();

  private RemoteJwks(URI url, JWKSource<SecurityContext> source) {
    this.url = url;
    this.source = source;
  }

  static Builder builder(URI url) {
    return new Builder(url);
  }

  /** The signing keys matching {@code kid} (all of them when empty). */
  List<VerificationKey> select(Optional<String> kid) throws JwtKeys.KeysUnavailableException {
    JWKMatcher.Builder matcher = new JWKMatcher.Builder().keyUses(KeyUse.SIGNATURE, null);
    kid.ifPresent(matcher::keyID);
    List<JWK> jwks;
    try {
      jwks = source.get(new JWKSelector(matcher.build()), null);
    } catch (RateLimitReachedException e) {
      // An unknown kid asked for a refresh too soon after the last one: it is simply not a known key.
      if (kid.isEmpty()) {
        throw new JwtKeys.KeysUnavailableException(url + " is being refreshed too often; try again shortly");
      }
      return select(Optional.empty());
    } catch (KeySourceException | RuntimeException e) {
      throw new JwtKeys.KeysUnavailableException(url + " could not be fetched (" + e.getClass().getSimpleName() + ")");
    }
    List<VerificationKey> keys = new ArrayList<>(jwks.size());
    for (JWK jwk : jwks) {
      convert(jwk).ifPresent(keys::add);
    }
    return keys;
  }

  private Optional<VerificationKey> convert(JWK jwk) {
    String json = jwk.toPublicJWK().toJSONString();
    VerificationKey known = converted.get(json);
    if (known != null) {
      return Optional.of(known);
    }
    try {
      List<VerificationKey> keys = KeyMaterial.fromJwkSet("{\"keys\":[" + json + "]}");
      if (keys.isEmpty()) {
        return Optional.empty();
      }
      if (converted.size() >= MAX_CONVERTED) {
        converted.clear();
      }
      converted.put(json, keys.get(0));
      return Optional.of(keys.get(0));
    } catch (IllegalArgumentException e) {
      LOG.warn("ignoring a key from {}: {}", url, e.getMessage());
      return Optional.empty();
    }
  }

  /** The {@code jwks_uri} of the OpenID Connect issuer {@code issuer}, checked against the document. */
  static URI discoverJwksUri(URI issuer) {
    URI document = URI.create(issuer.toString().replaceAll("/+$", "") + "/.well-known/openid-configuration");
    requireSafe(document);
    Map<String, Object> configuration;
    try {
      Resource resource = new DefaultResourceRetriever(2000, 2000, 256 * 1024).retrieveResource(document.toURL());
      configuration = JSONObjectUtils.parse(resource.getContent());
    } catch (Exception e) {
      throw new IllegalArgumentException(document + " could not be read (" + e.getClass().getSimpleName() + ")");
    }
    if (!issuer.toString().equals(configuration.get("issuer"))) {
      throw new IllegalArgumentException(document + " names another issuer; refusing it (OpenID Connect Discovery §4.3)");
    }
    if (!(configuration.get("jwks_uri") instanceof String jwksUri)) {
      throw new IllegalArgumentException(document + " has no jwks_uri");
    }
    return URI.create(jwksUri);
  }

  /** Refuses plain http except to literal loopback addresses; never resolves names. */
  static void requireSafe(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (scheme.equals("https")) {
      return;
    }
    if (scheme.equals("http") && url.getHost() != null && isLoopbackLiteral(url.getHost())) {
      return;
    }
    throw new IllegalArgumentException(url + ": keys are fetched over https only (plain http only on loopback)");
  }

  /** {@code localhost} or a literal loopback address; names are never resolved (DNS could rebind them). */
  private static boolean isLoopbackLiteral(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return h.equalsIgnoreCase("localhost") || h.equals("::1") || h.matches("127(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
  }

  @Override
  public String toString() {
    return "RemoteJwks[" + url + "]";
  }

  /** Configures remote keys; the defaults are set deliberately and documented on each setter. Not thread-safe. */
  public static final class Builder {
    private final URI url;
    private Duration cacheTtl = Duration.ofMinutes(5);
    private Duration refreshAhead = Duration.ofSeconds(30);
    private Duration minRefreshInterval = Duration.ofSeconds(30);
    private Duration outageTolerance = Duration.ofMinutes(30);
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration readTimeout = Duration.ofSeconds(2);
    private int maxResponseBytes = 256 * 1024;

    private Builder(URI url) {
      requireSafe(url);
      this.url = url;
    }

    /** How long a fetched set is used before it is fetched again; 5 minutes by default. */
    public Builder cacheTtl(Duration ttl) {
      this.cacheTtl = positive(ttl, "cacheTtl");
      return this;
    }

    /** How long before expiry a background refresh starts, so requests never wait for it; 30 s by default. */
    public Builder refreshAhead(Duration refreshAhead) {
      this.refreshAhead = positive(refreshAhead, "refreshAhead");
      return this;
    }

    /**
     * The least time between refreshes triggered by tokens naming an unknown {@code kid}; 30 s by default,
     * so a flood of forged kids costs at most one fetch per interval.
     */
    public Builder minRefreshInterval(Duration interval) {
      this.minRefreshInterval = positive(interval, "minRefreshInterval");
      return this;
    }

    /** How long the last fetched set keeps serving while the server is down; 30 minutes by default. */
    public Builder outageTolerance(Duration tolerance) {
      this.outageTolerance = positive(tolerance, "outageTolerance");
      return this;
    }

    /** Connect and read timeouts; 2 s each by default. */
    public Builder timeouts(Duration connect, Duration read) {
      this.connectTimeout = positive(connect, "connect");
      this.readTimeout = positive(read, "read");
      return this;
    }

    /** The largest response accepted; 256 KiB by default. */
    public Builder maxResponseBytes(int bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("maxResponseBytes must be at least 1024");
      }
      this.maxResponseBytes = bytes;
      return this;
    }

    private static Duration positive(Duration d, String what) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive");
      }
      return d;
    }

    /** The keys; the first fetch happens on first use. */
    public JwtKeys build() {
      if (refreshAhead.compareTo(cacheTtl) >= 0) {
        throw new IllegalArgumentException("refreshAhead must be shorter than cacheTtl");
      }
      if (minRefreshInterval.compareTo(cacheTtl) >= 0) {
        throw new IllegalArgumentException("minRefreshInterval must be shorter than cacheTtl");
      }
      URL location;
      try {
        location = url.toURL();
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException(url + " is not a URL");
      }
      DefaultResourceRetriever retriever =
          new DefaultResourceRetriever((int) connectTimeout.toMillis(), (int) readTimeout.toMillis(), maxResponseBytes);
      JWKSource<SecurityContext> source =
          JWKSourceBuilder.<SecurityContext>create(location, retriever)
              .cache(cacheTtl.toMillis(), readTimeout.plus(connectTimeout).toMillis())
              .refreshAheadCache(refreshAhead.toMillis(), true)
              .rateLimited(minRefreshInterval.toMillis())
              .outageTolerant(outageTolerance.toMillis())
              .retrying(false)
              .build();
      return JwtKeys.of(new RemoteJwks(url, source));
    }
  }
}
