package dev.latchkey.admin.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.Principal;
import dev.latchkey.Secret;
import dev.latchkey.admin.AdminEvent;
import dev.latchkey.keystore.file.ContentApiType;
import dev.latchkey.keystore.file.IssuedKey;
import dev.latchkey.keystore.file.KeyKind;
import dev.latchkey.keystore.file.KeyRequest;
import dev.latchkey.keystore.file.KeyStoreException;
import dev.latchkey.keystore.file.ManagedKeyStore;
import dev.latchkey.keystore.file.StoredKey;
import dev.latchkey.policy.IpAllowlist;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The key operations of the API over a {@link ManagedKeyStore}, each checked against the {@link Caller}:
 * list, create, get, revoke, regenerate, delete, view. Every change is reported as an {@link AdminEvent}.
 * Store failures become problems: unknown key 404, not the owner 403, a state that forbids it 409, a
 * store that cannot be written 503. Thread-safe.
 */
public final class KeyApi {
  /** The longest grace period the stores allow for a replaced secret. */
  private static final Duration MAX_GRACE = Duration.ofDays(30);

  private final ManagedKeyStore store;
  private final Clock clock;
  private final Consumer<AdminEvent> events;

  /** The API over {@code store}, reporting changes to {@code events}. */
  public KeyApi(ManagedKeyStore store, Clock clock, Consumer<AdminEvent> events) {
    this.store = store;
    this.clock = clock;
    this.events = events;
  }

  /** A JSON body and the status to send it with. */
  public record Answer(int status, Optional<ObjectNode> json, boolean secret) {
    static Answer ok(ObjectNode json) {
      return new Answer(200, Optional.of(json), false);
    }
  }

  /** {@code GET api/keys}. */
  public Answer list(Caller caller, ListQuery query) {
    if (!caller.admin() && query.owner().filter(o -> !o.equals(caller.self())).isPresent()) {
      throw ApiFailure.forbidden("you may list only the keys you own");
    }
    Instant now = clock.instant();
    List<StoredKey> visible = guarded(() -> caller.admin() ? store.list() : store.listOwnedBy(caller.self()));
    List<StoredKey> matching = visible.stream().filter(k -> query.matches(k, now)).toList();
    ObjectNode json = KeyJson.object();
    ArrayNode items = json.putArray("items");
    query.page(matching).forEach(k -> items.add(KeyJson.key(k, now)));
    json.put("total", matching.size());
    json.put("offset", query.offset());
    json.put("limit", query.limit());
    return Answer.ok(json);
  }

  /** {@code POST api/keys}. */
  public Answer create(Caller caller, Bodies.CreateKey body) {
    KeyRequest request = request(caller, body);
    if (!caller.admin()) {
      List<String> notHeld = request.roles().stream().filter(r -> !caller.principal().hasRole(r)).toList();
      if (!notHeld.isEmpty()) {
        throw ApiFailure.forbidden("you may grant only roles you hold yourself");
      }
    }
    IssuedKey issued;
    try {
      issued = guarded(() -> store.create(request));
    } catch (KeyStoreException e) {
      if (e.problem() == KeyStoreException.Problem.DUPLICATE_NAME) {
        throw ApiFailure.conflict("name", "a key with this name already exists");
      }
      throw e;
    }
    report(caller, AdminEvent.Action.CREATED, issued.key());
    return new Answer(201, Optional.of(issued(issued)), true);
  }

  /** {@code GET api/keys/{id}}. */
  public Answer get(Caller caller, String keyId) {
    return Answer.ok(KeyJson.key(managed(caller, keyId), clock.instant()));
  }

  /** {@code POST api/keys/{id}/revoke}. */
  public Answer revoke(Caller caller, String keyId) {
    managed(caller, keyId);
    StoredKey revoked = guarded(() -> store.revoke(keyId));
    report(caller, AdminEvent.Action.REVOKED, revoked);
    return Answer.ok(KeyJson.key(revoked, clock.instant()));
  }

  /** {@code POST api/keys/{id}/regenerate}. */
  public Answer regenerate(Caller caller, String keyId, Bodies.Regenerate body) {
    Duration grace = body.grace() == null ? Duration.ZERO : duration(body.grace(), "grace");
    if (grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
      throw ApiFailure.invalid("grace", "must be from PT0S to P30D");
    }
    StoredKey key = managed(caller, keyId);
    if (key.isRevoked()) {
      throw ApiFailure.conflict("a revoked key cannot be regenerated");
    }
    IssuedKey issued = guarded(() -> caller.owns(key) ? store.regenerateAsOwner(keyId, caller.self(), grace) : store.regenerate(keyId, grace));
    report(caller, AdminEvent.Action.REGENERATED, issued.key());
    return new Answer(200, Optional.of(issued(issued)), true);
  }

  /** {@code DELETE api/keys/{id}}. */
  public Answer delete(Caller caller, String keyId) {
    StoredKey key = managed(caller, keyId);
    if (!guarded(() -> store.delete(keyId))) {
      throw ApiFailure.notFound("no key has this id");
    }
    report(caller, AdminEvent.Action.DELETED, key);
    return new Answer(204, Optional.empty(), false);
  }

  /** {@code GET api/keys/{id}/secret}: Strapi's view, for the key's owner only. */
  public Answer viewSecret(Caller caller, String keyId) {
    StoredKey key = managed(caller, keyId);
    if (!caller.owns(key)) {
      throw ApiFailure.forbidden("only the key's owner may view its secret");
    }
    Secret secret = guarded(() -> store.view(keyId, caller.self()));
    report(caller, AdminEvent.Action.SECRET_VIEWED, key);
    ObjectNode json = KeyJson.object();
    json.put("id", keyId);
    json.put("secret", secret.expose());
    return new Answer(200, Optional.of(json), true);
  }

  /** The key, if the caller may manage it. */
  private StoredKey managed(Caller caller, String keyId) {
    StoredKey key = guarded(() -> store.get(keyId)).orElseThrow(() -> ApiFailure.notFound("no key has this id"));
    if (!caller.mayManage(key)) {
      throw ApiFailure.forbidden("you may manage only the keys you own");
    }
    return key;
  }

  private ObjectNode issued(IssuedKey issued) {
    ObjectNode json = KeyJson.object();
    json.set("key", KeyJson.key(issued.key(), clock.instant()));
    json.put("secret", issued.secret().expose());
    return json;
  }

  private void report(Caller caller, AdminEvent.Action action, StoredKey key) {
    Principal who = caller.principal();
    events.accept(new AdminEvent(clock.instant(), who.name(), who.sourceId(), action, key.id(), key.owner()));
  }

  /** The key request {@code body} describes, each field checked and named when wrong. */
  private static KeyRequest request(Caller caller, Bodies.CreateKey body) {
    if (body.name() == null || body.name().isBlank()) {
      throw ApiFailure.invalid("name", "a key needs a name");
    }
    Principal.problemWith(body.name()).ifPresent(p -> {
      throw ApiFailure.invalid("name", "a key's name " + p);
    });
    KeyKind kind = body.kind() == null ? KeyKind.GENERIC : KeyKind.fromJsonName(body.kind())
        .orElseThrow(() -> ApiFailure.invalid("kind", "must be generic, content-api or admin"));
    Optional<ContentApiType> type = Optional.ofNullable(body.type()).map(t -> ContentApiType.fromJsonName(t)
        .orElseThrow(() -> ApiFailure.invalid("type", "must be read-only, full-access or custom")));
    if (type.isPresent() && kind != KeyKind.CONTENT_API) {
      throw ApiFailure.invalid("type", "only content-api keys have a type");
    }
    List<String> roles = body.roles() == null ? List.of() : body.roles();
    for (int i = 0; i < roles.size(); i++) {
      String role = roles.get(i);
      String field = "roles[" + i + "]";
      if (role == null || role.isBlank()) {
        throw ApiFailure.invalid(field, "a role must not be blank");
      }
      Principal.problemWith(role).ifPresent(p -> {
        throw ApiFailure.invalid(field, "a role " + p);
      });
    }
    Optional<String> owner = Optional.ofNullable(body.owner());
    if (owner.filter(String::isBlank).isPresent()) {
      throw ApiFailure.invalid("owner", "an owner must not be blank");
    }
    if (!caller.admin()) {
      if (owner.filter(o -> !o.equals(caller.self())).isPresent()) {
        throw ApiFailure.forbidden("you may create only keys you own");
      }
      owner = Optional.of(caller.self());
    }
    if (kind == KeyKind.ADMIN && owner.isEmpty()) {
      throw ApiFailure.invalid("owner", "an admin key needs an owner");
    }
    Optional<Duration> lifespan = Optional.ofNullable(body.lifespan()).map(l -> duration(l, "lifespan"));
    if (lifespan.filter(l -> l.isNegative() || l.isZero() || l.compareTo(KeyRequest.MAX_LIFESPAN) > 0).isPresent()) {
      throw ApiFailure.invalid("lifespan", "must be positive and at most P36525D; leave it out for a key that never expires");
    }
    List<String> allowedIps = body.allowedIps() == null ? List.of() : body.allowedIps();
    if (!allowedIps.isEmpty()) {
      try {
        IpAllowlist.of(allowedIps);
      } catch (IllegalArgumentException | NullPointerException e) {
        throw ApiFailure.invalid("allowedIps", "each entry must be an IP address or a CIDR range");
      }
    }
    try {
      return new KeyRequest(body.name(), Optional.ofNullable(body.description()), kind, type, new java.util.LinkedHashSet<>(roles), owner,
          lifespan, allowedIps, body.viewable() == null || body.viewable(), false);
    } catch (IllegalArgumentException e) {
      throw ApiFailure.invalid("body", "the key cannot be made as described");
    }
  }

  private static Duration duration(String text, String field) {
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw ApiFailure.invalid(field, "must be an ISO-8601 duration such as PT24H or P30D");
    }
  }

  /** Runs a store call, turning its failures into problems. */
  private static <T> T guarded(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (KeyStoreException e) {
      throw switch (e.problem()) {
        case NO_SUCH_KEY -> ApiFailure.notFound("no key has this id");
        case NOT_OWNER -> ApiFailure.forbidden("only the key's owner may do this");
        case NOT_VIEWABLE -> ApiFailure.conflict("this key's secret cannot be viewed again: it was shown once, or the store keeps no encrypted copies");
        case INVALID_REQUEST -> ApiFailure.conflict("the key's state does not allow this");
        case DUPLICATE_NAME -> e;
        case UNREADABLE_FILE, IO_FAILURE -> ApiFailure.storeUnavailable();
      };
    }
  }
}
