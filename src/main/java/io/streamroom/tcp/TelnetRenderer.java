package io.streamroom.tcp;

import io.streamroom.chat.EventType;
import io.streamroom.live.LiveHub;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.stream.Collectors;

/**
 * How chat events and the chat service's answers look on a telnet screen: one line each (the help is
 * several), CRLF-terminated where a buffer is returned; texts for {@code "* "} info lines otherwise.
 */
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
      case MESSAGE -> said(e, httpBase);
      case JOIN -> "* " + e.getString("user") + " joined " + channel;
      case PART -> "* " + e.getString("user") + ("quit".equals(e.getString("reason")) ? " quit" : " left " + channel);
      case KICK -> "* " + e.getString("user") + " was kicked from " + channel + " by " + e.getString("by") + reason(e);
      case RENAME -> "* " + e.getString("from") + " is now known as " + e.getString("to");
      case STATUS -> "* " + e.getString("user") + " is now " + e.getString("status");
      case MODE -> "* " + e.getString("by") + " changed " + channel + ": " + TelnetModes.describe(e);
      case VOICE -> "* " + e.getString("user") + (e.getBoolean("voiced") ? " may talk in " : " may no longer talk in ") + channel
          + " while it is moderated (by " + e.getString("by") + ")";
      case MODERATOR -> "* " + e.getString("user") + (e.getBoolean("moderator") ? " is now a moderator of " : " is no longer a moderator of ")
          + channel + " (by " + e.getString("by") + ")";
      case TIMEOUT -> "* " + e.getString("user") + " was timed out in " + channel + " for " + e.getLong("seconds") + " s by "
          + e.getString("by") + reason(e);
      case UNTIMEOUT -> "* " + e.getString("user") + " may talk in " + channel + " again (by " + e.getString("by") + ")";
      case BAN -> "* " + e.getString("user") + " was banned from " + channel + " by " + e.getString("by") + reason(e);
      case UNBAN -> "* " + e.getString("user") + " is no longer banned from " + channel + " (by " + e.getString("by") + ")";
      case DELETE -> "* Message " + e.getLong("id") + " was deleted by " + e.getString("by");
      case CLEAR -> "* The chat in " + channel + " was cleared by " + e.getString("by");
      case SLOW -> e.getInteger("seconds") > 0
          ? "* Slow mode in " + channel + ": one message per " + e.getInteger("seconds") + " s (set by " + e.getString("by") + ")"
          : "* Slow mode in " + channel + " is off (set by " + e.getString("by") + ")";
      case TOPIC -> "* " + e.getString("by") + " set the topic of " + channel + ": " + e.getString("topic");
      // CHANNELDELETED: every member is told by its own PARTED event, which also moves it to the lobby.
      case STREAM -> e.getBoolean("live")
          ? "* " + channel + " is live now (" + e.getString("source") + "): watch " + httpBase + LiveHub.watchPath(channel) + ".mjpeg"
          : "* The live stream in " + channel + " stopped";
      default -> null;
    };
    return text == null ? null : line(text);
  }

  /** With the message's id, which /delete takes. */
  static String history(JsonObject m, String httpBase) {
    return "[history " + TIME.format(Instant.ofEpochMilli(m.getLong("at"))) + " id " + m.getLong("id") + "] " + said(m, httpBase);
  }

  /** "alice: hi", or for a voice or video message "alice sent a voice message (0:07): <link>" and its words. */
  private static String said(JsonObject m, String httpBase) {
    JsonObject media = m.getJsonObject("media");
    if (media == null) return m.getString("from") + ": " + m.getString("text");
    long seconds = Math.round(media.getLong("durationMs") / 1000.0);
    String caption = m.getString("text", "");
    return m.getString("from") + " sent a " + media.getString("kind") + " message (" + seconds / 60 + ":"
        + String.format("%02d", seconds % 60) + "): " + httpBase + media.getString("url") + (caption.isEmpty() ? "" : " " + caption);
  }

  private static String reason(JsonObject e) {
    String reason = e.getString("reason", "");
    return reason.isEmpty() ? "" : ": " + reason;
  }

  /** @return the line for an event sent to one session, or null for an event telnet users don't see */
  static String sessionEvent(JsonObject e) {
    return switch (EventType.of(e.getString("type"))) {
      case PRIVATE -> "[private] " + e.getString("from") + ": " + e.getString("text");
      case KICKED -> "You were kicked by " + e.getString("by") + ": " + e.getString("reason");
      case PROMOTED -> "* " + e.getString("by") + " made you an admin.";
      case DEMOTED -> "* " + e.getString("by") + " removed your admin role.";
      case DM -> "[encrypted] " + e.getString("from") + " to " + e.getString("to")
          + ": an end-to-end encrypted message; only their web pages can read it.";
      case NEWKEY -> "* " + e.getString("user") + " has a new device: " + e.getString("device") + " (fingerprint "
          + e.getString("fingerprint") + ")";
      case INVITED -> "* " + e.getString("by") + " invites you to " + e.getString("channel") + ": /join " + e.getString("channel");
      case BANNED -> "You were banned from " + e.getString("channel") + " by " + e.getString("by") + reason(e);
      default -> null;
    };
  }

  /** A PARTED event of a channel kick: the channel's own KICK line may not reach a user already out of it. */
  static String kickedOut(JsonObject e) {
    String message = e.getString("message", "");
    return "You were kicked out of " + e.getString("channel") + " by " + e.getString("by") + (message.isEmpty() ? "." : ": " + message);
  }

  static Buffer help() {
    StringBuilder out = new StringBuilder("Commands:\r\n");
    int width = java.util.Arrays.stream(TelnetCommand.values()).mapToInt(c -> c.usage.length()).max().orElse(0);
    for (TelnetCommand c : TelnetCommand.values()) {
      if (c.help != null) out.append(String.format("  %-" + width + "s %s\r\n", c.usage, c.help));
    }
    out.append("  Anything else you type is said in the current channel.\r\n");
    return Buffer.buffer(out.toString());
  }

  static String channels(JsonObject reply) {
    return "Channels: " + reply.getJsonArray("channels").stream().map(o -> (JsonObject) o)
        .map(c -> c.getString("name") + " (" + c.getInteger("members") + ")")
        .collect(Collectors.joining(", "));
  }

  static String who(String channel, JsonObject reply) {
    JsonArray members = reply.getJsonArray("members");
    return "In " + channel + " (" + members.size() + "): " + members.stream().map(o -> (JsonObject) o)
        .map(m -> m.getString("name") + ("online".equals(m.getString("status")) ? "" : " (" + m.getString("status") + ")"))
        .collect(Collectors.joining(", "));
  }

  static String users(JsonObject reply) {
    JsonArray users = reply.getJsonArray("users");
    return "Online (" + users.size() + "): " + users.stream().map(o -> (JsonObject) o)
        .map(u -> u.getString("name") + (u.getBoolean("admin") ? " (admin)" : "")
            + ("online".equals(u.getString("status")) ? "" : " (" + u.getString("status") + ")"))
        .collect(Collectors.joining(", "));
  }

  static String admins(JsonObject reply) {
    JsonArray admins = reply.getJsonArray("admins");
    return "Admins (" + admins.size() + "): " + admins.stream().map(o -> (JsonObject) o)
        .map(a -> a.getString("name") + (a.getBoolean("online") ? " (online)" : ""))
        .collect(Collectors.joining(", "));
  }

  static String keys(JsonObject reply) {
    JsonArray keys = reply.getJsonArray("keys");
    if (keys.isEmpty()) return reply.getString("name") + " has no device keys: they have not signed in on the web page.";
    return "Keys of " + reply.getString("name") + " (" + keys.size() + "): " + keys.stream().map(o -> (JsonObject) o)
        .map(k -> k.getString("device") + " " + k.getString("fingerprint")).collect(Collectors.joining("; "));
  }

  static String liveStream(JsonObject s, String httpBase) {
    return "Live: " + s.getString("channel") + " (" + s.getString("source") + ", " + s.getInteger("fps") + " fps, "
        + s.getInteger("viewers") + " watching): " + httpBase + s.getString("mjpeg");
  }

  static String video(JsonObject title) {
    JsonArray renditions = title.getJsonArray("renditions");
    double seconds = renditions.getJsonObject(0).getDouble("duration");
    return "Video: " + title.getString("title") + " (" + (int) seconds / 60 + ":" + String.format("%02d", (int) seconds % 60)
        + "): " + renditions.stream().map(r -> ((JsonObject) r).getString("resolution")).collect(Collectors.joining(", "));
  }
}
