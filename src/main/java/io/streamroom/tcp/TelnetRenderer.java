package io.streamroom.tcp;

import io.streamroom.chat.EventType;
import io.streamroom.live.LiveHub;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How chat events look on a telnet screen: one line each, CRLF-terminated. */
final class TelnetRenderer {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

  private TelnetRenderer() {}

  static Buffer line(String text) {
    return Buffer.buffer(text + "\r\n");
  }

  /** @return the line for a channel event, or null for an event telnet users don't see */
  static Buffer channelEvent(JsonObject e, String httpBase) {
    String channel = e.getString("channel");
    String text = switch (EventType.of(e.getString("type"))) {
      case MESSAGE -> e.getString("from") + ": " + e.getString("text");
      case JOIN -> "* " + e.getString("user") + " joined " + channel;
      case PART -> "* " + e.getString("user") + ("quit".equals(e.getString("reason")) ? " quit" : " left " + channel);
      case KICK -> "* " + e.getString("user") + " was kicked from " + channel + " by " + e.getString("by")
          + ": " + e.getString("reason");
      case RENAME -> "* " + e.getString("from") + " is now known as " + e.getString("to");
      case STATUS -> "* " + e.getString("user") + " is now " + e.getString("status");
      case MODE -> "* " + channel + " is now " + (e.getBoolean("registeredOnly") ? "registered-only" : "open to guests")
          + " (set by " + e.getString("by") + ")";
      case STREAM -> e.getBoolean("live")
          ? "* " + channel + " is live now (" + e.getString("source") + "): watch " + httpBase + LiveHub.watchPath(channel) + ".mjpeg"
          : "* The live stream in " + channel + " stopped";
      default -> null;
    };
    return text == null ? null : line(text);
  }

  static String history(JsonObject m) {
    return "[history " + TIME.format(Instant.ofEpochMilli(m.getLong("at"))) + "] " + m.getString("from") + ": "
        + m.getString("text");
  }
}
