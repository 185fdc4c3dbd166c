package io.streamroom.irc;

import io.streamroom.chat.ChatException;
import io.streamroom.chat.CommandType;
import io.streamroom.chat.ErrorCode;
import io.streamroom.chat.Names;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.streamroom.irc.IrcNumeric.*;

/**
 * WHO and WHOIS: who users are (user part, host, real name), where, and how they are flagged. Users of every
 * client show, from the chat service's {@code who}, {@code users} and {@code whois}.
 */
final class IrcWho {
  /** WHOX's fields in the order its replies give them: token, channel, user, IP, host, server, nick, flags, hops, idle, account, op level, real name. */
  private static final String WHOX_FIELDS = "tcuihsnfdlaor";
  /** WHOX's way of saying the address is not shown (no address is). */
  private static final String HIDDEN_ADDRESS = "255.255.255.255";
  private final IrcSession session;

  IrcWho(IrcSession session) {
    this.session = session;
  }

  /** WHO's options: "o" keeps only IRC operators; {@code %fields[,token]} asks for WHOX's 354 with those fields. */
  private record Options(boolean operatorsOnly, String fields, String token) {
    static Options of(String options) {
      if (options == null) return new Options(false, null, null);
      int percent = options.indexOf('%');
      String flags = percent < 0 ? options : options.substring(0, percent);
      if (percent < 0) return new Options(flags.contains("o"), null, null);
      String[] fields = options.substring(percent + 1).split(",", 2);
      return new Options(flags.contains("o"), fields[0], fields.length > 1 ? fields[1] : "0");
    }
  }

  /**
   * {@code WHO #channel} lists its members; {@code WHO mask} the users whose nickname matches (* and ?),
   * but those with +i only when named exactly or sharing a channel. See {@link Options} for the rest.
   */
  Future<?> who(String mask, String rawOptions) {
    Options options = Options.of(rawOptions);
    boolean operatorsOnly = options.operatorsOnly();
    if (mask.startsWith("#")) {
      String channel;
      try {
        channel = Names.channel(mask);
      } catch (ChatException e) {
        session.reply(RPL_ENDOFWHO, mask, "End of WHO list");
        return Future.succeededFuture();
      }
      return session.chat.request(CommandType.WHO, new JsonObject().put("channel", channel)).onSuccess(reply -> {
        reply.getJsonArray("members").stream().map(o -> (JsonObject) o).filter(u -> !operatorsOnly || u.getBoolean("admin"))
            .forEach(u -> whoReply(channel, u, IrcModes.prefix(u, session.caps.has(IrcCaps.Cap.MULTI_PREFIX)), options));
        session.reply(RPL_ENDOFWHO, mask, "End of WHO list");
      });
    }
    boolean exact = mask.indexOf('*') < 0 && mask.indexOf('?') < 0;
    Pattern nicks = glob(mask.equals("0") ? "*" : mask);
    return session.chat.request(CommandType.USERS).onSuccess(reply -> {
      reply.getJsonArray("users").stream().map(o -> (JsonObject) o)
          .filter(u -> nicks.matcher(u.getString("name")).matches())
          .filter(u -> exact || !u.getString("modes").contains("i") || u.getBoolean("sharesChannel")
              || u.getString("name").equalsIgnoreCase(session.name()))
          .filter(u -> !operatorsOnly || u.getBoolean("admin"))
          .forEach(u -> whoReply("*", u, "", options));
      session.reply(RPL_ENDOFWHO, mask, "End of WHO list");
    });
  }

  /** A mask with * and ? as a case-insensitive pattern. */
  static Pattern glob(String mask) {
    StringBuilder regex = new StringBuilder();
    for (char c : mask.toCharArray()) {
      regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
  }

  /** 352 (or WHOX's 354): H here or G away, * for IRC operators, the channel prefix, B for bots; hop count 0. */
  private void whoReply(String channel, JsonObject u, String prefix, Options options) {
    String flags = ("online".equals(u.getString("status")) ? "H" : "G") + (u.getBoolean("admin") ? "*" : "") + prefix
        + (u.getString("modes").contains("B") ? "B" : "");
    if (options.fields() == null) {
      session.reply(RPL_WHOREPLY, channel, u.getString("username"), IrcRenderer.USER_HOST, session.server(),
          u.getString("name"), flags, "0 " + u.getString("realName"));
      return;
    }
    List<String> params = new ArrayList<>();
    for (char field : WHOX_FIELDS.toCharArray()) {
      if (options.fields().indexOf(field) < 0) continue;
      params.add(switch (field) {
        case 't' -> options.token();
        case 'c' -> channel;
        case 'u' -> u.getString("username");
        case 'i' -> HIDDEN_ADDRESS;
        case 'h' -> IrcRenderer.USER_HOST;
        case 's' -> session.server();
        case 'n' -> u.getString("name");
        case 'f' -> flags;
        case 'd', 'l' -> "0"; // hops; seconds idle, which are not kept
        case 'a' -> u.getBoolean("account") ? u.getString("name") : "0";
        case 'o' -> "n/a";
        default -> u.getString("realName");
      });
    }
    session.reply(RPL_WHOSPCRPL, params.toArray(String[]::new));
  }

  /** {@code WHOIS nick}: who they are, their channels, server, operator, away, account, bot. */
  Future<?> whois(String nick) {
    return session.chat.request(CommandType.WHOIS, new JsonObject().put("name", nick)).onSuccess(u -> {
      String name = u.getString("name");
      session.reply(RPL_WHOISUSER, name, u.getString("username"), IrcRenderer.USER_HOST, "*", u.getString("realName"));
      String channels = u.getJsonArray("channels").stream().map(o -> (JsonObject) o)
          .map(c -> IrcModes.prefix(c, false) + c.getString("name")).collect(Collectors.joining(" "));
      if (!channels.isEmpty()) session.reply(RPL_WHOISCHANNELS, name, channels);
      session.reply(RPL_WHOISSERVER, name, session.server(), session.settings.ircServerDescription());
      if (u.getBoolean("admin")) session.reply(RPL_WHOISOPERATOR, name, "is a server admin");
      if (!"online".equals(u.getString("status"))) session.reply(RPL_AWAY, name, u.getString("awayMessage", "Away"));
      if (u.getBoolean("account")) session.reply(RPL_WHOISACCOUNT, name, name, "is logged in as");
      if (u.getString("modes").contains("B")) session.reply(RPL_WHOISBOT, name, "is a bot");
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
}
