package io.streamroom.chat;

import io.streamroom.store.ModerationStore;
import io.streamroom.store.ModerationStore.Kind;
import io.streamroom.store.ModerationStore.Sanction;
import io.vertx.core.Future;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bans and timeouts in force, kept in memory (loaded at start, written through by {@link Moderation})
 * so that every join and message is checked without a query. Both match the user by name, and a guest
 * also by the address it had when sanctioned, so that a new nickname does not get round them.
 */
final class Sanctions {
  /** Key of the server-wide bans in {@link #bans}: no channel has id 0. */
  private static final long SERVER = 0;

  /** channel id (or {@link #SERVER}) -> user key -> ban */
  private final Map<Long, Map<String, Sanction>> bans = new HashMap<>();
  /** channel id -> user key -> timeout */
  private final Map<Long, Map<String, Sanction>> timeouts = new HashMap<>();

  Future<Void> load(ModerationStore store) {
    return store.sanctions().map(all -> {
      all.forEach(this::put);
      return null;
    });
  }

  void put(Sanction s) {
    long channel = s.channelId() == null ? SERVER : s.channelId();
    (s.kind() == Kind.BAN ? bans : timeouts).computeIfAbsent(channel, c -> new HashMap<>()).put(Names.key(s.target()), s);
  }

  /** Whether this name (an account's) is banned from the server. */
  boolean serverBanned(String name) {
    return bans.getOrDefault(SERVER, Map.of()).containsKey(Names.key(name));
  }

  /** @return the sanction lifted, or null when there was none */
  Sanction remove(Kind kind, Long channelId, String target) {
    long channel = channelId == null ? SERVER : channelId;
    Map<Long, Map<String, Sanction>> all = kind == Kind.BAN ? bans : timeouts;
    Map<String, Sanction> here = all.get(channel);
    Sanction removed = here == null ? null : here.remove(Names.key(target));
    if (here != null && here.isEmpty()) all.remove(channel);
    return removed;
  }

  /** The names banned from the channel, as banned (sorted, case-insensitively). */
  List<String> bannedFrom(long channelId) {
    return bans.getOrDefault(channelId, Map.of()).values().stream().map(Sanction::target)
        .sorted(String.CASE_INSENSITIVE_ORDER).toList();
  }

  void channelDeleted(long channelId) {
    bans.remove(channelId);
    timeouts.remove(channelId);
  }

  /** Refuses a join of a channel the session is banned from. */
  void checkJoin(Session session, long channelId, String channel) {
    Sanction ban = banOf(channelId, session.name, session.hasAccount(), session.ip);
    if (ban != null) throw new ChatException(ErrorCode.BANNED, "You are banned from " + channel + reason(ban));
  }

  /** Refuses a session (or an account signing in) banned from the whole server. */
  void checkServer(String name, boolean account, String ip) {
    Sanction ban = banOf(SERVER, name, account, ip);
    if (ban != null) throw new ChatException(ErrorCode.BANNED, "You are banned from this server" + reason(ban));
  }

  /** Refuses reading a channel's history to someone banned from it (a web reader has an account name, or is a visitor). */
  void checkRead(long channelId, String channel, String name, boolean account, String ip) {
    Sanction ban = banOf(channelId, name, account, ip);
    if (ban != null) throw new ChatException(ErrorCode.BANNED, "You are banned from " + channel + reason(ban));
  }

  /** Refuses a message from a session timed out in the channel, saying how long is left. */
  void checkSay(Session session, long channelId, String channel) {
    Sanction timeout = find(timeouts, channelId, session.name, session.hasAccount(), session.ip);
    if (timeout == null) return;
    long leftMillis = timeout.expires().toEpochMilli() - System.currentTimeMillis();
    if (leftMillis <= 0) {
      remove(Kind.TIMEOUT, channelId, timeout.target()); // its row goes at the next start
      return;
    }
    long seconds = (leftMillis + 999) / 1000;
    throw new ChatException(ErrorCode.TIMED_OUT, "You are timed out in " + channel + " for " + seconds + " s more"
        + reason(timeout), seconds);
  }

  private Sanction banOf(long channel, String name, boolean account, String ip) {
    return find(bans, channel, name, account, ip);
  }

  private static Sanction find(Map<Long, Map<String, Sanction>> all, long channel, String name, boolean account, String ip) {
    Map<String, Sanction> here = all.get(channel);
    if (here == null) return null;
    if (name != null) {
      Sanction byName = here.get(Names.key(name));
      if (byName != null) return byName;
    }
    // A guest's address holds under any nickname; accounts answer for themselves by name.
    if (account || ip == null) return null;
    return here.values().stream().filter(s -> ip.equals(s.address())).findFirst().orElse(null);
  }

  private static String reason(Sanction s) {
    return s.reason().isEmpty() ? "." : ": " + s.reason();
  }
}
