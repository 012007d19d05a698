package dev.latchkey.admin;

import dev.latchkey.AuthRequest;
import dev.latchkey.AuthResult;
import dev.latchkey.Authenticator;
import dev.latchkey.Principal;
import dev.latchkey.ProblemDetails;
import dev.latchkey.admin.internal.ApiFailure;
import dev.latchkey.admin.internal.Bodies;
import dev.latchkey.admin.internal.Caller;
import dev.latchkey.admin.internal.KeyApi;
import dev.latchkey.admin.internal.KeyJson;
import dev.latchkey.admin.internal.ListQuery;
import dev.latchkey.admin.internal.Resources;
import dev.latchkey.admin.internal.StrictJson;
import dev.latchkey.keystore.file.ManagedKeyStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key management API and web console over a {@link ManagedKeyStore}, framework-neutral: it answers
 * an {@link AdminRequest} with an {@link AdminResponse}, and a host's adapter copies them to and from
 * its own HTTP types ({@link dev.latchkey.admin.httpserver.AdminHttpHandler},
 * {@link dev.latchkey.admin.servlet.AdminServlet}).
 *
 * <p>Under the mount path ({@value #DEFAULT_MOUNT_PATH} by default) it serves JSON at
 * {@code api/keys} (list with filters and paging; create), {@code api/keys/{id}} (view metadata;
 * delete), {@code api/keys/{id}/revoke}, {@code api/keys/{id}/regenerate} (with a grace period),
 * {@code api/keys/{id}/secret} (the owner views the secret again, where the store keeps encrypted
 * copies) and {@code api/openapi.json} (the OpenAPI 3.1 document of all of these); and the console at the
 * mount path itself.
 *
 * <p>Who may do what: the caller is authenticated by the host's {@link Authenticator} (or arrives
 * authenticated, {@link AdminRequest#principal()}). A principal holding the admin role
 * ({@value #DEFAULT_ADMIN_ROLE} by default) manages every key; any other principal manages only the keys
 * it owns (acting as its credential's owner, else as its name) and grants only roles it holds; everyone
 * else is refused. Every change is reported as an {@link AdminEvent}.
 *
 * <p>Bad input is answered with a 400 {@code application/problem+json} naming the field; an unknown key
 * with 404; a store that cannot be written with 503. {@link #handle} never throws, never puts a stack
 * trace in a response, and shows a secret only in the answer that creates, regenerates or views it,
 * with {@code Cache-Control: no-store}. Every response carries a strict Content-Security-Policy. The
 * handler does no I/O of its own beyond the store's writes; thread-safe.
 */
public final class AdminHandler {
  /** Where the API and console are mounted unless told otherwise: {@value}. */
  public static final String DEFAULT_MOUNT_PATH = "/latchkey/admin";
  /** The role that manages every key unless told otherwise: {@value}. */
  public static final String DEFAULT_ADMIN_ROLE = "latchkey-admin";
  /** The largest request body accepted unless told otherwise, in bytes: {@value}. */
  public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024;
  /** The Content-Security-Policy of every response: scripts, styles and requests from the console's own origin only. */
  public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
      + "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);
  private static final Logger AUDIT = LoggerFactory.getLogger("dev.latchkey.audit.admin");
  private static final Pattern KEY_PATH = Pattern.compile("/api/keys/([A-Za-z0-9._~:-]{1,200})(/revoke|/regenerate|/secret)?");

  private final String mountPath;
  private final String adminRole;
  private final Optional<Authenticator> authenticator;
  private final KeyApi keys;
  private final StrictJson json;
  private final Resources resources;

  private AdminHandler(Builder builder) {
    this.mountPath = builder.mountPath;
    this.adminRole = builder.adminRole;
    this.authenticator = Optional.ofNullable(builder.authenticator);
    this.keys = new KeyApi(builder.store, builder.clock, builder.listener);
    this.json = new StrictJson(builder.maxBodyBytes);
    this.resources = Resources.load();
  }

  /**
   * Starts a handler over {@code store}.
   *
   * @param store the key store to manage; the handler does not close it
   * @return a new builder
   */
  public static Builder builder(ManagedKeyStore store) {
    return new Builder(store);
  }

  /**
   * Where the handler is mounted.
   *
   * @return the mount path, such as {@code /latchkey/admin}; never ending in {@code /}
   */
  public String mountPath() {
    return mountPath;
  }

  /**
   * The largest request body accepted; an adapter reads at most one byte more.
   *
   * @return the cap, in bytes
   */
  public int maxBodyBytes() {
    return json.maxBytes();
  }

  /**
   * Answers one request. Never throws: every failure is an answer (a problem, or a 500 whose detail says
   * nothing of the fault, which is logged without the request body).
   *
   * @param request the request, its path including the mount path
   * @return the response to send
   */
  public AdminResponse handle(AdminRequest request) {
    Objects.requireNonNull(request, "request");
    try {
      return route(request);
    } catch (ApiFailure failure) {
      return problem(failure);
    } catch (RuntimeException e) {
      LOG.error("the key management API failed to answer {} {}: {}", request.method(), request.path(), e.getClass().getName());
      return problem(ApiFailure.internal());
    }
  }

  private AdminResponse route(AdminRequest request) {
    String path = request.path();
    if (!path.startsWith(mountPath) || (path.length() > mountPath.length() && path.charAt(mountPath.length()) != '/')) {
      throw ApiFailure.notFound("nothing is served at this path");
    }
    String relative = path.substring(mountPath.length());
    String method = request.method().toUpperCase(Locale.ROOT);
    if (relative.isEmpty()) {
      return response(308, Map.of("Location", mountPath + "/"), new byte[0], false);
    }
    if (!relative.startsWith("/api/") || relative.equals("/api/openapi.json")) {
      Resources.File file = resources.at(relative).orElseThrow(() -> ApiFailure.notFound("nothing is served at this path"));
      requireMethod(method, "GET", "HEAD");
      return response(200, Map.of("Content-Type", file.contentType()), method.equals("HEAD") ? new byte[0] : file.content(), false);
    }
    if (relative.equals("/api/keys")) {
      return switch (method) {
        case "GET" -> answer(keys.list(caller(request), ListQuery.parse(request.rawQuery())), null);
        case "POST" -> {
          Caller caller = caller(request);
          KeyApi.Answer created = keys.create(caller, json.read(jsonBody(request), Bodies.CreateKey.class, null));
          String id = created.json().orElseThrow().get("key").get("id").asText();
          yield answer(created, mountPath + "/api/keys/" + id);
        }
        default -> throw ApiFailure.methodNotAllowed("GET, POST");
      };
    }
    Matcher m = KEY_PATH.matcher(relative);
    if (!m.matches()) {
      throw ApiFailure.notFound("nothing is served at this path");
    }
    String keyId = m.group(1);
    String action = m.group(2) == null ? "" : m.group(2);
    switch (action) {
      case "" -> {
        if (method.equals("GET")) {
          return answer(keys.get(caller(request), keyId), null);
        }
        requireMethod(method, "GET", "DELETE");
        return answer(keys.delete(caller(request), keyId), null);
      }
      case "/revoke" -> {
        requireMethod(method, "POST");
        Caller caller = caller(request);
        json.read(jsonBody(request), Bodies.Revoke.class, Bodies.Revoke.EMPTY);
        return answer(keys.revoke(caller, keyId), null);
      }
      case "/regenerate" -> {
        requireMethod(method, "POST");
        Caller caller = caller(request);
        return answer(keys.regenerate(caller, keyId, json.read(jsonBody(request), Bodies.Regenerate.class, Bodies.Regenerate.NONE)), null);
      }
      default -> {
        requireMethod(method, "GET");
        return answer(keys.viewSecret(caller(request), keyId), null);
      }
    }
  }

  /** Who is asking: the principal the host authenticated, else the authenticator's verdict. */
  private Caller caller(AdminRequest request) {
    Principal principal = request.principal().orElseGet(() -> authenticate(request));
    return Caller.of(principal, adminRole);
  }

  private Principal authenticate(AdminRequest request) {
    Authenticator auth = authenticator.orElseThrow(() -> ApiFailure.forbidden("the host did not authenticate this request"));
    AuthRequest.Builder view = AuthRequest.builder().method(request.method()).path(request.path()).rawQuery(request.rawQuery());
    request.headers().forEach((name, values) -> values.forEach(value -> view.header(name, value)));
    request.remoteAddress().ifPresent(view::remoteAddress);
    AuthResult result = auth.authenticate(view.build());
    if (result instanceof AuthResult.Authenticated ok) {
      return ok.principal();
    }
    AuthResult.Denied denied = (AuthResult.Denied) result;
    throw ApiFailure.denied(denied.status(), denied.message(), denied.headers());
  }

  /** The body, if it is JSON (or empty). */
  private static byte[] jsonBody(AdminRequest request) {
    if (request.bodyLength() > 0) {
      String type = request.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
      int semicolon = type.indexOf(';');
      String media = (semicolon < 0 ? type : type.substring(0, semicolon)).trim();
      if (!media.equals("application/json")) {
        throw ApiFailure.unsupportedMediaType();
      }
    }
    return request.body();
  }

  private static void requireMethod(String method, String... allowed) {
    for (String a : allowed) {
      if (a.equals(method)) {
        return;
      }
    }
    throw ApiFailure.methodNotAllowed(String.join(", ", allowed));
  }

  private AdminResponse answer(KeyApi.Answer answer, String location) {
    Map<String, String> headers = new LinkedHashMap<>();
    answer.json().ifPresent(j -> headers.put("Content-Type", "application/json"));
    if (location != null) {
      headers.put("Location", location);
    }
    return response(answer.status(), headers, answer.json().map(KeyJson::bytes).orElse(new byte[0]), true);
  }

  private AdminResponse problem(ApiFailure failure) {
    ProblemDetails problem = failure.problem();
    Map<String, String> headers = new LinkedHashMap<>(new java.util.TreeMap<>(failure.headers()));
    headers.put("Content-Type", ProblemDetails.MEDIA_TYPE);
    return response(problem.status(), headers, problem.body(), true);
  }

  private static AdminResponse response(int status, Map<String, String> headers, byte[] body, boolean noStore) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put("Cache-Control", noStore ? "no-store" : "no-cache");
    all.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    all.put("X-Content-Type-Options", "nosniff");
    all.put("Referrer-Policy", "no-referrer");
    return new AdminResponse(status, all, body);
  }

  /** Configures an {@link AdminHandler}. Not thread-safe. */
  public static final class Builder {
    private final ManagedKeyStore store;
    private String mountPath = DEFAULT_MOUNT_PATH;
    private String adminRole = DEFAULT_ADMIN_ROLE;
    private Authenticator authenticator;
    private Clock clock = Clock.systemUTC();
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private Consumer<AdminEvent> listener = Builder::log;

    private Builder(ManagedKeyStore store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Authenticates API requests that arrive without a principal (the console's do: it sends the typed
     * credential as a bearer token). Without one, such requests are refused with 403.
     *
     * @param authenticator the host's authenticator; the handler does not close it
     * @return this builder
     */
    public Builder authenticator(Authenticator authenticator) {
      this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
      return this;
    }

    /**
     * Where the handler is mounted; {@value AdminHandler#DEFAULT_MOUNT_PATH} by default.
     *
     * @param mountPath an absolute path such as {@code /admin/keys}; a trailing {@code /} is dropped
     * @return this builder
     * @throws IllegalArgumentException if it does not start with {@code /} or holds characters other
     *     than letters, digits and {@code - . _ ~ /}
     */
    public Builder mountPath(String mountPath) {
      String path = Objects.requireNonNull(mountPath, "mountPath");
      if (!path.matches("(/[A-Za-z0-9._~-]+)+/?")) {
        throw new IllegalArgumentException("a mount path is an absolute path of plain segments, such as /latchkey/admin");
      }
      this.mountPath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
      return this;
    }

    /**
     * The role that manages every key; {@value AdminHandler#DEFAULT_ADMIN_ROLE} by default.
     *
     * @param adminRole the role's name; never blank
     * @return this builder
     */
    public Builder adminRole(String adminRole) {
      if (Objects.requireNonNull(adminRole, "adminRole").isBlank()) {
        throw new IllegalArgumentException("the admin role must not be blank");
      }
      this.adminRole = adminRole;
      return this;
    }

    /**
     * Receives every change; by default each is logged at INFO to {@code dev.latchkey.audit.admin}.
     * Called on the request's thread after the change was made; must not block.
     *
     * @param listener the listener; never null
     * @return this builder
     */
    public Builder listener(Consumer<AdminEvent> listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * The clock for key states and event times; the system UTC clock by default.
     *
     * @param clock the clock; never null
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The largest request body accepted; {@value AdminHandler#DEFAULT_MAX_BODY_BYTES} bytes by default.
     *
     * @param maxBodyBytes the cap, from 256 bytes to 1 MiB
     * @return this builder
     */
    public Builder maxBodyBytes(int maxBodyBytes) {
      if (maxBodyBytes < 256 || maxBodyBytes > 1 << 20) {
        throw new IllegalArgumentException("the body cap is from 256 bytes to 1 MiB");
      }
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /**
     * The handler.
     *
     * @return a new handler
     */
    public AdminHandler build() {
      return new AdminHandler(this);
    }

    private static void log(AdminEvent event) {
      AUDIT.info("key {} {} by {} (source {}){}", event.keyId(), event.action().name().toLowerCase(Locale.ROOT), event.actor(),
          event.actorSource(), event.keyOwner().map(o -> ", owned by " + o).orElse(""));
    }
  }
}
