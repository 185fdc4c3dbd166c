package io.streamroom.chat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Who had a nickname before (IRC's WHOWAS): each nickname no session holds any more, with the user part and
 * real name it had and when it went, newest first. In memory only, and bounded twice: so many entries in
 * all, and the last few per nickname, so that one client reconnecting in a loop cannot push everyone
 * else's out.
 */
final class NickHistory {
  /** Entries kept in all: a few hours of a busy server's departures, a few hundred kilobytes. */
  static final int MAX_ENTRIES = 1000;
  /** Entries kept per nickname: who had it last and who before. */
  static final int MAX_PER_NICK = 2;

  private record Entry(String nick, String username, String realName, long atMillis) {}

  /** Newest first. */
  private final Deque<Entry> entries = new ArrayDeque<>();

  void left(String nick, Session session) {
    int same = 0;
    for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
      if (Names.key(it.next().nick()).equals(Names.key(nick)) && ++same >= MAX_PER_NICK) it.remove();
    }
    entries.addFirst(new Entry(nick, session.username, session.realName, System.currentTimeMillis()));
    if (entries.size() > MAX_ENTRIES) entries.removeLast();
  }

  /** @param count the most entries wanted; 0 or less for all */
  JsonArray of(String nick, int count) {
    JsonArray found = new JsonArray();
    for (Entry e : entries) {
      if (count > 0 && found.size() >= count) break;
      if (Names.key(e.nick()).equals(Names.key(nick))) {
        found.add(new JsonObject().put("name", e.nick()).put("username", e.username()).put("realName", e.realName())
            .put("at", e.atMillis()));
      }
    }
    return found;
  }
}
