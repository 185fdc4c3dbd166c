package io.streamroom.irc;

import io.streamroom.chat.ChatException;
import io.streamroom.chat.CommandType;
import io.streamroom.chat.ErrorCode;
import io.streamroom.chat.Names;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;

import static io.streamroom.irc.IrcNumeric.*;

/**
 * A client's registration: {@code CAP} negotiation (which holds registration until {@code CAP END}),
 * {@code NICK}, {@code USER}, {@code PASS} and SASL PLAIN ({@code AUTHENTICATE}). The nickname follows the
 * chat's rules ({@link Names}); the session is opened by the chat service's {@code connect}, as a guest,
 * or as an account with a password from PASS or SASL (the same check as telnet's {@code /login}). Then
 * the welcome: 001-005 and the MOTD. {@code CAP} also works after registration.
 */
final class IrcRegistration {
  /** SASL sends its payload in pieces of this many base64 characters; a shorter piece ends it. */
  private static final int SASL_CHUNK = 400;
  /** The largest SASL PLAIN payload we take (two names and a password, base64). */
  private static final int MAX_SASL_BYTES = 1200;

  private final IrcSession session;
  private final IrcWelcome welcome;
  private String nick;
  /** USER's username and real name, as the client wrote them: the chat service cleans them. Null until USER. */
  private String username;
  private String realName;
  private String password;
  private boolean negotiating;
  /** SASL: null when not in an exchange; else the payload so far. */
  private StringBuilder sasl;
  /** The account SASL logged in to; the session is open already. */
  private String saslAccount;

  IrcRegistration(IrcSession session) {
    this.session = session;
    this.welcome = new IrcWelcome(session);
  }

  String askedNick() {
    return saslAccount != null ? saslAccount : nick;
  }

  Future<?> handle(IrcMessage m) {
    switch (m.command()) {
      case "CAP" -> {
        return cap(m);
      }
      case "NICK" -> {
        if (m.param(0) == null || m.param(0).isEmpty()) session.reply(ERR_NONICKNAMEGIVEN, "No nickname given");
        else if (nickValid(m.param(0))) nick = m.param(0);
        return register();
      }
      case "USER" -> {
        if (m.params().size() < 4 || m.param(3).isEmpty()) session.reply(ERR_NEEDMOREPARAMS, "USER", "Not enough parameters");
        else {
          username = m.param(0);
          realName = m.param(3);
        }
        return register();
      }
      case "PASS" -> {
        if (m.param(0) == null) session.reply(ERR_NEEDMOREPARAMS, "PASS", "Not enough parameters");
        else password = m.param(0);
      }
      case "AUTHENTICATE" -> {
        return authenticate(m.param(0));
      }
      case "PING" -> IrcDispatcher.pong(session, m);
      case "PONG" -> { } // any line shows the client is alive
      case "QUIT" -> {
        return session.quit(m.param(0) == null ? "Client quit" : m.param(0));
      }
      default -> session.reply(ERR_NOTREGISTERED, "You have not registered");
    }
    return Future.succeededFuture();
  }

  private boolean nickValid(String wanted) {
    try {
      Names.nick(wanted);
      return true;
    } catch (ChatException e) {
      session.line(IrcErrors.reply(session.server(), e, session.nick(), "NICK", wanted));
      return false;
    }
  }

  // ---- CAP (also after registration)

  /** @return done once what it started is done: CAP END may register, and the next line must wait for that */
  Future<?> cap(IrcMessage m) {
    String sub = m.param(0) == null ? "" : m.param(0).toUpperCase(Locale.ROOT);
    switch (sub) {
      case "LS" -> {
        if (!session.isRegistered()) negotiating = true;
        capReply("LS", IrcCaps.offered("302".equals(m.param(1))));
      }
      case "LIST" -> capReply("LIST", session.caps.list());
      case "REQ" -> {
        if (!session.isRegistered()) negotiating = true;
        String wanted = m.param(1) == null ? "" : m.param(1);
        capReply(session.caps.request(wanted) ? "ACK" : "NAK", wanted);
      }
      case "END" -> {
        negotiating = false;
        return register();
      }
      default -> session.reply(ERR_INVALIDCAPCMD, sub.isEmpty() ? "*" : sub, "Invalid CAP command");
    }
    return Future.succeededFuture();
  }

  private void capReply(String sub, String text) {
    session.line(IrcMessage.format(session.server(), "CAP", true, session.nick(), sub, text));
  }

  // ---- SASL PLAIN

  private Future<?> authenticate(String arg) {
    if (!session.caps.has(IrcCaps.Cap.SASL)) {
      session.reply(ERR_SASLFAIL, "SASL authentication failed: request the sasl capability first");
      return Future.succeededFuture();
    }
    if (saslAccount != null) {
      session.reply(ERR_SASLALREADY, "You have already authenticated using SASL");
      return Future.succeededFuture();
    }
    if (arg == null) {
      session.reply(ERR_NEEDMOREPARAMS, "AUTHENTICATE", "Not enough parameters");
    } else if (arg.equals("*")) {
      sasl = null;
      session.reply(ERR_SASLABORTED, "SASL authentication aborted");
    } else if (sasl == null) {
      if (arg.equalsIgnoreCase("PLAIN")) {
        sasl = new StringBuilder();
        session.line("AUTHENTICATE +");
      } else {
        session.reply(RPL_SASLMECHS, "PLAIN", "are available SASL mechanisms");
        session.reply(ERR_SASLFAIL, "SASL authentication failed");
      }
    } else {
      if (!arg.equals("+")) sasl.append(arg);
      if (sasl.length() > MAX_SASL_BYTES) {
        sasl = null;
        session.reply(ERR_SASLTOOLONG, "SASL message too long");
      } else if (arg.length() < SASL_CHUNK) {
        String payload = sasl.toString();
        sasl = null;
        return plain(payload);
      }
    }
    return Future.succeededFuture();
  }

  /** {@code authzid NUL authcid NUL password}, base64: logs in to the account named authcid. */
  private Future<?> plain(String base64) {
    String[] parts;
    try {
      parts = new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8).split("\0", -1);
    } catch (IllegalArgumentException e) {
      parts = new String[0];
    }
    if (parts.length != 3 || (!parts[0].isEmpty() && !parts[0].equalsIgnoreCase(parts[1]))) {
      session.reply(ERR_SASLFAIL, "SASL authentication failed: not a PLAIN message");
      return Future.succeededFuture();
    }
    return connect(parts[1], parts[2]).onSuccess(name -> {
      saslAccount = name;
      session.reply(RPL_LOGGEDIN, IrcRenderer.mask(name), name, "You are now logged in as " + name);
      session.reply(RPL_SASLSUCCESS, "SASL authentication successful");
    }).recover(e -> {
      session.refuse(e, "AUTHENTICATE", null);
      return Future.succeededFuture();
    });
  }

  // ---- registration

  /** Opens the chat session once NICK and USER are in and CAP negotiation (if any) has ended. */
  private Future<?> register() {
    if (session.isRegistered() || negotiating || sasl != null || username == null || (nick == null && saslAccount == null)) {
      return Future.succeededFuture();
    }
    String serverPassword = session.settings.ircPassword();
    if (!serverPassword.isEmpty() && !sameSecret(serverPassword, password)) {
      session.reply(ERR_PASSWDMISMATCH, "Password incorrect");
      return session.close("Closing Link: " + (password == null ? "a server password is required" : "bad password"),
          "refused: server password");
    }
    if (saslAccount != null) return welcomed(saslAccount);
    String wanted = nick;
    // With a server password, PASS was that password; accounts log in with SASL.
    return connect(wanted, serverPassword.isEmpty() ? password : null).compose(this::welcomed, e -> {
      ErrorCode code = e instanceof ChatException c ? c.code() : ErrorCode.INTERNAL;
      session.refuse(e, IrcErrors.CONNECT, wanted);
      if (code == ErrorCode.LOGIN_FAILED || code == ErrorCode.TOO_MANY_ATTEMPTS || code == ErrorCode.BANNED) {
        return session.close("Closing Link: " + e.getMessage(), "refused: " + code);
      }
      nick = null; // the client picks another one
      return Future.succeededFuture();
    });
  }

  /** Compared in constant time: how long a refusal takes says nothing of how much of the password was right. */
  private static boolean sameSecret(String expected, String given) {
    return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  private Future<String> connect(String name, String pass) {
    JsonObject args = new JsonObject().put("name", name).put("transport", "irc").put("user", username).put("realName", realName)
        .put("ip", session.connection.remoteHost()).put("port", session.connection.remotePort());
    if (pass != null) args.put("password", pass);
    return session.chat.request(CommandType.CONNECT, args).map(reply -> {
      if (session.connection.isClosed()) {
        session.chat.request(CommandType.DISCONNECT); // the client left while the session was being opened
        throw new ChatException(ErrorCode.NOT_CONNECTED);
      }
      String opened = reply.getString("name");
      session.connected(opened);
      return opened;
    });
  }

  private Future<Void> welcomed(String name) {
    password = null;
    session.registered();
    return welcome.send(name);
  }
}
