package io.streamroom.tcp;

import io.streamroom.chat.ChatClient;
import io.streamroom.chat.CommandType;
import io.streamroom.chat.Names;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The one channel a telnet connection is in: moving to another (subscribe to the node's
 * {@link ChannelFanout} first, join, show the history, then leave the old one) and unsubscribing when the
 * connection ends. Runs on the connection's event loop.
 */
final class TelnetChannel {
  private final TelnetSession session;
  private final ChannelFanout fanout;
  private final ChatClient chat;
  /** Where links to recordings point. */
  private final String httpBase;
  /** Null until the first join. */
  private String current;

  TelnetChannel(TelnetSession session, ChannelFanout fanout, ChatClient chat, String httpBase) {
    this.httpBase = httpBase;
    this.session = session;
    this.fanout = fanout;
    this.chat = chat;
  }

  String current() {
    return current;
  }

  /**
   * Moves to {@code target} (with its key, or null): subscribe first so no event is missed, join, then leave
   * the old channel.
   */
  Future<?> join(String target, String key) {
    String previous = current;
    if (target.equals(previous)) {
      session.info("You are already in " + target + ".");
      return Future.succeededFuture();
    }
    session.holdChannelLines();
    return fanout.subscribe(target, session)
        .compose(v -> chat.request(CommandType.JOIN, new JsonObject().put("channel", target).put("key", key)))
        .onFailure(e -> {
          fanout.unsubscribe(target, session);
          session.releaseChannelLines();
        })
        .compose(reply -> {
          if (session.isClosed()) {
            fanout.unsubscribe(target, session); // connectionClosed only knew the previous channel
            return Future.succeededFuture();
          }
          current = target;
          JsonArray history = reply.getJsonArray("history");
          for (int i = 0; i < history.size(); i++) session.sendLine(TelnetRenderer.history(history.getJsonObject(i), httpBase));
          if (reply.getBoolean("historyUnavailable", false)) session.info("History cannot be read right now.");
          List<String> members = reply.getJsonArray("members").stream().map(Object::toString).toList();
          session.info("You joined " + target + ". Here: " + String.join(", ", members));
          if (!reply.getString("topic", "").isEmpty()) session.info("Topic: " + reply.getString("topic"));
          JsonObject live = reply.getJsonObject("live");
          if (live != null) session.info(target + " is live now (" + live.getString("source") + "): /live shows where to watch.");
          session.releaseChannelLines();
          if (previous == null) return Future.succeededFuture();
          fanout.unsubscribe(previous, session);
          return chat.request(CommandType.PART, new JsonObject().put("channel", previous));
        });
  }

  /** Back to the lobby; the lobby itself is left only by quitting. */
  Future<?> part() {
    if (Names.LOBBY.equals(current)) {
      session.error("You are in " + Names.LOBBY + ", the channel everyone starts in. Use /quit to leave the chat.");
      return Future.succeededFuture();
    }
    return join(Names.LOBBY, null);
  }

  /**
   * The chat service took the session out of a channel. When it is the current one (a ban, a deleted
   * channel), its lines stop and the user goes back to the lobby; a part of the channel just left is no news.
   */
  void removedFrom(String channel) {
    if (!channel.equals(current) || session.isClosed()) return;
    fanout.unsubscribe(channel, session);
    current = null;
    if (!Names.LOBBY.equals(channel)) join(Names.LOBBY, null).onFailure(e -> session.error("Could not go back to " + Names.LOBBY + ": " + e.getMessage()));
    else session.info("You are in no channel now: /join another one.");
  }

  /** The connection is gone: its lines stop coming. */
  void connectionClosed() {
    if (current != null) fanout.unsubscribe(current, session);
  }
}
