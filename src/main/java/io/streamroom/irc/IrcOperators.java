package io.streamroom.irc;

import io.streamroom.chat.CommandType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import static io.streamroom.irc.IrcNumeric.*;

/**
 * IRC operators are the chat's admins. OPER with an admin account's name and password makes this session
 * an admin (+o; the chat service checks the password as a login would, throttled alike); KILL is the
 * admin kick (the user is disconnected; their channels see a KICK); WALLOPS reaches every user with +w.
 */
final class IrcOperators {
  private final IrcSession session;

  IrcOperators(IrcSession session) {
    this.session = session;
  }

  /** {@code OPER name password}: 381 and MODE +o; 464 for a wrong name or password, 491 for an account that is no admin. */
  Future<?> oper(String name, String password) {
    return session.chat.request(CommandType.OPER, new JsonObject().put("name", name).put("password", password))
        .onSuccess(reply -> {
          session.reply(RPL_YOUREOPER, "You are now an IRC operator");
          session.line(IrcMessage.format(IrcRenderer.mask(session.name()), "MODE", false, session.name(), "+" + IrcUserModes.OPERATOR));
        })
        .recover(e -> refused(e, "OPER", null));
  }

  /** {@code KILL nick [:reason]}: 481 for non-operators, 401 for nobody online by that name. */
  Future<?> kill(String nick, String reason) {
    JsonObject args = new JsonObject().put("name", nick);
    args.put("reason", reason == null || reason.isBlank() ? "Killed by " + session.name() : IrcDispatcher.cut(reason));
    return session.chat.request(CommandType.KICK, args).recover(e -> refused(e, "KILL", nick));
  }

  /** {@code WALLOPS :text}: 481 for non-operators; the sender gets it too only with +w. */
  Future<?> wallops(String text) {
    if (text == null || text.isEmpty()) {
      session.reply(ERR_NEEDMOREPARAMS, "WALLOPS", "Not enough parameters");
      return Future.succeededFuture();
    }
    return session.chat.request(CommandType.WALLOPS, new JsonObject().put("text", text)).recover(e -> refused(e, "WALLOPS", null));
  }

  private <T> Future<T> refused(Throwable e, String command, String target) {
    session.refuse(e, command, target);
    return Future.succeededFuture();
  }
}
