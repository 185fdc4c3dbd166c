package io.streamroom.irc;

import io.streamroom.chat.Names;
import io.vertx.core.Future;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.streamroom.irc.IrcNumeric.*;

/** What a client is told once registered: 001-005 (with the chat's real limits), LUSERS and the message of the day. */
final class IrcWelcome {
  static final String VERSION = "streamroom-1";
  private static final Instant STARTED = Instant.now();
  /**
   * RPL_ISUPPORT: the limits are the chat's ({@link Names}); nicknames compare ASCII-case-insensitively;
   * owners show as ~, operators and moderators as @, voiced members as +; the modes are those {@link IrcModes} maps.
   */
  /** A line has at most 15 parameters (RFC 1459): the nickname, 13 tokens and the trailing text. */
  private static final int TOKENS_PER_LINE = 13;
  private static final List<String> ISUPPORT = List.of("AWAYLEN=" + Names.MAX_TOPIC_LENGTH, "BOT=" + IrcUserModes.BOT, "CASEMAPPING=ascii",
      "CHANMODES=" + IrcModes.CHANMODES, "CHANNELLEN=" + Names.MAX_CHANNEL_LENGTH,
      "CHANTYPES=#", "KICKLEN=" + Names.MAX_TOPIC_LENGTH, "MODES=1", "NETWORK=Streamroom",
      "NICKLEN=" + Names.MAX_NICK_LENGTH, "PREFIX=(" + IrcModes.OWNER + IrcModes.MODERATOR + IrcModes.VOICE + ")~@+",
      "TARGMAX=JOIN:,PART:,PRIVMSG:4,NOTICE:4,NAMES:1,WHOIS:1", "TOPICLEN=" + Names.MAX_TOPIC_LENGTH,
      "USERLEN=" + (Names.MAX_USERNAME_LENGTH + 1), "WHOX");

  private final IrcSession session;
  private final IrcServerInfo serverInfo;

  IrcWelcome(IrcSession session) {
    this.session = session;
    this.serverInfo = new IrcServerInfo(session);
  }

  /** @return done once all is sent, so that nothing the client asks next comes in between */
  Future<Void> send(String nick) {
    session.reply(RPL_WELCOME, "Welcome to the Streamroom IRC network, " + IrcRenderer.mask(nick));
    session.reply(RPL_YOURHOST, "Your host is " + session.server() + ", running version " + VERSION);
    session.reply(RPL_CREATED, "This server was created " + STARTED);
    session.line(IrcMessage.format(session.server(), RPL_MYINFO.code, false, nick, session.server(), VERSION,
        IrcUserModes.ALL, "bklimnostvMq", "bkloqv"));
    for (int from = 0; from < ISUPPORT.size(); from += TOKENS_PER_LINE) {
      List<String> tokens = new ArrayList<>(ISUPPORT.subList(from, Math.min(from + TOKENS_PER_LINE, ISUPPORT.size())));
      tokens.add("are supported by this server");
      session.reply(RPL_ISUPPORT, tokens.toArray(String[]::new));
    }
    return serverInfo.lusers().transform(done -> {
      motd();
      return Future.<Void>succeededFuture();
    });
  }

  void motd() {
    session.reply(RPL_MOTDSTART, "- " + session.server() + " Message of the day - ");
    for (String line : List.of("Streamroom: live streams with a chat, here and on the web.",
        "Watch and chat in a browser: " + session.settings.httpBase(),
        "LIST shows the channels; everyone meets in " + Names.LOBBY + ".",
        "Live streams and moderation arrive as notices from " + session.server() + ".")) {
      session.reply(RPL_MOTD, "- " + line);
    }
    session.reply(RPL_ENDOFMOTD, "End of /MOTD command.");
  }
}
