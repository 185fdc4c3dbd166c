package io.streamroom.irc;

import io.streamroom.chat.ChatException;
import io.streamroom.chat.CommandType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import static io.streamroom.irc.IrcNumeric.*;

/** {@code WHOWAS nick [count]}: who had the nickname before, newest first, from the chat service's history. */
final class IrcWhowas {
  private static final DateTimeFormatter WHEN = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private final IrcSession session;

  IrcWhowas(IrcSession session) {
    this.session = session;
  }

  /** 314 and 312 (with when they left) per entry, or 406; then 369. A count of 0 or less, or none, asks for all. */
  Future<?> whowas(String nick, String count) {
    JsonObject args = new JsonObject().put("name", nick).put("count", parseCount(count));
    return session.chat.request(CommandType.WHOWAS, args).recover(e -> {
      if (e instanceof ChatException) return Future.succeededFuture(new JsonObject().put("entries", new JsonArray()));
      return Future.failedFuture(e);
    }).onSuccess(reply -> {
      if (reply.getJsonArray("entries").isEmpty()) session.reply(ERR_WASNOSUCHNICK, nick, "There was no such nickname");
      reply.getJsonArray("entries").stream().map(o -> (JsonObject) o).forEach(e -> {
        String name = e.getString("name");
        session.reply(RPL_WHOWASUSER, name, e.getString("username"), IrcRenderer.USER_HOST, "*", e.getString("realName"));
        session.reply(RPL_WHOISSERVER, name, session.server(), WHEN.format(Instant.ofEpochMilli(e.getLong("at"))));
      });
      session.reply(RPL_ENDOFWHOWAS, nick, "End of WHOWAS");
    });
  }

  private static int parseCount(String count) {
    if (count == null) return 0;
    try {
      return Integer.parseInt(count.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
