package io.streamroom.irc;

import io.streamroom.chat.ChatException;
import io.streamroom.chat.CommandType;
import io.streamroom.chat.ErrorCode;
import io.streamroom.chat.Names;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import static io.streamroom.irc.IrcNumeric.*;

/** WHO, WHOIS and LIST: questions to the chat service, answered with their numerics. */
final class IrcQueries {
  /** Nicknames one USERHOST answers for (RFC 1459). */
  private static final int MAX_USERHOST = 5;

  private final IrcSession session;

  IrcQueries(IrcSession session) {
    this.session = session;
  }

  /** {@code WHO #channel} lists its members; {@code WHO nick} that user. H is here, G is away. */
  Future<?> who(String mask) {
    if (mask.startsWith("#")) {
      String channel;
      try {
        channel = Names.channel(mask);
      } catch (ChatException e) {
        session.reply(RPL_ENDOFWHO, mask, "End of WHO list");
        return Future.succeededFuture();
      }
      return session.chat.request(CommandType.WHO, new JsonObject().put("channel", channel)).onSuccess(reply -> {
        boolean multi = session.caps.has(IrcCaps.Cap.MULTI_PREFIX);
        reply.getJsonArray("members").stream().map(o -> (JsonObject) o).forEach(m -> whoReply(channel, m.getString("name"),
            m.getString("status"), IrcModes.prefix(m, multi)));
        session.reply(RPL_ENDOFWHO, mask, "End of WHO list");
      });
    }
    return session.chat.request(CommandType.USERS).onSuccess(reply -> {
      reply.getJsonArray("users").stream().map(o -> (JsonObject) o).filter(u -> u.getString("name").equalsIgnoreCase(mask))
          .forEach(u -> whoReply("*", u.getString("name"), u.getString("status"), u.getBoolean("admin") ? "*" : ""));
      session.reply(RPL_ENDOFWHO, mask, "End of WHO list");
    });
  }

  private void whoReply(String channel, String nick, String status, String prefix) {
    session.reply(RPL_WHOREPLY, channel, nick, IrcRenderer.USER_HOST, session.server(), nick,
        ("online".equals(status) ? "H" : "G") + prefix, "0 " + nick);
  }

  /** {@code WHOIS nick}: who they are, their account, admin, away, and their channels. */
  Future<?> whois(String nick) {
    return session.chat.request(CommandType.WHOIS, new JsonObject().put("name", nick)).onSuccess(u -> {
      String name = u.getString("name");
      session.reply(RPL_WHOISUSER, name, name, IrcRenderer.USER_HOST, "*", name);
      String channels = u.getJsonArray("channels").stream().map(Object::toString).collect(Collectors.joining(" "));
      if (!channels.isEmpty()) session.reply(RPL_WHOISCHANNELS, name, channels);
      session.reply(RPL_WHOISSERVER, name, session.server(), "Streamroom");
      if (u.getBoolean("admin")) session.reply(RPL_WHOISOPERATOR, name, "is a server admin");
      if (!"online".equals(u.getString("status"))) session.reply(RPL_AWAY, name, u.getString("awayMessage", "Away"));
      if (u.getBoolean("account")) session.reply(RPL_WHOISACCOUNT, name, name, "is logged in as");
      session.reply(RPL_ENDOFWHOIS, name, "End of /WHOIS list");
    }).recover(e -> {
      if (e instanceof ChatException c && (c.code() == ErrorCode.NO_SUCH_USER || c.code() == ErrorCode.BAD_NICK)) {
        session.reply(ERR_NOSUCHNICK, nick, "No such nick");
        session.reply(RPL_ENDOFWHOIS, nick, "End of /WHOIS list");
        return Future.succeededFuture();
      }
      return Future.failedFuture(e);
    });
  }

  /** {@code USERHOST nick...} (five at most): {@code nick[*]=+user@host}, * for admins, - when away. */
  Future<?> userhost(List<String> nicks) {
    Set<String> wanted = nicks.stream().limit(MAX_USERHOST).map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    return session.chat.request(CommandType.USERS).onSuccess(reply -> session.reply(RPL_USERHOST,
        reply.getJsonArray("users").stream().map(o -> (JsonObject) o)
            .filter(u -> wanted.contains(u.getString("name").toLowerCase(Locale.ROOT)))
            .map(u -> u.getString("name") + (u.getBoolean("admin") ? "*" : "") + "="
                + ("online".equals(u.getString("status")) ? "+" : "-") + u.getString("name") + "@" + IrcRenderer.USER_HOST)
            .collect(Collectors.joining(" "))));
  }

  /** {@code LIST [#a,#b]}: channels with members, with their member counts and topics (secret ones to their members). */
  Future<?> list(String only) {
    Set<String> wanted = only == null ? null : Arrays.stream(only.split(",")).map(String::toLowerCase).collect(Collectors.toSet());
    return session.chat.request(CommandType.CHANNELS).onSuccess(reply -> {
      session.reply(RPL_LISTSTART, "Channel", "Users  Name");
      reply.getJsonArray("channels").stream().map(o -> (JsonObject) o)
          .filter(c -> wanted == null || wanted.contains(c.getString("name")))
          .filter(c -> c.getInteger("members") > 0) // IRC's channels are those with members
          .forEach(c -> session.reply(RPL_LIST, c.getString("name"), String.valueOf(c.getInteger("members")), c.getString("topic", "")));
      session.reply(RPL_LISTEND, "End of /LIST");
    });
  }
}
