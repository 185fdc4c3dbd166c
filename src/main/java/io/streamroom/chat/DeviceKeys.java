package io.streamroom.chat;

import io.streamroom.store.ChatStore;
import io.streamroom.store.DirectStore;
import io.streamroom.store.DirectStore.StoredKey;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The public-key directory: each signed-in browser publishes its own key; anyone signed in may read a
 * user's keys; the people someone has conversations with are told when a new key appears. Only public
 * keys ever reach the server.
 */
final class DeviceKeys {
  /** Live keys per account: a phone, a laptop, a desktop, a spare. Old ones are revoked to add more. */
  static final int MAX_DEVICES = 5;
  /** A device names itself: a random id the page keeps, with a label people recognise. */
  private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9 ._()-]{1,64}");

  private final DirectStore store;
  private final ChatStore chatStore;
  private final Presence presence;
  private final RateLimits limits;
  private final ChatEvents events;

  DeviceKeys(DirectStore store, ChatStore chatStore, Presence presence, RateLimits limits, ChatEvents events) {
    this.store = store;
    this.chatStore = chatStore;
    this.presence = presence;
    this.limits = limits;
    this.events = events;
  }

  Future<JsonObject> publish(Session session, JsonObject args) {
    requireAccount(session);
    String device = Args.string(args, "device", "");
    if (!DEVICE.matcher(device).matches()) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "A device name is 1-64 letters, digits, spaces or . _ ( ) -");
    }
    if (!(args.getValue("publicKey") instanceof JsonObject jwk)) throw new ChatException(ErrorCode.BAD_KEY, "publicKey must be a JWK object.");
    DeviceKey key = DeviceKey.fromJwk(jwk);
    limits.checkAction(session.key());
    return store.publish(session.name, device, key.jwk(), key.fingerprint(), MAX_DEVICES)
        .recover(e -> Future.failedFuture(e instanceof DirectStore.TooManyDevices
            ? new ChatException(ErrorCode.TOO_MANY_DEVICES, "You have " + MAX_DEVICES + " devices already: remove an old one first.")
            : e))
        .compose(stored -> {
          StoredKey published = stored.orElseThrow(() -> new ChatException(ErrorCode.NO_SUCH_USER));
          if (!published.fresh()) return Future.succeededFuture(describe(published).put("new", false));
          return announce(published).map(v -> describe(published).put("new", true));
        });
  }

  /** Tells the owner's other sessions and everyone online who has a conversation with the owner. */
  private Future<Void> announce(StoredKey key) {
    JsonObject event = new JsonObject().put("type", EventType.NEWKEY.wire()).put("user", key.owner()).put("id", key.id())
        .put("device", key.device()).put("fingerprint", key.fingerprint());
    return store.partners(key.owner()).map(partners -> {
      presence.sessionsOf(key.owner()).forEach(s -> events.toSession(s, event));
      for (String partner : partners) presence.sessionsOf(partner).forEach(s -> events.toSession(s, event));
      return null;
    });
  }

  Future<JsonObject> revoke(Session session, JsonObject args) {
    requireAccount(session);
    long id = Args.number(args, "id", 0);
    return store.revoke(id, session.name).map(revoked -> {
      if (!revoked) throw new ChatException(ErrorCode.NO_SUCH_KEY, "You have no live key " + id + ".");
      return new JsonObject().put("id", id);
    });
  }

  Future<JsonObject> keys(Session session, JsonObject args) {
    String name = Names.nick(Args.string(args, "name", null));
    return store.liveKeys(name).compose(keys -> {
      JsonObject reply = new JsonObject().put("keys", new JsonArray(keys.stream().map(DeviceKeys::describe).toList()));
      if (!keys.isEmpty()) return Future.succeededFuture(reply.put("name", keys.get(0).owner()));
      return chatStore.findAccount(name).map(account -> reply.put("name",
          account.orElseThrow(() -> new ChatException(ErrorCode.NO_SUCH_USER, "No account named " + name + ".")).name()));
    });
  }

  Future<JsonObject> key(Session session, JsonObject args) {
    long id = Args.number(args, "id", 0);
    return store.key(id).map(found -> describe(found.orElseThrow(() -> new ChatException(ErrorCode.NO_SUCH_KEY, "No key " + id + "."))));
  }

  /** The recipient's and the sender's live keys, for checking a direct message's envelopes. */
  Future<List<StoredKey>> liveKeys(String name) {
    return store.liveKeys(name);
  }

  static JsonObject describe(StoredKey key) {
    return new JsonObject().put("id", key.id()).put("user", key.owner()).put("device", key.device())
        .put("publicKey", key.publicKey()).put("fingerprint", key.fingerprint())
        .put("created", key.created().toInstant().toEpochMilli())
        .put("revoked", key.revoked() == null ? null : key.revoked().toInstant().toEpochMilli());
  }

  static void requireAccount(Session session) {
    if (!session.hasAccount()) {
      throw new ChatException(ErrorCode.READ_ONLY, "Encrypted messages are between accounts: register and sign in on the web page.");
    }
  }
}
