package io.streamroom.tcp;

import io.streamroom.chat.EventType;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat service's events for one telnet session (its own address, not a channel's): private messages,
 * being kicked, banned, parted, invited or promoted; and the one warning that private messages on telnet
 * are not end-to-end encrypted.
 */
final class TelnetSessionEvents {
  private static final Logger log = LoggerFactory.getLogger(TelnetSessionEvents.class);

  private final TelnetSession session;
  private final TelnetChannel channel;
  private boolean toldNotEncrypted;

  TelnetSessionEvents(TelnetSession session, TelnetChannel channel) {
    this.session = session;
    this.channel = channel;
  }

  void on(JsonObject event) {
    EventType type = EventType.of(event.getString("type"));
    if (type == EventType.PARTED) {
      // Parted by the server: a ban (whose own event said so just before), a channel kick or a deleted channel.
      if ("deleted".equals(event.getString("reason"))) session.info(event.getString("channel") + " was deleted by " + event.getString("by"));
      if ("kicked".equals(event.getString("reason"))) session.info(TelnetRenderer.kickedOut(event));
      channel.removedFrom(event.getString("channel"));
      return;
    }
    String line = TelnetRenderer.sessionEvent(event);
    if (line == null) {
      log.debug("Ignoring session event {}", event);
      return;
    }
    session.sendLine(line);
    if (type == EventType.KICKED) session.closeAfterWrites("kicked by " + event.getString("by"));
    if (type == EventType.PRIVATE) tellNotEncrypted();
  }

  /** Once per connection: telnet's private messages pass the server in clear, unlike the web's encrypted ones. */
  void tellNotEncrypted() {
    if (toldNotEncrypted) return;
    toldNotEncrypted = true;
    session.info("Private messages on telnet are not end-to-end encrypted: the server can read them.");
  }
}
