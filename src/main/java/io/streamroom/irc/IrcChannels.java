package io.streamroom.irc;

import io.streamroom.chat.ChatException;
import io.streamroom.chat.CommandType;
import io.streamroom.chat.ErrorCode;
import io.streamroom.chat.Names;
import io.streamroom.tcp.ChannelFanout;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static io.streamroom.irc.IrcNumeric.*;

/**
 * The channels an IRC client is in (any number at once): JOIN (subscribe at the node's fan-out first, join,
 * then JOIN, topic, names and the last messages), PART, being removed by the server (kick, ban, deletion),
 * NAMES and TOPIC. Runs on the connection's event loop.
 */
final class IrcChannels {
  /** How history looks to clients without server-time, which cannot be told when it was said otherwise. */
  private static final DateTimeFormatter HISTORY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
  /** Names per RPL_NAMREPLY line: with 20-character nicknames, well inside 512 bytes. */
  private static final int NAMES_PER_LINE = 20;

  private final IrcSession session;
  private final ChannelFanout fanout;
  private final Set<String> joined = new LinkedHashSet<>();

  IrcChannels(IrcSession session, ChannelFanout fanout) {
    this.session = session;
    this.fanout = fanout;
  }

  boolean isIn(String channel) {
    return joined.contains(channel);
  }

  List<String> joined() {
    return List.copyOf(joined);
  }

  /** The canonical name of a channel parameter, or null after telling the client it is none (403). */
  String channelName(String raw, String command) {
    try {
      if (raw.startsWith("#")) return Names.channel(raw);
      throw new ChatException(ErrorCode.BAD_CHANNEL);
    } catch (ChatException e) {
      session.refuse(e, command, raw);
      return null;
    }
  }

  /** {@code JOIN #a,#b [keyA,keyB]}, one after the other; {@code JOIN 0} leaves every channel. */
  Future<?> join(String list, String keyList) {
    if (list.equals("0")) return part(String.join(",", joined), null);
    String[] keys = keyList == null ? new String[0] : keyList.split(",");
    Future<?> done = Future.succeededFuture();
    String[] channels = list.split(",");
    for (int i = 0; i < channels.length; i++) {
      String raw = channels[i];
      String key = i < keys.length && !keys[i].isEmpty() ? keys[i] : null;
      if (!raw.isEmpty()) done = done.compose(v -> joinOne(raw, key));
    }
    return done;
  }

  private Future<?> joinOne(String raw, String key) {
    String channel = channelName(raw, "JOIN");
    if (channel == null || joined.contains(channel)) return Future.succeededFuture();
    session.holdChannelLines();
    JsonObject args = new JsonObject().put("channel", channel);
    if (key != null) args.put("key", key);
    return fanout.subscribe(channel, session)
        .compose(v -> session.chat.request(CommandType.JOIN, args))
        .map(reply -> {
          if (session.connection.isClosed()) {
            fanout.unsubscribe(channel, session); // connectionClosed did not know this one yet
          } else {
            joined.add(channel);
            joinedLines(channel, reply);
          }
          session.releaseChannelLines();
          return null;
        })
        .recover(e -> {
          fanout.unsubscribe(channel, session);
          session.releaseChannelLines();
          session.refuse(e, "JOIN", channel);
          return Future.succeededFuture();
        });
  }

  /** JOIN, the topic, the names, then the last messages (with their time, the IRCv3 way when negotiated). */
  private void joinedLines(String channel, JsonObject reply) {
    String me = session.name();
    session.line(session.tags(System.currentTimeMillis(), null) + IrcMessage.format(IrcRenderer.mask(me), "JOIN", false, channel));
    if (!reply.getString("topic", "").isEmpty()) topicLines(channel, reply);
    names(channel, reply.getBoolean("secret", false), prefixed(reply.getJsonArray("roles")));
    boolean serverTime = session.caps.has(IrcCaps.Cap.SERVER_TIME);
    JsonArray history = reply.getJsonArray("history");
    for (int i = 0; i < history.size(); i++) {
      JsonObject m = history.getJsonObject(i);
      if (!serverTime && m.getJsonObject("media") == null) {
        m = m.copy().put("text", "[" + HISTORY_TIME.format(Instant.ofEpochMilli(m.getLong("at"))) + " UTC] " + m.getString("text"));
      }
      session.lines(IrcRenderer.said(m, session.caps.variant(), channel, session.settings.httpBase()));
    }
    if (reply.getBoolean("historyUnavailable", false)) channelNotice(channel, "History cannot be read right now.");
    JsonObject live = reply.getJsonObject("live");
    if (live != null) channelNotice(channel, channel + " is live now (" + live.getString("source") + "): watch "
        + session.settings.httpBase() + io.streamroom.live.LiveHub.watchPath(channel));
  }

  private void channelNotice(String channel, String text) {
    session.line(IrcMessage.format(session.server(), "NOTICE", true, channel, text));
  }

  /** A member in NAMES: the nickname, or the whole mask for userhost-in-names clients. */
  private String shownName(String nick) {
    return session.caps.has(IrcCaps.Cap.USERHOST_IN_NAMES) ? IrcRenderer.mask(nick) : nick;
  }

  /** RPL_TOPIC and, when known, who set it and when (RPL_TOPICWHOTIME). */
  private void topicLines(String channel, JsonObject reply) {
    session.reply(RPL_TOPIC, channel, reply.getString("topic"));
    if (reply.getString("topicBy") != null) {
      session.line(IrcMessage.format(session.server(), RPL_TOPICWHOTIME.code, false, session.nick(), channel,
          reply.getString("topicBy"), String.valueOf(reply.getLong("topicAt"))));
    }
  }

  /** Members as NAMES shows them: prefixes (all of them with multi-prefix) and the name or the whole mask. */
  private List<String> prefixed(JsonArray members) {
    boolean multi = session.caps.has(IrcCaps.Cap.MULTI_PREFIX);
    return members.stream().map(o -> (JsonObject) o).map(m -> IrcModes.prefix(m, multi) + shownName(m.getString("name"))).toList();
  }

  /** RPL_NAMREPLY lines of prefixed names ("@" marks a secret channel), then RPL_ENDOFNAMES. */
  void names(String channel, boolean secret, List<String> prefixedNames) {
    for (int i = 0; i < prefixedNames.size(); i += NAMES_PER_LINE) {
      session.reply(RPL_NAMREPLY, secret ? "@" : "=", channel,
          String.join(" ", prefixedNames.subList(i, Math.min(prefixedNames.size(), i + NAMES_PER_LINE))));
    }
    session.reply(RPL_ENDOFNAMES, channel, "End of /NAMES list");
  }

  /** {@code NAMES #channel}: the members with their prefixes, from the chat service's member list. */
  Future<?> names(String raw) {
    String channel;
    try {
      if (!raw.startsWith("#")) throw new ChatException(ErrorCode.BAD_CHANNEL);
      channel = Names.channel(raw);
    } catch (ChatException e) {
      session.reply(RPL_ENDOFNAMES, raw, "End of /NAMES list");
      return Future.succeededFuture();
    }
    return session.chat.request(CommandType.WHO, new JsonObject().put("channel", channel))
        .onSuccess(who -> names(channel, who.getBoolean("secret", false), prefixed(who.getJsonArray("members"))));
  }

  /** {@code PART #a,#b [:reason]} */
  Future<?> part(String list, String reason) {
    Future<?> done = Future.succeededFuture();
    for (String raw : list.split(",")) {
      if (raw.isEmpty()) continue;
      done = done.compose(v -> {
        String channel = channelName(raw, "PART");
        if (channel == null) return Future.succeededFuture();
        if (!joined.remove(channel)) {
          session.reply(ERR_NOTONCHANNEL, channel, "You're not on that channel");
          return Future.succeededFuture();
        }
        JsonObject args = new JsonObject().put("channel", channel);
        if (reason != null) args.put("message", IrcDispatcher.cut(reason));
        return session.chat.request(CommandType.PART, args)
            .onSuccess(r -> {
              fanout.unsubscribe(channel, session);
              String me = IrcRenderer.mask(session.name());
              session.line(reason == null ? IrcMessage.format(me, "PART", false, channel) : IrcMessage.format(me, "PART", true, channel, reason));
            })
            .recover(e -> {
              // Still there: the part was refused (too many parts at once). A connection gone meanwhile leaves.
              if (session.connection.isClosed()) fanout.unsubscribe(channel, session);
              else joined.add(channel);
              session.refuse(e, "PART", channel);
              return Future.succeededFuture();
            });
      });
    }
    return done;
  }

  /** {@code TOPIC #channel [:text]}: shows the topic, or sets it (everyone sees the TOPIC). */
  Future<?> topic(String raw, String text) {
    String channel = channelName(raw, "TOPIC");
    if (channel == null) return Future.succeededFuture();
    if (text != null && joined.contains(channel)) {
      return session.chat.request(CommandType.TOPIC, new JsonObject().put("channel", channel).put("topic", text))
          .recover(e -> {
            session.refuse(e, "TOPIC", channel);
            return Future.succeededFuture();
          });
    }
    // Shown, or for a channel we are not in that exists, 442 ERR_NOTONCHANNEL; else 403 ERR_NOSUCHCHANNEL.
    return session.chat.request(CommandType.CHANNEL, new JsonObject().put("channel", channel)).onSuccess(info -> {
      if (text != null) session.reply(ERR_NOTONCHANNEL, channel, "You're not on that channel");
      else if (info.getString("topic").isEmpty()) session.reply(RPL_NOTOPIC, channel, "No topic is set");
      else topicLines(channel, info);
    }).recover(e -> {
      session.refuse(e, "TOPIC", channel);
      return Future.succeededFuture();
    });
  }

  // ---- removed by the server

  /** Kicked or banned out of a channel (told by the channel's line): its lines stop. */
  void removed(String channel) {
    if (joined.remove(channel)) fanout.unsubscribe(channel, session);
  }

  /** Banned, or the channel was deleted: a KICK, if the channel's own line has not said so already. */
  void kickedFrom(String channel, String by, String reason) {
    if (!joined.contains(channel)) return;
    session.line(IrcMessage.format(IrcRenderer.mask(by), "KICK", true, channel, session.name(), reason));
    removed(channel);
  }

  /** The server took the session out of a channel for another reason. */
  void partedByServer(String channel) {
    if (!joined.contains(channel)) return;
    session.line(IrcMessage.format(IrcRenderer.mask(session.name()), "PART", false, channel));
    removed(channel);
  }

  /** Kicked off the server: a KICK from every channel, then the connection closes. */
  void kickedFromAll(String by, String reason) {
    for (String channel : List.copyOf(joined)) kickedFrom(channel, by, reason);
  }

  void connectionClosed() {
    joined.forEach(channel -> fanout.unsubscribe(channel, session));
    joined.clear();
  }
}
