package io.streamroom.irc;

import io.streamroom.chat.EventType;
import io.streamroom.live.LiveHub;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * How chat events look to IRC clients: every user, whatever their client, is {@code nick!nick@streamroom}
 * (stable, and it shows no address); channel events become PRIVMSG, JOIN, PART, QUIT, KICK, MODE, TOPIC,
 * NICK and AWAY lines, and the rest (timeouts, slow mode, live streams...) NOTICEs from the server (named
 * by {@code irc.server.name}). Tags
 * follow the variant's capabilities. Texts longer than an IRC line are split over several lines.
 */
final class IrcRenderer {
  /** The host part of every user's mask: the same for all, so no address leaks and masks stay stable. */
  static final String USER_HOST = "streamroom";
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private IrcRenderer() {}

  static String mask(String nick) {
    return nick + "!" + nick + "@" + USER_HOST;
  }

  static Buffer buffer(List<String> lines) {
    StringBuilder out = new StringBuilder();
    for (String line : lines) out.append(line).append("\r\n");
    return Buffer.buffer(out.toString());
  }

  /** The tags part ({@code "@a=b;c=d "}) the variant allows, or "". {@code id} and {@code account} may be null. */
  static String tags(int variant, long atMillis, String id, String account) {
    return tags(variant, atMillis, id, account, null);
  }

  /** As above, with the {@code bot} mark and the client tags of {@code message} (a message or TAGMSG event, or null). */
  static String tags(int variant, long atMillis, String id, String account, JsonObject message) {
    StringBuilder tags = new StringBuilder();
    boolean messageTags = (variant & IrcCaps.Cap.MESSAGE_TAGS.variantBit) != 0;
    if ((variant & IrcCaps.Cap.SERVER_TIME.variantBit) != 0) tags.append(";time=").append(TIME.format(Instant.ofEpochMilli(atMillis)));
    if (id != null && messageTags) tags.append(";msgid=").append(IrcMessage.escape(id));
    if (account != null && (variant & IrcCaps.Cap.ACCOUNT_TAG.variantBit) != 0) tags.append(";account=").append(account);
    if (message != null && messageTags) {
      if (message.getBoolean("bot", false)) tags.append(";bot");
      JsonObject client = message.getJsonObject("tags");
      if (client != null) client.forEach(tag -> tags.append(';').append(tag.getKey()).append('=').append(IrcMessage.escape((String) tag.getValue())));
    }
    return tags.isEmpty() ? "" : "@" + tags.substring(1) + " ";
  }

  /** @return the lines for a channel event in this variant, or null for an event IRC clients don't see */
  static Buffer channelEvent(JsonObject e, int variant, String httpBase, String server) {
    String channel = e.getString("channel");
    String user = e.getString("user");
    String by = e.getString("by");
    long now = System.currentTimeMillis();
    String tags = tags(variant, now, null, null);
    List<String> lines = new ArrayList<>(2);
    switch (EventType.of(e.getString("type"))) {
      case MESSAGE -> {
        return buffer(said(e, variant, channel, httpBase));
      }
      case TAGMSG -> {
        if ((variant & IrcCaps.Cap.MESSAGE_TAGS.variantBit) == 0) return null; // a TAGMSG is nothing but tags
        lines.add(tagmsg(e, variant, channel));
      }
      case JOIN -> {
        lines.add(tags + IrcMessage.format(mask(user), "JOIN", false, channel));
        String away = e.getString("away");
        if (away != null && (variant & IrcCaps.Cap.AWAY_NOTIFY.variantBit) != 0) {
          lines.add(tags + IrcMessage.format(mask(user), "AWAY", true, away));
        }
      }
      case PART -> {
        String message = e.getString("message");
        lines.add(tags + ("quit".equals(e.getString("reason"))
            ? IrcMessage.format(mask(user), "QUIT", true, message == null ? "Quit" : "Quit: " + message)
            : message == null ? IrcMessage.format(mask(user), "PART", false, channel) : IrcMessage.format(mask(user), "PART", true, channel, message)));
      }
      case SETNAME -> lines.add(tags + IrcMessage.format(mask(user), "SETNAME", true, e.getString("realName")));
      // IRC's default comment is the kicker's nickname.
      case KICK -> lines.add(tags + IrcMessage.format(mask(by), "KICK", true, channel, user,
          e.getString("reason", "").isEmpty() ? by : e.getString("reason")));
      case RENAME -> lines.add(tags + IrcMessage.format(mask(e.getString("from")), "NICK", false, e.getString("to")));
      case STATUS -> {
        if ((variant & IrcCaps.Cap.AWAY_NOTIFY.variantBit) == 0) return null;
        lines.add(tags + ("online".equals(e.getString("status")) ? IrcMessage.format(mask(user), "AWAY", false)
            : IrcMessage.format(mask(user), "AWAY", true, e.getString("message", e.getString("status")))));
      }
      case MODE -> {
        List<String> params = new ArrayList<>(List.of(channel));
        params.addAll(IrcModes.describe(e));
        lines.add(tags + IrcMessage.format(mask(by), "MODE", false, params.toArray(String[]::new)));
      }
      case VOICE -> lines.add(tags + IrcMessage.format(mask(by), "MODE", false, channel,
          (e.getBoolean("voiced") ? "+" : "-") + IrcModes.VOICE, user));
      case MODERATOR -> lines.add(tags + IrcMessage.format(mask(by), "MODE", false, channel,
          (e.getBoolean("moderator") ? "+" : "-") + IrcModes.MODERATOR, user));
      case BAN -> {
        lines.add(tags + IrcMessage.format(mask(by), "MODE", false, channel, "+" + IrcModes.BAN, IrcModes.banMask(user)));
        if (e.getBoolean("present", true)) lines.add(tags + IrcMessage.format(mask(by), "KICK", true, channel, user, "Banned" + reason(e)));
      }
      case UNBAN -> lines.add(tags + IrcMessage.format(mask(by), "MODE", false, channel, "-" + IrcModes.BAN, IrcModes.banMask(user)));
      case TOPIC -> lines.add(tags + IrcMessage.format(mask(by), "TOPIC", true, channel, e.getString("topic")));
      case TIMEOUT -> lines.add(notice(tags, server, channel, user + " was timed out for " + e.getLong("seconds") + " s by " + by + reason(e)));
      case UNTIMEOUT -> lines.add(notice(tags, server, channel, user + " may talk again (by " + by + ")"));
      case DELETE -> lines.add(notice(tags, server, channel, "Message " + e.getLong("id") + " was deleted by " + by));
      case CLEAR -> lines.add(notice(tags, server, channel, "The chat was cleared by " + by));
      case SLOW -> lines.add(notice(tags, server, channel, e.getInteger("seconds") > 0
          ? "Slow mode: one message per " + e.getInteger("seconds") + " s (set by " + by + ")" : "Slow mode is off (set by " + by + ")"));
      case STREAM -> lines.add(notice(tags, server, channel, e.getBoolean("live")
          ? channel + " is live now (" + e.getString("source") + "): watch " + httpBase + LiveHub.watchPath(channel)
          : "The live stream in " + channel + " stopped"));
      default -> {
        return null;
      }
    }
    return buffer(lines);
  }

  private static String notice(String tags, String server, String target, String text) {
    return tags + IrcMessage.format(server, "NOTICE", true, target, text);
  }

  private static String reason(JsonObject e) {
    String reason = e.getString("reason", "");
    return reason.isEmpty() ? "" : ": " + reason;
  }

  /** A channel message, live or from history: its PRIVMSG (or NOTICE) lines with the variant's tags. */
  static List<String> said(JsonObject m, int variant, String target, String httpBase) {
    String from = m.getString("from");
    String account = m.getBoolean("account", false) ? from : null;
    // Each part of a split message needs an id of its own: clients drop lines whose msgid they have seen.
    return privmsgs(part -> tags(variant, m.getLong("at"), m.getLong("id") + (part == 0 ? "" : "-" + part), account, m),
        mask(from), m.getBoolean("notice", false) ? "NOTICE" : "PRIVMSG", target, text(m, httpBase));
  }

  /** A TAGMSG event as the line a message-tags client gets. */
  static String tagmsg(JsonObject e, int variant, String target) {
    return tags(variant, e.getLong("at"), e.getString("id"), null, e) + IrcMessage.format(mask(e.getString("from")), "TAGMSG", false, target);
  }

  /** What a message says on IRC; a voice or video message is its link and its words. */
  static String text(JsonObject m, String httpBase) {
    JsonObject media = m.getJsonObject("media");
    if (media == null) return m.getString("text");
    long seconds = Math.round(media.getLong("durationMs") / 1000.0);
    String caption = m.getString("text", "");
    return media.getString("kind") + " message (" + seconds / 60 + ":" + String.format("%02d", seconds % 60) + "): "
        + httpBase + media.getString("url") + (caption.isEmpty() ? "" : " " + caption);
  }

  /**
   * PRIVMSG or NOTICE lines carrying {@code text}, split (at a space when there is one) into pieces an IRC
   * client could have sent: telnet and web users may send longer texts than one IRC line holds. The
   * sender's prefix is not counted, so what an IRC client sent arrives whole, in one line (a few dozen
   * bytes over 512 at most; clients take that, and cutting it would lose words).
   */
  static List<String> privmsgs(IntFunction<String> tags, String prefix, String command, String target, String text) {
    String head = IrcMessage.format(prefix, command, false, target) + " :";
    String sent = IrcMessage.format(null, command, false, target) + " "; // a one-word text needs no colon
    int room = Math.max(16, IrcMessage.MAX_REST_BYTES - sent.getBytes(StandardCharsets.UTF_8).length);
    List<String> lines = new ArrayList<>(1);
    String rest = text;
    while (true) {
      int cut = cut(rest, room);
      lines.add(tags.apply(lines.size()) + head + rest.substring(0, cut));
      if (cut >= rest.length()) return lines;
      rest = rest.substring(cut).stripLeading();
      if (rest.isEmpty()) return lines;
    }
  }

  /** @return where to cut {@code text} so that its first part is at most {@code maxBytes} of UTF-8 */
  private static int cut(String text, int maxBytes) {
    int bytes = 0;
    int lastSpace = -1;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + size > maxBytes) return lastSpace > 0 ? lastSpace : i;
      if (cp == ' ') lastSpace = i;
      bytes += size;
      i += Character.charCount(cp);
    }
    return text.length();
  }
}
