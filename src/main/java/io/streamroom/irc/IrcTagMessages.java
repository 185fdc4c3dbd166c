package io.streamroom.irc;

import io.streamroom.chat.CommandType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.Map;

/**
 * IRCv3 message-tags from clients: the client-only tags ({@code +name}) of a PRIVMSG, NOTICE or TAGMSG go
 * with it to the recipients that negotiated message-tags; other tags a client sends are dropped.
 */
final class IrcTagMessages {
  private final IrcSession session;

  IrcTagMessages(IrcSession session) {
    this.session = session;
  }

  /** @return the line's client-only tags, or null for none */
  static JsonObject clientTags(IrcMessage m) {
    JsonObject tags = null;
    for (Map.Entry<String, String> tag : m.tags().entrySet()) {
      if (!tag.getKey().startsWith("+")) continue;
      if (tags == null) tags = new JsonObject();
      tags.put(tag.getKey(), tag.getValue());
    }
    return tags;
  }

  /** {@code TAGMSG target}: to a channel (its line is the echo) or a nickname (echoed here with echo-message). */
  Future<?> tagmsg(IrcMessage m) {
    String target = m.param(0);
    JsonObject tags = clientTags(m);
    if (tags == null) return Future.succeededFuture(); // nothing to relay
    JsonObject args = new JsonObject().put("tags", tags);
    if (target.startsWith("#")) args.put("channel", target.toLowerCase(Locale.ROOT));
    else args.put("to", target);
    return session.chat.request(CommandType.TAGMSG, args).onSuccess(reply -> {
      if (!target.startsWith("#") && session.caps.has(IrcCaps.Cap.ECHO_MESSAGE) && session.caps.has(IrcCaps.Cap.MESSAGE_TAGS)) {
        session.line(IrcRenderer.tagmsg(reply.put("from", session.name()), session.caps.variant(), reply.getString("to")));
      }
    }).recover(e -> {
      session.refuse(e, "TAGMSG", target);
      return Future.succeededFuture();
    });
  }
}
