package io.streamroom.chat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.streamroom.chat.ChatEvents.event;

/**
 * How online users show to others: each user's chosen status (all their sessions share it) and who is
 * visible to whom, which every other part asks here; status changes, the list of everyone online, and a
 * session's end (its user's parts announced, the status forgotten once no session is left).
 */
final class Statuses {
  private final Presence presence;
  private final ChatEvents events;
  private final RateLimits limits;
  /** Chosen status per online user (all their sessions share it); absent means online. */
  private final Map<String, Status> statuses = new HashMap<>();
  /** Away text per user who gave one (IRC's AWAY :text); gone when they are back or gone. */
  private final Map<String, String> awayMessages = new HashMap<>();

  Statuses(Presence presence, ChatEvents events, RateLimits limits) {
    this.presence = presence;
    this.events = events;
    this.limits = limits;
  }

  Status of(Session session) {
    return statuses.getOrDefault(session.key(), Status.ONLINE);
  }

  /** @return what the user said when going away ("Away" if nothing), or null when they are not away */
  String awayMessage(Session user) {
    return of(user) == Status.AWAY ? awayMessages.getOrDefault(user.key(), "Away") : null;
  }

  boolean visibleTo(Session viewer, Session user) {
    return of(user) != Status.INVISIBLE || viewer != null && viewer.key().equals(user.key());
  }

  /** The user has no session under this key any more. */
  void forget(String userKey) {
    statuses.remove(userKey);
    awayMessages.remove(userKey);
  }

  Future<JsonObject> status(Session session, JsonObject args) {
    Status status = Status.of(Args.string(args, "status", null));
    String message = status == Status.AWAY ? Names.reason(Args.string(args, "message", null)) : "";
    limits.checkAction(session.key());
    Status before = of(session);
    if (status == Status.ONLINE) statuses.remove(session.key());
    else statuses.put(session.key(), status);
    presence.sessionsOf(session.name).forEach(presence::changed);
    String messageBefore = message.isEmpty() ? awayMessages.remove(session.key()) : awayMessages.put(session.key(), message);
    if (!before.shown().equals(status.shown()) || status == Status.AWAY && !message.equals(messageBefore == null ? "" : messageBefore)) {
      events.publishToEach(session.channels, channel -> {
        JsonObject changed = event(EventType.STATUS, channel).put("user", session.name).put("status", status.shown());
        return message.isEmpty() ? changed : changed.put("message", message);
      });
    }
    return Future.succeededFuture(new JsonObject().put("status", status.wire()));
  }

  Future<JsonObject> users(Session session, JsonObject args) {
    JsonArray users = new JsonArray();
    presence.onlineUsers().stream().filter(s -> visibleTo(session, s)).forEach(s -> users.add(UserQueries.card(s)
        .put("status", of(s).wire()).put("sharesChannel", s.channels.stream().anyMatch(session.channels::contains))));
    return Future.succeededFuture(new JsonObject().put("users", users));
  }

  /** A status from a cluster's copy of presence, when this node takes over the chat service. */
  void restore(Session session, Status status) {
    if (status != Status.ONLINE) statuses.put(session.key(), status);
  }

  /** A cluster node died or left: its sessions end as if each had quit, so everyone sees them go at once. */
  void nodeLeft(String node) {
    presence.sessionsOn(node).forEach(session -> disconnect(session, new JsonObject()));
  }

  Future<JsonObject> disconnect(Session session, JsonObject args) {
    boolean visible = of(session) != Status.INVISIBLE;
    // A quit text never stops the quit: one over the limit is cut, not refused.
    String raw = Args.string(args, "message", "");
    String message = Names.reason(raw.substring(0, Math.min(raw.length(), Names.MAX_TOPIC_LENGTH)));
    List<String> left = presence.remove(session);
    if (visible) {
      events.publishToEach(left, channel -> {
        JsonObject quit = event(EventType.PART, channel).put("user", session.name).put("reason", "quit");
        return message.isEmpty() ? quit : quit.put("message", message);
      });
    }
    if (!presence.isOnline(session.name)) {
      statuses.remove(session.key());
      awayMessages.remove(session.key());
      events.userGone(session.name);
    }
    return Future.succeededFuture(new JsonObject());
  }
}
