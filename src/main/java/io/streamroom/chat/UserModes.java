package io.streamroom.chat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * IRC's user modes, kept with the session so that every adapter and node sees them: {@code i} hides the
 * user from WHO searches by mask (not from a WHO of their exact nickname, nor from those sharing a
 * channel), {@code w} receives WALLOPS, {@code B} marks a bot; {@code o} is being an admin, which OPER
 * (see {@link Accounts#oper}) gives and {@code -o} gives up. Also WALLOPS itself, and SETNAME, a new real name.
 */
final class UserModes {
  static final char INVISIBLE = 'i';
  static final char WALLOPS = 'w';
  static final char BOT = 'B';
  static final char OPERATOR = 'o';
  /** The modes a client may set on itself. */
  static final String SETTABLE = "" + BOT + INVISIBLE + WALLOPS;

  private final Presence presence;
  private final ChatEvents events;
  private final RateLimits limits;

  UserModes(Presence presence, ChatEvents events, RateLimits limits) {
    this.presence = presence;
    this.events = events;
    this.limits = limits;
  }

  static String letters(Collection<Character> modes) {
    return modes.stream().map(String::valueOf).collect(Collectors.joining());
  }

  /** {@code "+Bio"}: the session's modes, 'o' for an admin. */
  static String shown(Session s) {
    return "+" + letters(s.modes) + (s.admin ? String.valueOf(OPERATOR) : "");
  }

  /**
   * {add, remove}: letters of {@link #SETTABLE} (and 'o' in remove). {@code +o} is left alone: OPER gives it.
   * @return {modes, changed}: all modes now, and what changed as a mode string ("+i-w", or "")
   */
  Future<JsonObject> mode(Session session, JsonObject args) {
    String add = Args.string(args, "add", "");
    String remove = Args.string(args, "remove", "");
    for (char c : (add + remove).toCharArray()) {
      if (SETTABLE.indexOf(c) < 0 && c != OPERATOR) throw new ChatException(ErrorCode.BAD_REQUEST, "Unknown user mode " + c + ".");
    }
    StringBuilder added = new StringBuilder();
    StringBuilder removed = new StringBuilder();
    for (char c : add.toCharArray()) {
      if (c != OPERATOR && session.modes.add(c)) added.append(c);
    }
    for (char c : remove.toCharArray()) {
      if (c == OPERATOR ? dropAdmin(session) : session.modes.remove(c)) removed.append(c);
    }
    presence.changed(session);
    String changed = (added.isEmpty() ? "" : "+" + added) + (removed.isEmpty() ? "" : "-" + removed);
    return Future.succeededFuture(new JsonObject().put("modes", shown(session)).put("changed", changed));
  }

  private static boolean dropAdmin(Session session) {
    boolean was = session.admin;
    session.admin = false;
    return was;
  }

  /** {realName}: the session's new real name (IRC's SETNAME), told to its channels. */
  Future<JsonObject> setName(Session session, JsonObject args) {
    String given = Args.string(args, "realName", "");
    if (given.isBlank()) throw new ChatException(ErrorCode.BAD_REQUEST, "A real name cannot be empty.");
    limits.checkAction(session.key());
    session.realName = Names.realName(given, "irc");
    presence.changed(session);
    events.publishToEach(session.channels,
        channel -> ChatEvents.event(EventType.SETNAME, channel).put("user", session.name).put("realName", session.realName));
    return Future.succeededFuture(new JsonObject().put("realName", session.realName));
  }

  /** {text}: an admin's message to every session that set +w (the sender included, if it did). */
  Future<JsonObject> wallops(Session session, JsonObject args) {
    session.requireAdmin();
    String text = Names.text(Args.string(args, "text", null));
    limits.checkAction(session.key());
    JsonObject event = new JsonObject().put("type", EventType.WALLOPS.wire()).put("from", session.name).put("text", text);
    List<Session> listening = presence.sessionsWith(WALLOPS);
    listening.forEach(s -> events.toSession(s, event));
    return Future.succeededFuture(new JsonObject().put("sent", listening.size()));
  }
}
