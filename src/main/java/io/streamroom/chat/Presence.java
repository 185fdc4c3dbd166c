package io.streamroom.chat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Who is online and where. A user may have several sessions (telnet and a browser); a user is in a
 * channel while any of their sessions is, so join and part notices are per user, not per connection.
 */
final class Presence {
  private final Map<String, Session> sessions = new HashMap<>();
  /** user key -> that user's sessions */
  private final Map<String, List<Session>> users = new HashMap<>();
  /** channel -> user key -> that user's sessions in the channel */
  private final Map<String, Map<String, List<Session>>> channels = new HashMap<>();
  /** Told of every session that leaves a channel, however it left (part, kick, ban, quit, deletion). */
  private final List<BiConsumer<Session, String>> partListeners = new ArrayList<>();
  /** Told of every channel whose last member left (an unowned channel then forgets its rules). */
  private final List<Consumer<String>> emptiedListeners = new ArrayList<>();
  /** Told of every session added, removed, renamed or moved between channels (a cluster keeps a copy). */
  private Consumer<Session> changes = session -> { };
  /** Told of each nickname no session has any more (its user left or took another): the nickname and its last session. */
  private BiConsumer<String, Session> nickGone = (nick, session) -> { };
  /** The most users online at once since the service started (IRC's LUSERS). */
  private int mostUsers;

  void onChange(Consumer<Session> listener) {
    changes = listener;
  }

  /** A session's name, role, rights, channels or status changed, or it came or went. */
  void changed(Session s) {
    changes.accept(s);
  }

  void onNickGone(BiConsumer<String, Session> listener) {
    nickGone = listener;
  }

  void onPart(BiConsumer<Session, String> listener) {
    partListeners.add(listener);
  }

  void onEmptied(Consumer<String> listener) {
    emptiedListeners.add(listener);
  }

  Session session(String id) {
    return id == null ? null : sessions.get(id);
  }

  /** After an async step: the session may have disconnected or been kicked meanwhile. */
  void requireLive(Session session) {
    if (sessions.get(session.id) != session) throw new ChatException(ErrorCode.NOT_CONNECTED);
  }

  /** Every session, sorted by name, then by where it connects from. */
  List<Session> allSessions() {
    return sessions.values().stream()
        .sorted(java.util.Comparator.comparing(Session::key).thenComparing(s -> s.source)).toList();
  }

  /** The sessions whose connections are on a cluster node. */
  List<Session> sessionsOn(String node) {
    return sessions.values().stream().filter(s -> node.equals(s.node)).toList();
  }

  /** The sessions that set a user mode ({@link UserModes}). */
  List<Session> sessionsWith(char mode) {
    return sessions.values().stream().filter(s -> s.modes.contains(mode)).toList();
  }

  boolean isOnline(String name) {
    return users.containsKey(Names.key(name));
  }

  List<Session> sessionsOf(String name) {
    return users.getOrDefault(Names.key(name), List.of());
  }

  void add(Session s) {
    sessions.put(s.id, s);
    users.computeIfAbsent(s.key(), k -> new ArrayList<>()).add(s);
    mostUsers = Math.max(mostUsers, users.size());
    changed(s);
  }

  int mostUsers() {
    return mostUsers;
  }

  /** Channels someone is in right now. */
  int activeChannels() {
    return channels.size();
  }

  /** Removes the session from everything. @return the channels its user is no longer in */
  List<String> remove(Session s) {
    List<String> left = new ArrayList<>();
    for (String channel : List.copyOf(s.channels)) {
      if (part(s, channel)) left.add(channel);
    }
    sessions.remove(s.id);
    if (removeFrom(users, s.key(), s)) nickGone.accept(s.name, s);
    changed(s);
    return left;
  }

  /** @return true when the user was not in the channel before */
  boolean join(Session s, String channel) {
    s.channels.add(channel);
    changed(s);
    List<Session> here = channels.computeIfAbsent(channel, c -> new LinkedHashMap<>())
        .computeIfAbsent(s.key(), k -> new ArrayList<>());
    if (!here.contains(s)) here.add(s);
    return here.size() == 1;
  }

  /** @return true when the user is no longer in the channel */
  boolean part(Session s, String channel) {
    if (s.channels.remove(channel)) {
      partListeners.forEach(listener -> listener.accept(s, channel));
      changed(s);
    }
    Map<String, List<Session>> members = channels.get(channel);
    if (members == null) return false;
    boolean gone = removeFrom(members, s.key(), s);
    if (members.isEmpty()) {
      channels.remove(channel);
      emptiedListeners.forEach(listener -> listener.accept(channel));
    }
    return gone;
  }

  /**
   * Re-files a session under a new name; it stays in its channels (no part: its roles there and the
   * channels' rules stay). @return the channels in which the user was renamed
   */
  List<String> rename(Session s, String newName) {
    List<String> channelsIn = List.copyOf(s.channels);
    for (String channel : channelsIn) removeFrom(channels.get(channel), s.key(), s);
    if (removeFrom(users, s.key(), s) && !Names.key(newName).equals(s.key())) nickGone.accept(s.name, s);
    s.name = newName;
    users.computeIfAbsent(s.key(), k -> new ArrayList<>()).add(s);
    for (String channel : channelsIn) {
      channels.computeIfAbsent(channel, c -> new LinkedHashMap<>()).computeIfAbsent(s.key(), k -> new ArrayList<>()).add(s);
    }
    changed(s);
    return channelsIn;
  }

  /** One session per user in a channel, sorted by name case-insensitively. */
  List<Session> memberSessions(String channel) {
    return channels.getOrDefault(channel, Map.of()).values().stream().map(list -> list.get(0))
        .sorted((a, b) -> String.CASE_INSENSITIVE_ORDER.compare(a.name, b.name)).toList();
  }

  /** Every session in a channel (a user may be there with several). */
  List<Session> allSessionsIn(String channel) {
    List<Session> out = new ArrayList<>();
    channels.getOrDefault(channel, Map.of()).values().forEach(out::addAll);
    return out;
  }

  /** One session per online user, sorted by name. */
  List<Session> onlineUsers() {
    TreeMap<String, Session> sorted = new TreeMap<>();
    users.forEach((key, list) -> sorted.put(key, list.get(0)));
    return new ArrayList<>(sorted.values());
  }

  /** @return true when the key has no sessions left */
  private static boolean removeFrom(Map<String, List<Session>> map, String key, Session s) {
    List<Session> list = map == null ? null : map.get(key);
    if (list == null) return false;
    list.remove(s);
    if (!list.isEmpty()) return false;
    map.remove(key);
    return true;
  }
}
