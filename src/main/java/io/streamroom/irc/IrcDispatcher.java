package io.streamroom.irc;

import io.streamroom.chat.ChatException;
import io.streamroom.chat.CommandType;
import io.streamroom.chat.ErrorCode;
import io.streamroom.chat.Names;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import static io.streamroom.irc.IrcNumeric.*;

/**
 * A registered client's commands: the table of what each asks the chat service (the same commands telnet
 * sends) and how the answer is shown. Holds no rules: refusals come from the chat service and are
 * rendered by {@link IrcErrors}.
 */
final class IrcDispatcher {
  /** CTCP's marker: an ACTION ("/me waves") is said as "* waves"; other CTCP queries are not answered. */
  private static final char CTCP = '\u0001';
  /** Longest away, part, quit and kick text: the chat's limit for reasons (AWAYLEN, KICKLEN); longer ones are cut, as IRC servers do. */
  private static final int MAX_REASON = Names.MAX_TOPIC_LENGTH;
  /** Targets one PRIVMSG or NOTICE may name (TARGMAX). */
  private static final int MAX_TARGETS = 4;

  private final IrcSession session;
  private final IrcQueries queries;
  private final IrcWho who;
  private final IrcModes modes;
  private final IrcUserModes userModes;
  private final IrcOperators operators;
  private final IrcWhowas whowas;
  private final IrcServerInfo serverInfo;
  private final IrcTagMessages tagMessages;
  private final IrcHelp help;
  private final IrcWelcome welcome;
  private final IrcRegistration registration;
  /** Numbers this connection's messages: with its random id, a key no other message of this user has. */
  private long said;

  IrcDispatcher(IrcSession session, IrcRegistration registration) {
    this.session = session;
    this.registration = registration;
    this.queries = new IrcQueries(session);
    this.who = new IrcWho(session);
    this.modes = new IrcModes(session);
    this.userModes = new IrcUserModes(session);
    this.operators = new IrcOperators(session);
    this.whowas = new IrcWhowas(session);
    this.serverInfo = new IrcServerInfo(session);
    this.tagMessages = new IrcTagMessages(session);
    this.help = new IrcHelp(session);
    this.welcome = new IrcWelcome(session);
  }

  Future<?> handle(IrcMessage m) {
    if (m.params().size() < minParams(m.command())) {
      session.reply(ERR_NEEDMOREPARAMS, m.command(), "Not enough parameters");
      return Future.succeededFuture();
    }
    String p0 = m.param(0);
    String p1 = m.param(1);
    return switch (m.command()) {
      case "PRIVMSG", "NOTICE" -> message(m.command(), p0, p1, IrcTagMessages.clientTags(m));
      case "JOIN" -> session.channels.join(p0, p1);
      case "PART" -> session.channels.part(p0, p1);
      case "TOPIC" -> session.channels.topic(p0, p1);
      case "NAMES" -> p0 == null ? shown(() -> session.reply(RPL_ENDOFNAMES, "*", "End of /NAMES list")) : session.channels.names(p0);
      case "WHO" -> who.who(p0, p1);
      case "WHOIS" -> who.whois(p1 != null ? p1 : p0); // WHOIS [server] nick
      case "LIST" -> queries.list(p0);
      case "MODE" -> p0.startsWith("#") ? modes.mode(m) : userModes.mode(p0, p1);
      case "KICK" -> kick(p0, p1, m.param(2));
      case "INVITE" -> invite(p0, p1);
      case "AWAY" -> away(p0);
      case "MOTD" -> shown(welcome::motd);
      case "USERHOST" -> queries.userhost(m.params());
      case "WHOWAS" -> whowas.whowas(p0, p1);
      case "LUSERS" -> serverInfo.lusers();
      case "INFO" -> serverInfo.info(p0);
      case "LINKS" -> shown(serverInfo::links);
      case "HELP", "HELPOP" -> shown(() -> help.help(p0));
      case "OPER" -> operators.oper(p0, p1);
      case "KILL" -> operators.kill(p0, p1);
      case "WALLOPS" -> operators.wallops(p0);
      case "SETNAME" -> setName(p0);
      case "TIME" -> shown(() -> session.reply(RPL_TIME, session.server(),
          ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.RFC_1123_DATE_TIME)));
      case "PING" -> shown(() -> pong(session, m));
      case "TAGMSG" -> tagMessages.tagmsg(m);
      case "PONG" -> Future.succeededFuture(); // alive
      case "CAP" -> registration.cap(m);
      case "NICK" -> nick(p0);
      case "USER", "PASS" -> shown(() -> session.reply(ERR_ALREADYREGISTERED, "You may not reregister"));
      case "AUTHENTICATE" -> shown(() -> session.reply(ERR_SASLALREADY, "You have already registered"));
      case "QUIT" -> session.quit(p0 == null ? "Client quit" : p0);
      default -> shown(() -> session.reply(ERR_UNKNOWNCOMMAND, m.command(), "Unknown command"));
    };
  }

  private static int minParams(String command) {
    return switch (command) {
      case "JOIN", "PART", "TOPIC", "TAGMSG", "WHO", "WHOIS", "WHOWAS", "MODE", "NICK", "USERHOST", "KILL", "WALLOPS", "SETNAME" -> 1;
      case "KICK", "INVITE", "OPER" -> 2;
      default -> 0;
    };
  }

  private static Future<?> shown(Runnable output) {
    output.run();
    return Future.succeededFuture();
  }

  static void pong(IrcSession session, IrcMessage m) {
    if (m.param(0) == null) session.reply(ERR_NOORIGIN, "No origin specified");
    else session.line(IrcMessage.format(session.server(), "PONG", true, session.server(), m.param(0)));
  }

  /** A line that only says something in a channel we are in: it may go while earlier ones are on their way. */
  boolean isPlainSay(IrcMessage m) {
    String target = m.param(0);
    String text = m.param(1);
    return m.params().size() == 2 && target.indexOf(',') < 0 && session.channels.isIn(target.toLowerCase(Locale.ROOT))
        && !text.isEmpty() && text.charAt(0) != CTCP;
  }

  /** PRIVMSG and NOTICE to channels and nicknames; a NOTICE is never answered with an error (RFC 1459). */
  private Future<?> message(String command, String targets, String raw, JsonObject tags) {
    boolean notice = command.equals("NOTICE");
    if (targets == null || targets.isEmpty()) {
      return notice ? Future.succeededFuture() : shown(() -> session.reply(ERR_NORECIPIENT, "No recipient given (" + command + ")"));
    }
    if (raw == null || raw.isEmpty()) return notice ? Future.succeededFuture() : shown(() -> session.reply(ERR_NOTEXTTOSEND, "No text to send"));
    String text = raw;
    if (text.charAt(0) == CTCP) {
      if (!text.startsWith(CTCP + "ACTION ")) return Future.succeededFuture();
      text = "* " + text.substring(8).replace(String.valueOf(CTCP), "");
    }
    Future<?> done = Future.succeededFuture();
    String[] list = targets.split(",");
    for (int i = 0; i < Math.min(list.length, MAX_TARGETS); i++) {
      String target = list[i];
      String said = text;
      done = done.compose(v -> sendTo(command, target, said, tags).recover(e -> {
        if (!notice) session.refuse(e, command, target);
        return Future.succeededFuture();
      }));
    }
    return done;
  }

  private Future<?> sendTo(String command, String target, String text, JsonObject tags) {
    JsonObject args = new JsonObject().put("text", text).put("key", session.connection.id + "-" + ++said);
    if (tags != null) args.put("tags", tags);
    if (command.equals("NOTICE")) args.put("notice", true);
    if (target.startsWith("#")) {
      // The channel's own line is the echo, for echo-message clients.
      return session.chat.request(CommandType.SAY, args.put("channel", target.toLowerCase(Locale.ROOT)));
    }
    return session.chat.request(CommandType.PRIVATE, args.put("to", target))
        .onSuccess(reply -> {
          String away = reply.getString("away");
          if (away != null && command.equals("PRIVMSG")) session.reply(RPL_AWAY, reply.getString("to"), away);
          if (!session.caps.has(IrcCaps.Cap.ECHO_MESSAGE)) return;
          session.lines(IrcRenderer.privmsgs(part -> IrcRenderer.tags(session.caps.variant(), System.currentTimeMillis(),
              reply.getLong("id") + (part == 0 ? "" : "-" + part), null, reply),
              IrcRenderer.mask(session.name()), command, reply.getString("to"), text));
        });
  }

  /** KICK takes a member out of the channel (they stay connected); the channel's KICK line tells everyone. */
  private Future<?> kick(String raw, String nick, String reason) {
    String channel = session.channels.channelName(raw, "KICK");
    if (channel == null) return Future.succeededFuture();
    JsonObject args = new JsonObject().put("channel", channel).put("name", nick);
    if (reason != null && !reason.isBlank()) args.put("reason", cut(reason));
    return session.chat.request(CommandType.CHANNEL_KICK, args).recover(e -> aboutMember(e, "KICK", channel, nick));
  }

  /** {@code INVITE nick #channel}: 341 RPL_INVITING here, an INVITE line to the invited user. */
  private Future<?> invite(String nick, String raw) {
    String channel = session.channels.channelName(raw, "INVITE");
    if (channel == null) return Future.succeededFuture();
    return session.chat.request(CommandType.INVITE, new JsonObject().put("channel", channel).put("name", nick))
        .onSuccess(reply -> session.reply(RPL_INVITING, reply.getString("name"), channel))
        .recover(e -> aboutMember(e, "INVITE", channel, nick));
  }

  private <T> Future<T> aboutMember(Throwable e, String command, String channel, String nick) {
    if (e instanceof ChatException c) session.line(IrcErrors.aboutMember(session.server(), c, session.nick(), command, channel, nick));
    else session.refuse(e, command, channel);
    return Future.succeededFuture();
  }

  /** IRCv3 SETNAME: a new real name; the client sees it confirmed (with the capability), its channels too. */
  private Future<?> setName(String realName) {
    return session.chat.request(CommandType.SETNAME, new JsonObject().put("realName", realName)).onSuccess(reply -> {
      if (session.caps.has(IrcCaps.Cap.SETNAME)) {
        session.line(IrcMessage.format(IrcRenderer.mask(session.name()), "SETNAME", true, reply.getString("realName")));
      }
    }).recover(e -> {
      session.refuse(e, "SETNAME", null);
      return Future.succeededFuture();
    });
  }

  /** AWAY with a text is our "away" status; AWAY alone is "online" again. */
  private Future<?> away(String text) {
    boolean away = text != null && !text.isEmpty();
    JsonObject args = new JsonObject().put("status", away ? "away" : "online");
    if (away) args.put("message", cut(text));
    return session.chat.request(CommandType.STATUS, args)
        .onSuccess(r -> {
          if (away) session.reply(RPL_NOWAWAY, "You have been marked as being away");
          else session.reply(RPL_UNAWAY, "You are no longer marked as being away");
        })
        .recover(e -> {
          session.refuse(e, "AWAY", null);
          return Future.succeededFuture();
        });
  }

  /** A reason or away text within the chat's limit. */
  static String cut(String text) {
    return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON);
  }

  /** A guest may take another free nickname (accounts keep theirs); channels see a NICK. */
  private Future<?> nick(String wanted) {
    if (wanted.equals(session.name())) return Future.succeededFuture();
    String before = session.name();
    return session.chat.request(CommandType.NICK, new JsonObject().put("name", wanted)).onSuccess(reply -> {
      session.connected(reply.getString("name"));
      session.line(IrcMessage.format(IrcRenderer.mask(before), "NICK", false, reply.getString("name")));
    }).recover(e -> {
      session.refuse(e, "NICK", wanted);
      return Future.succeededFuture();
    });
  }
}
