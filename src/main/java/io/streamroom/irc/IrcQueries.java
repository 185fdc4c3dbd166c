package io.streamroom.irc;

import io.streamroom.chat.CommandType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import static io.streamroom.irc.IrcNumeric.*;

/** USERHOST and LIST: questions to the chat service, answered with their numerics. */
final class IrcQueries {
  /** Nicknames one USERHOST answers for (RFC 1459). */
  private static final int MAX_USERHOST = 5;

  private final IrcSession session;

  IrcQueries(IrcSession session) {
    this.session = session;
  }

  /** {@code USERHOST nick...} (five at most): {@code nick[*]=+user@host}, * for admins, - when away. */
  Future<?> userhost(List<String> nicks) {
    Set<String> wanted = nicks.stream().limit(MAX_USERHOST).map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    return session.chat.request(CommandType.USERS).onSuccess(reply -> session.reply(RPL_USERHOST,
        reply.getJsonArray("users").stream().map(o -> (JsonObject) o)
            .filter(u -> wanted.contains(u.getString("name").toLowerCase(Locale.ROOT)))
            .map(u -> u.getString("name") + (u.getBoolean("admin") ? "*" : "") + "="
                + ("online".equals(u.getString("status")) ? "+" : "-") + u.getString("username") + "@" + IrcRenderer.USER_HOST)
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
