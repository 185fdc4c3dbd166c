package io.streamroom.chat;

import io.streamroom.connlog.ConnectionLog;
import io.streamroom.store.ChatStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What the admin page reads (everyone online with adapter and address, the accounts, the connection log's
 * last records) and its webhook controls, which the webhook verticle of this node carries out. Admins only,
 * like every admin command: the check is the session's, from the account the token names.
 */
final class AdminViews {
  /** The admin page lists at most this many accounts (by name); a bigger server needs a search, not a longer table. */
  static final int MAX_ACCOUNTS = 500;
  static final int DEFAULT_LOG_RECORDS = 100;
  /** About 150 KB of text: plenty for a page, and a bounded read of the file's end. */
  static final int MAX_LOG_RECORDS = 1000;
  /** Local only: the node running the chat service sends the webhooks, so its webhook verticle has their state. */
  private static final DeliveryOptions THIS_NODE = new DeliveryOptions().setLocalOnly(true);

  private final Vertx vertx;
  private final ChatStore store;
  private final Presence presence;
  private final Statuses statuses;
  private final Sanctions sanctions;
  private final ConnectionLog connectionLog;

  AdminViews(Vertx vertx, ChatStore store, Presence presence, Statuses statuses, Sanctions sanctions, ConnectionLog connectionLog) {
    this.vertx = vertx;
    this.store = store;
    this.presence = presence;
    this.statuses = statuses;
    this.sanctions = sanctions;
    this.connectionLog = connectionLog;
  }

  /** {sessions: [{name, role, adapter, address, channels, status, node?}]}: invisible users too, as they are. */
  Future<JsonObject> sessions(Session session, JsonObject args) {
    session.requireAdmin();
    JsonArray out = new JsonArray();
    for (Session s : presence.allSessions()) {
      out.add(new JsonObject().put("name", s.name).put("role", s.roleName()).put("adapter", s.adapter())
          .put("address", s.address()).put("channels", new JsonArray(java.util.List.copyOf(s.channels)))
          .put("status", statuses.of(s).wire()).put("node", s.node));
    }
    return Future.succeededFuture(new JsonObject().put("sessions", out));
  }

  /** {accounts: [{name, admin, banned, online, created}]}, the first {@link #MAX_ACCOUNTS} by name. */
  Future<JsonObject> accounts(Session session, JsonObject args) {
    session.requireAdmin();
    return store.accounts(MAX_ACCOUNTS).map(accounts -> {
      JsonArray out = new JsonArray();
      accounts.forEach(a -> out.add(new JsonObject().put("name", a.name()).put("admin", a.admin())
          .put("banned", sanctions.serverBanned(a.name())).put("online", presence.isOnline(a.name()))
          .put("created", a.created().toInstant().toString())));
      return new JsonObject().put("accounts", out);
    });
  }

  /** {records: [line, ...]}, oldest first, read from the end of the file on a worker thread. */
  Future<JsonObject> connectionLog(Session session, JsonObject args) {
    session.requireAdmin();
    long limit = Args.number(args, "limit", DEFAULT_LOG_RECORDS);
    if (limit < 1 || limit > MAX_LOG_RECORDS) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "limit is 1-" + MAX_LOG_RECORDS + " records.");
    }
    return vertx.executeBlocking(() -> connectionLog.lastRecords((int) limit), false)
        .map(lines -> new JsonObject().put("records", new JsonArray(lines)));
  }

  Future<JsonObject> webhooks(Session session, JsonObject args) {
    session.requireAdmin();
    return ask(Addresses.WEBHOOKS_LIST, new JsonObject());
  }

  Future<JsonObject> addWebhook(Session session, JsonObject args) {
    session.requireAdmin();
    JsonObject hook = new JsonObject().put("url", Args.string(args, "url", null)).put("secret", Args.string(args, "secret", null))
        .put("messages", Boolean.TRUE.equals(Args.bool(args, "messages"))).put("by", session.name);
    return ask(Addresses.WEBHOOKS_ADD, hook);
  }

  Future<JsonObject> removeWebhook(Session session, JsonObject args) {
    session.requireAdmin();
    long id = Args.number(args, "id", 0);
    if (id < 1) throw new ChatException(ErrorCode.BAD_REQUEST, "Say which webhook: its id.");
    return ask(Addresses.WEBHOOKS_REMOVE, new JsonObject().put("id", id));
  }

  private Future<JsonObject> ask(String address, JsonObject request) {
    return vertx.eventBus().<JsonObject>request(address, request, THIS_NODE).map(reply -> {
      ChatException refusal = ChatException.fromReply(reply.body());
      if (refusal != null) throw refusal;
      return reply.body();
    });
  }
}
