package io.streamroom.chat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Questions about users: one user (WHOIS), who had a nickname before (WHOWAS, from the {@link NickHistory}),
 * and how many are online (LUSERS); and how a user is described to WHO, WHOIS and the user list.
 */
final class UserQueries {
  private final Presence presence;
  private final Statuses statuses;
  private final Channels channels;
  private final NickHistory history = new NickHistory();

  UserQueries(Presence presence, Statuses statuses, Channels channels) {
    this.presence = presence;
    this.statuses = statuses;
    this.channels = channels;
    presence.onNickGone((nick, session) -> {
      if (statuses.of(session) != Status.INVISIBLE) history.left(nick, session); // nobody saw them: nobody may learn they were here
    });
  }

  /** What WHO and WHOIS show of a user besides their status: name, user part, real name, modes, rights. */
  static JsonObject card(Session s) {
    return new JsonObject().put("name", s.name).put("username", s.username).put("realName", s.realName)
        .put("modes", UserModes.letters(s.modes)).put("admin", s.admin).put("account", s.hasAccount());
  }

  /** {name}: one online, visible user: their card, status, away text, when they came, and their channels with their roles. */
  Future<JsonObject> whois(Session session, JsonObject args) {
    String name = Names.nick(Args.string(args, "name", null));
    List<Session> sessions = presence.sessionsOf(name);
    if (sessions.isEmpty() || !statuses.visibleTo(session, sessions.get(0))) {
      throw new ChatException(ErrorCode.NO_SUCH_USER, name + " is not online.");
    }
    Map<String, String> roles = new TreeMap<>();
    sessions.forEach(s -> s.channels.forEach(channel -> roles.putIfAbsent(channel, channels.roleIn(channel, s))));
    JsonArray inChannels = new JsonArray();
    roles.forEach((channel, role) -> inChannels.add(new JsonObject().put("name", channel).put("role", role)));
    Session user = sessions.get(0);
    return Future.succeededFuture(card(user)
        .put("account", sessions.stream().anyMatch(Session::hasAccount)).put("admin", sessions.stream().anyMatch(s -> s.admin))
        .put("status", statuses.of(user).wire()).put("awayMessage", statuses.awayMessage(user))
        .put("connectedAt", user.connectedAtMillis).put("channels", inChannels));
  }

  /** {name, count?}: the nickname's past holders, newest first; count 0 or less (or none) for all that are kept. */
  Future<JsonObject> whowas(Session session, JsonObject args) {
    String name = Names.nick(Args.string(args, "name", null));
    int count = (int) Args.number(args, "count", 0);
    return Future.succeededFuture(new JsonObject().put("entries", history.of(name, count)));
  }

  /**
   * {}: users online (each once, whatever their connections; invisible ones counted but not named), of
   * them hidden from searches (+i or invisible) and admins, channels with someone in them, and the most
   * users online at once. A cluster is one server to its clients, so these are the whole cluster's.
   */
  Future<JsonObject> lusers(Session session, JsonObject args) {
    List<Session> users = presence.onlineUsers();
    long hidden = users.stream().filter(s -> s.hasMode(UserModes.INVISIBLE) || statuses.of(s) == Status.INVISIBLE).count();
    long admins = users.stream().filter(s -> s.admin).count();
    return Future.succeededFuture(new JsonObject().put("users", users.size()).put("hidden", hidden).put("admins", admins)
        .put("channels", presence.activeChannels()).put("mostUsers", presence.mostUsers()));
  }
}
