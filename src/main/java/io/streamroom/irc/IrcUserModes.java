package io.streamroom.irc;

import io.streamroom.chat.CommandType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import static io.streamroom.irc.IrcNumeric.*;

/**
 * {@code MODE nick [+-modes]}: a user's own modes, kept by the chat service. {@code i} hides the user from
 * WHO searches by mask, {@code w} receives WALLOPS, {@code B} marks a bot (the {@code bot} tag on its
 * messages, 335 in WHOIS, B in WHO); {@code o} is being an admin: OPER gives it, {@code -o} gives it up.
 */
final class IrcUserModes {
  static final char OPERATOR = 'o';
  static final char BOT = 'B';
  /** Every user mode, as 004 lists them. */
  static final String ALL = "Biow";

  private final IrcSession session;

  IrcUserModes(IrcSession session) {
    this.session = session;
  }

  /** 221 with the modes when none are given; the changes as a MODE line; 501 for unknown letters, 502 for others' modes. */
  Future<?> mode(String nick, String changes) {
    if (!nick.equalsIgnoreCase(session.name())) {
      session.reply(ERR_USERSDONTMATCH, "Can't change mode for other users");
      return Future.succeededFuture();
    }
    StringBuilder add = new StringBuilder();
    StringBuilder remove = new StringBuilder();
    boolean adding = true;
    boolean unknown = false;
    for (char c : (changes == null ? "" : changes).toCharArray()) {
      if (c == '+' || c == '-') adding = c == '+';
      else if (ALL.indexOf(c) < 0) unknown = true;
      else (adding ? add : remove).append(c);
    }
    if (unknown) session.reply(ERR_UMODEUNKNOWNFLAG, "Unknown MODE flag");
    return session.chat.request(CommandType.USER_MODE, new JsonObject().put("add", add.toString()).put("remove", remove.toString()))
        .onSuccess(reply -> {
          String changed = reply.getString("changed");
          if (changes == null) session.line(IrcMessage.format(session.server(), RPL_UMODEIS.code, false, session.nick(), reply.getString("modes")));
          else if (!changed.isEmpty()) session.line(IrcMessage.format(IrcRenderer.mask(session.name()), "MODE", false, session.name(), changed));
        });
  }
}
