package io.streamroom.irc;

import io.streamroom.chat.CommandType;
import io.vertx.core.Future;

import java.util.List;

import static io.streamroom.irc.IrcNumeric.*;

/**
 * LUSERS (also sent on registration, as servers do), INFO and LINKS: what the server is and how many use it. A
 * cluster is one server to its clients: the counts are the whole chat's, every client's, but for the
 * connections still registering, which only this node knows.
 */
final class IrcServerInfo {
  private final IrcSession session;

  IrcServerInfo(IrcSession session) {
    this.session = session;
  }

  /** 251-255, 265 and 266. */
  Future<?> lusers() {
    return session.chat.request(CommandType.LUSERS).onSuccess(counts -> {
      int users = counts.getInteger("users");
      int hidden = counts.getInteger("hidden");
      String most = String.valueOf(counts.getInteger("mostUsers"));
      session.reply(RPL_LUSERCLIENT, "There are " + (users - hidden) + " users and " + hidden + " invisible on 1 servers");
      session.reply(RPL_LUSEROP, String.valueOf(counts.getInteger("admins")), "operator(s) online");
      session.reply(RPL_LUSERUNKNOWN, String.valueOf(session.pending.count()), "unknown connection(s)");
      session.reply(RPL_LUSERCHANNELS, String.valueOf(counts.getInteger("channels")), "channels formed");
      session.reply(RPL_LUSERME, "I have " + users + " clients and 1 servers");
      session.reply(RPL_LOCALUSERS, String.valueOf(users), most, "Current local users " + users + ", max " + most);
      session.reply(RPL_GLOBALUSERS, String.valueOf(users), most, "Current global users " + users + ", max " + most);
    });
  }

  /** {@code LINKS}: the one server there is (a cluster is one to its clients), 364 and 365. */
  void links() {
    session.reply(RPL_LINKS, session.server(), session.server(), "0 " + session.settings.ircServerDescription());
    session.reply(RPL_ENDOFLINKS, "*", "End of /LINKS list");
  }

  /** {@code INFO [server]}: 371s and 374; 402 for another server's name. */
  Future<?> info(String server) {
    if (server != null && !server.equalsIgnoreCase(session.server())) {
      session.reply(ERR_NOSUCHSERVER, server, "No such server");
      return Future.succeededFuture();
    }
    for (String line : List.of(session.server() + ": " + session.settings.ircServerDescription(),
        "Streamroom " + IrcWelcome.VERSION + ": live streams with a chat, for telnet, IRC and the web.",
        "Channels, accounts and history are the same for every client; see " + session.settings.httpBase())) {
      session.reply(RPL_INFO, line);
    }
    session.reply(RPL_ENDOFINFO, "End of /INFO list");
    return Future.succeededFuture();
  }
}
