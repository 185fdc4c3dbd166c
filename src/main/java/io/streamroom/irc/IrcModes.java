package io.streamroom.irc;

import io.streamroom.chat.CommandType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import static io.streamroom.irc.IrcNumeric.*;

/**
 * MODE, mapped to the chat's rules: {@code +M}/{@code -M} is a registered-only channel (only accounts may
 * talk; its owner or an admin sets it), {@code +o}/{@code -o} appoints or removes a moderator, {@code +b}/{@code -b}
 * bans or unbans (the nickname before '!' of the mask), and {@code +n} and {@code +t} are always on (only
 * members talk; only moderators set the topic). Owners show as ~ (q), moderators as @ (o).
 */
final class IrcModes {
  static final String BAN = "b";
  static final String REGISTERED_ONLY = "M";
  static final String OWNER = "q";
  static final String MODERATOR = "o";
  /** Channel flags without parameters: registered-only, and the always-on no-outside-messages and topic lock. */
  static final String CHANNEL_FLAGS = "Mnt";

  private final IrcSession session;

  IrcModes(IrcSession session) {
    this.session = session;
  }

  /** The NAMES/WHO prefix for a channel role (as the chat service names it). */
  static String prefix(String role) {
    return switch (role) {
      case "owner" -> "~";
      case "moderator" -> "@";
      default -> "";
    };
  }

  /** How a ban on a nickname looks as a mask. */
  static String banMask(String nick) {
    return nick + "!*@*";
  }

  Future<?> mode(IrcMessage m) {
    String target = m.param(0);
    String channel = session.channels.channelName(target, "MODE");
    if (channel == null) return Future.succeededFuture();
    String modes = m.param(1);
    if (modes == null) return show(channel);
    boolean add = true;
    int nextParam = 2;
    Future<?> done = Future.succeededFuture();
    for (char c : modes.toCharArray()) {
      switch (c) {
        case '+' -> add = true;
        case '-' -> add = false;
        case 'n', 't' -> { } // always on
        case 'M' -> done = change(done, channel, CommandType.MODE, new JsonObject().put("registeredOnly", add));
        case 'o', 'b' -> {
          String arg = m.param(nextParam++);
          if (arg == null) {
            if (c == 'b') session.reply(RPL_ENDOFBANLIST, channel, "End of channel ban list");
            else session.reply(ERR_NEEDMOREPARAMS, "MODE", "Not enough parameters");
            continue;
          }
          String nick = arg.contains("!") ? arg.substring(0, arg.indexOf('!')) : arg;
          CommandType type = c == 'o' ? (add ? CommandType.MOD : CommandType.UNMOD) : (add ? CommandType.BAN : CommandType.UNBAN);
          done = change(done, channel, type, new JsonObject().put("name", nick));
        }
        default -> session.reply(ERR_UNKNOWNMODE, String.valueOf(c), "is unknown mode char to me");
      }
    }
    return done;
  }

  /** One change after the other; the channel's MODE (or KICK) line tells everyone, us included. */
  private Future<?> change(Future<?> before, String channel, CommandType type, JsonObject args) {
    return before.compose(v -> session.chat.request(type, args.put("channel", channel)).recover(e -> {
      session.refuse(e, "MODE", channel);
      return Future.succeededFuture();
    }));
  }

  private Future<?> show(String channel) {
    return session.chat.request(CommandType.CHANNELS).onSuccess(reply -> {
      JsonObject found = reply.getJsonArray("channels").stream().map(o -> (JsonObject) o)
          .filter(c -> c.getString("name").equals(channel)).findFirst().orElse(null);
      if (found == null) session.reply(ERR_NOSUCHCHANNEL, channel, "No such channel");
      else session.line(IrcMessage.format(session.server(), RPL_CHANNELMODEIS.code, false, session.nick(), channel,
          "+" + (found.getBoolean("registeredOnly") ? REGISTERED_ONLY : "") + "nt")); // a mode string, not a text
    });
  }
}
