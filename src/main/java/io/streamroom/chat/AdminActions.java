package io.streamroom.chat;

import io.streamroom.auth.AdminRules;
import io.streamroom.connlog.ConnectionEvent;
import io.streamroom.store.ChatStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import static io.streamroom.chat.ChatEvents.event;

/**
 * What only admins may do: kick a user (also how a server-wide ban ends sessions), make a user an admin or
 * take that back, list the admins.
 */
final class AdminActions {
  private static final Logger log = LoggerFactory.getLogger(AdminActions.class);

  private final ChatStore store;
  private final AdminRules adminRules;
  private final Presence presence;
  private final Statuses statuses;
  private final ChatEvents events;

  AdminActions(ChatStore store, AdminRules adminRules, Presence presence, Statuses statuses, ChatEvents events) {
    this.store = store;
    this.adminRules = adminRules;
    this.presence = presence;
    this.statuses = statuses;
    this.events = events;
  }

  Future<JsonObject> admins(Session session, JsonObject args) {
    session.requireAdmin();
    return store.adminNames().map(stored -> {
      TreeMap<String, String> names = new TreeMap<>();
      stored.forEach(n -> names.put(Names.key(n), n));
      adminRules.adminAccounts().forEach(n -> names.putIfAbsent(Names.key(n), n));
      presence.onlineUsers().stream().filter(s -> s.admin).forEach(s -> names.put(s.key(), s.name));
      JsonArray admins = new JsonArray();
      names.values().forEach(n -> admins.add(new JsonObject().put("name", n).put("online", presence.isOnline(n))));
      return new JsonObject().put("admins", admins);
    });
  }

  Future<JsonObject> kick(Session session, JsonObject args) {
    session.requireAdmin();
    String name = Names.nick(Args.string(args, "name", null));
    String reason = Names.text(Args.string(args, "reason", "no reason given"));
    List<Session> targets = List.copyOf(presence.sessionsOf(name));
    if (targets.isEmpty()) throw new ChatException(ErrorCode.NO_SUCH_USER, name + " is not online.");
    if (targets.contains(session)) throw new ChatException(ErrorCode.BAD_REQUEST, "You cannot kick yourself.");
    disconnect(targets, session.name, reason);
    events.server(EventType.KICK, targets.get(0).name, session.name, reason);
    events.record(ConnectionEvent.KICK, session.source, session.name + " kicked " + targets.get(0).name + ": " + reason);
    log.info("{} kicked {}: {}", session.name, targets.get(0).name, reason);
    return Future.succeededFuture(new JsonObject().put("name", targets.get(0).name));
  }

  /** Closes the sessions (all of one user), telling them why, and their channels that the user was kicked. */
  void disconnect(List<Session> targets, String by, String reason) {
    String target = targets.get(0).name;
    List<String> channelsLeft = new ArrayList<>();
    for (Session s : targets) {
      events.toSession(s, new JsonObject().put("type", EventType.KICKED.wire()).put("by", by).put("reason", reason));
      channelsLeft.addAll(presence.remove(s));
    }
    statuses.forget(Names.key(target));
    events.userGone(target); // a kicked user's webcam goes too
    for (String channel : channelsLeft) {
      events.publish(channel, event(EventType.KICK, channel).put("user", target).put("by", by).put("reason", reason));
    }
  }

  Future<JsonObject> addAdmin(Session session, JsonObject args) {
    session.requireAdmin();
    String name = Names.nick(Args.string(args, "name", null));
    List<Session> online = presence.sessionsOf(name);
    if (online.stream().anyMatch(s -> s.role == Session.Role.VISITOR)) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "Visitors cannot be admins.");
    }
    return store.setAdmin(name, true).map(saved -> {
      if (!saved && online.isEmpty()) throw new ChatException(ErrorCode.NO_SUCH_USER, name + " is neither online nor an account.");
      for (Session s : online) {
        s.admin = true;
        presence.changed(s);
        events.toSession(s, new JsonObject().put("type", EventType.PROMOTED.wire()).put("by", session.name));
      }
      log.info("{} made {} an admin (saved: {})", session.name, name, saved);
      return new JsonObject().put("name", online.isEmpty() ? name : online.get(0).name).put("saved", saved);
    });
  }

  /** Takes an account's admin role away; one that is an admin by configuration stays one, and says so. */
  Future<JsonObject> removeAdmin(Session session, JsonObject args) {
    session.requireAdmin();
    String name = Names.nick(Args.string(args, "name", null));
    if (Names.key(name).equals(session.key())) throw new ChatException(ErrorCode.BAD_REQUEST, "You cannot demote yourself.");
    if (adminRules.isAdminAccount(name)) {
      throw new ChatException(ErrorCode.BAD_REQUEST, name + " is an admin by configuration (STREAMROOM_ADMINS).");
    }
    return store.setAdmin(name, false).map(saved -> {
      List<Session> online = presence.sessionsOf(name); // a guest made an admin until it disconnects has no row
      if (!saved && online.stream().noneMatch(s -> s.admin && !s.ipAdmin)) {
        throw new ChatException(ErrorCode.NO_SUCH_USER, name + " is neither an account nor an admin online.");
      }
      for (Session s : online) {
        if (s.ipAdmin) continue; // an admin by address (STREAMROOM_ADMIN_IPS) on this connection
        s.admin = false;
        presence.changed(s);
        events.toSession(s, new JsonObject().put("type", EventType.DEMOTED.wire()).put("by", session.name));
      }
      log.info("{} removed {}'s admin role", session.name, name);
      return new JsonObject().put("name", name);
    });
  }
}
