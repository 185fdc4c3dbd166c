package io.streamroom.irc;

import io.streamroom.chat.ChatException;
import io.streamroom.chat.CommandType;
import io.streamroom.chat.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static io.streamroom.irc.IrcNumeric.*;

/**
 * MODE, mapped to the chat's channel rules (which every adapter obeys): the flags {@code M} (registered-only),
 * {@code i} (invite-only), {@code m} (moderated), {@code n} (no messages from outside), {@code s} (secret) and
 * {@code t} (topic lock); {@code k} (key) and {@code l} (member limit); {@code o} (operator, or in an owned
 * channel a moderator), {@code v} (voice) and {@code b} (ban by the nickname before '!'; without a mask, the
 * list). Owners show as ~ (q), operators and moderators as @ (o), voiced members as + (v).
 */
final class IrcModes {
  static final String BAN = "b";
  static final String OWNER = "q";
  static final String MODERATOR = "o";
  static final String VOICE = "v";
  /** CHANMODES: list modes, modes with a parameter both ways, with one when set, flags. */
  static final String CHANMODES = BAN + ",k,l,Mimnst";
  /** The flags, in the order they are shown, and the chat's name for each. */
  private static final Map<Character, String> FLAGS = orderedFlags();

  private final IrcSession session;

  IrcModes(IrcSession session) {
    this.session = session;
  }

  private static Map<Character, String> orderedFlags() {
    Map<Character, String> flags = new LinkedHashMap<>();
    flags.put('M', "registeredOnly");
    flags.put('i', "inviteOnly");
    flags.put('m', "moderated");
    flags.put('n', "noExternal");
    flags.put('s', "secret");
    flags.put('t', "topicLock");
    return flags;
  }

  /** The NAMES/WHO prefixes of a member (as the chat service describes it): all of them, or the highest. */
  static String prefix(JsonObject member, boolean multiPrefix) {
    String role = switch (member.getString("role", "")) {
      case "owner" -> "~";
      case "moderator" -> "@";
      default -> "";
    };
    String all = role + (member.getBoolean("voiced", false) ? "+" : "");
    return multiPrefix || all.isEmpty() ? all : all.substring(0, 1);
  }

  /** How a ban on a nickname looks as a mask. */
  static String banMask(String nick) {
    return nick + "!*@*";
  }

  /** A MODE line's mode string and parameters for the changes a chat MODE event carries. */
  static List<String> describe(JsonObject e) {
    StringBuilder plus = new StringBuilder();
    StringBuilder minus = new StringBuilder();
    List<String> params = new ArrayList<>();
    FLAGS.forEach((c, field) -> {
      if (e.containsKey(field)) (e.getBoolean(field) ? plus : minus).append(c);
    });
    if (e.containsKey("key")) {
      boolean set = !e.getString("key").isEmpty();
      (set ? plus : minus).append('k');
      params.add(set ? e.getString("key") : "*");
    }
    if (e.containsKey("limit")) {
      boolean set = e.getInteger("limit") > 0;
      (set ? plus : minus).append('l');
      if (set) params.add(String.valueOf(e.getInteger("limit")));
    }
    List<String> out = new ArrayList<>();
    out.add((plus.isEmpty() ? "" : "+" + plus) + (minus.isEmpty() ? "" : "-" + minus));
    out.addAll(params);
    return out;
  }

  Future<?> mode(IrcMessage m) {
    String target = m.param(0);
    String channel = session.channels.channelName(target, "MODE");
    if (channel == null) return Future.succeededFuture();
    String modes = m.param(1);
    if (modes == null) return show(channel);
    boolean add = true;
    int next = 2;
    JsonObject flags = new JsonObject();
    List<Supplier<Future<?>>> changes = new ArrayList<>();
    for (char c : modes.toCharArray()) {
      if (c == '+' || c == '-') {
        add = c == '+';
      } else if (FLAGS.containsKey(c)) {
        flags.put(FLAGS.get(c), add);
      } else if (c == 'k') {
        String key = add || m.param(next) != null ? m.param(next++) : null;
        if (add && key == null) session.reply(ERR_NEEDMOREPARAMS, "MODE", "Not enough parameters");
        else if (!add || !key.isEmpty()) changes.add(change(channel, "k", new JsonObject().put("key", add ? key : "")));
      } else if (c == 'l') {
        if (!add) {
          changes.add(change(channel, "l", new JsonObject().put("limit", 0)));
          continue;
        }
        String limit = m.param(next++);
        if (limit == null || !limit.matches("[0-9]{1,9}") || Integer.parseInt(limit) == 0) {
          session.reply(ERR_INVALIDMODEPARAM, channel, "l", limit == null || limit.isEmpty() ? "*" : limit, "A member limit is a number from 1");
        } else {
          changes.add(change(channel, "l", new JsonObject().put("limit", Integer.parseInt(limit))));
        }
      } else if (c == 'o' || c == 'v' || c == 'b') {
        String arg = m.param(next++);
        if (arg == null) {
          if (c == 'b') changes.add(() -> banList(channel));
          else session.reply(ERR_NEEDMOREPARAMS, "MODE", "Not enough parameters");
          continue;
        }
        changes.add(memberChange(channel, c, add, arg));
      } else {
        session.reply(ERR_UNKNOWNMODE, String.valueOf(c), "is unknown mode char to me");
      }
    }
    Future<?> done = flags.isEmpty() ? Future.succeededFuture() : change(channel, "", flags).get();
    for (Supplier<Future<?>> change : changes) done = done.compose(v -> change.get());
    return done;
  }

  /** A change of the channel's modes; the channel's MODE line tells everyone, us included. */
  private Supplier<Future<?>> change(String channel, String mode, JsonObject args) {
    return () -> session.chat.request(CommandType.MODE, args.put("channel", channel)).recover(e -> {
      if (e instanceof ChatException c && c.code() == ErrorCode.BAD_MODE) {
        session.reply(ERR_INVALIDMODEPARAM, channel, mode, "*", c.getMessage());
      } else {
        session.refuse(e, "MODE", channel);
      }
      return Future.succeededFuture();
    });
  }

  /** +o/-o, +v/-v and +b/-b on a nickname (a ban mask's nickname). */
  private Supplier<Future<?>> memberChange(String channel, char mode, boolean add, String arg) {
    String nick = arg.contains("!") ? arg.substring(0, arg.indexOf('!')) : arg;
    JsonObject args = new JsonObject().put("channel", channel).put("name", nick);
    CommandType type = switch (mode) {
      case 'o' -> CommandType.OP;
      case 'v' -> CommandType.VOICE;
      default -> add ? CommandType.BAN : CommandType.UNBAN;
    };
    if (mode == 'o') args.put("op", add);
    if (mode == 'v') args.put("voice", add);
    return () -> session.chat.request(type, args).recover(e -> {
      if (e instanceof ChatException c) session.line(IrcErrors.aboutMember(session.server(), c, session.nick(), "MODE", channel, nick));
      else session.refuse(e, "MODE", channel);
      return Future.succeededFuture();
    });
  }

  private Future<?> banList(String channel) {
    return session.chat.request(CommandType.BANS, new JsonObject().put("channel", channel))
        .onSuccess(reply -> reply.getJsonArray("names").forEach(n -> session.reply(RPL_BANLIST, channel, banMask(n.toString()))))
        .otherwise(e -> null)
        .onComplete(done -> session.reply(RPL_ENDOFBANLIST, channel, "End of channel ban list"));
  }

  /** {@code MODE #channel}: 324 with the modes (the key's value only to members) and 329, when it was created. */
  private Future<?> show(String channel) {
    return session.chat.request(CommandType.CHANNEL, new JsonObject().put("channel", channel)).onSuccess(info -> {
      JsonObject modes = new JsonObject();
      FLAGS.forEach((c, field) -> {
        if (info.getBoolean(field)) modes.put(field, true);
      });
      if (info.getBoolean("hasKey")) modes.put("key", info.getString("key", "*"));
      if (info.getInteger("limit") > 0) modes.put("limit", info.getInteger("limit"));
      List<String> shown = describe(modes);
      if (shown.get(0).isEmpty()) shown.set(0, "+");
      List<String> params = new ArrayList<>(List.of(session.nick(), channel));
      params.addAll(shown);
      session.line(IrcMessage.format(session.server(), RPL_CHANNELMODEIS.code, false, params.toArray(String[]::new)));
      session.reply(RPL_CREATIONTIME, channel, String.valueOf(info.getLong("created")));
    }).recover(e -> {
      session.refuse(e, "MODE", channel);
      return Future.succeededFuture();
    });
  }
}
