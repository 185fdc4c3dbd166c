package io.streamroom.irc;

import io.streamroom.chat.EventType;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat service's events for one IRC session (its own address, not a channel's): private messages,
 * being kicked, banned, parted or invited, promotions, tags-only messages, WALLOPS. Each is for one
 * client, so it is rendered here in that client's variant.
 */
final class IrcSessionEvents {
  private static final Logger log = LoggerFactory.getLogger(IrcSessionEvents.class);

  private final IrcSession session;

  IrcSessionEvents(IrcSession session) {
    this.session = session;
  }

  void on(JsonObject e) {
    String by = e.getString("by");
    switch (EventType.of(e.getString("type"))) {
      case PRIVATE -> session.lines(IrcRenderer.privmsgs(part -> IrcRenderer.tags(session.caps.variant(), e.getLong("at"), e.getLong("id") + (part == 0 ? "" : "-" + part), null, e),
          IrcRenderer.mask(e.getString("from")), e.getBoolean("notice", false) ? "NOTICE" : "PRIVMSG", session.nick(), e.getString("text")));
      case KICKED -> {
        session.chatClosedByServer();
        session.channels.kickedFromAll(by, e.getString("reason"));
        session.close("Kicked by " + by + ": " + e.getString("reason"), "kicked by " + by);
      }
      case BANNED -> session.channels.kickedFrom(e.getString("channel"), by, "Banned" + (e.getString("reason", "").isEmpty() ? "" : ": " + e.getString("reason")));
      case PARTED -> {
        String reason = e.getString("reason", "");
        if (reason.equals("deleted")) session.channels.kickedFrom(e.getString("channel"), by, "Channel deleted");
        else if (reason.equals("kicked")) session.channels.kickedFrom(e.getString("channel"), by, e.getString("message", "").isEmpty() ? by : e.getString("message"));
        else session.channels.partedByServer(e.getString("channel"));
      }
      case INVITED -> session.line(IrcMessage.format(IrcRenderer.mask(by), "INVITE", false, session.nick(), e.getString("channel")));
      case PROMOTED -> session.notice(by + " made you an admin.");
      case TAGMSG -> { if (session.caps.has(IrcCaps.Cap.MESSAGE_TAGS)) session.line(IrcRenderer.tagmsg(e, session.caps.variant(), session.nick())); }
      case WALLOPS -> session.line(IrcMessage.format(IrcRenderer.mask(e.getString("from")), "WALLOPS", true, e.getString("text")));
      case DM -> session.notice(e.getString("from") + " sent you an end-to-end encrypted message; only their web pages can read it.");
      default -> log.debug("Ignoring session event {}", e);
    }
  }
}
