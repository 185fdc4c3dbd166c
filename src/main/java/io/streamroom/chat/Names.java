package io.streamroom.chat;

import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/** The rules for nicknames, channel names, message text, topics and message keys. */
public final class Names {
  public static final String LOBBY = "#lobby";
  /** Long enough for a paragraph; the TCP line limit (2,000 bytes) is the same order. */
  public static final int MAX_TEXT_LENGTH = 2000;
  /** A line's worth: shown above the chat, not a second message. */
  public static final int MAX_TOPIC_LENGTH = 200;
  /** Longest nickname; IRC clients learn it from RPL_ISUPPORT's NICKLEN. */
  public static final int MAX_NICK_LENGTH = 20;
  /** Longest channel name with its '#'; IRC's CHANNELLEN. */
  public static final int MAX_CHANNEL_LENGTH = 33;
  /** Longest user part of a mask (IRC's USERLEN), not counting the '~' of a name the client chose itself. */
  public static final int MAX_USERNAME_LENGTH = 10;
  /** Longest real name kept: a name, not a profile. */
  public static final int MAX_REAL_NAME_LENGTH = 50;
  /** IRCv3 message-tags: the bytes of tag data a client may send with one message. */
  public static final int MAX_CLIENT_TAGS_BYTES = 4094;
  /** A client-only tag's name: '+', then an optional vendor ("example.com/") and a name. */
  private static final Pattern CLIENT_TAG = Pattern.compile("\\+([A-Za-z0-9.-]+/)?[A-Za-z0-9-]+");
  private static final Pattern NOT_USERNAME = Pattern.compile("[^A-Za-z0-9._-]");
  private static final Pattern MESSAGE_KEY = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern NICK = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{1," + (MAX_NICK_LENGTH - 1) + "}");
  private static final Pattern CHANNEL = Pattern.compile("#[a-z0-9][a-z0-9_-]{0," + (MAX_CHANNEL_LENGTH - 2) + "}");

  private Names() {}

  /** @return the nickname as given, if valid */
  public static String nick(String raw) {
    String nick = raw == null ? "" : raw.trim();
    if (!NICK.matcher(nick).matches()) throw new ChatException(ErrorCode.BAD_NICK);
    return nick;
  }

  /** @return the canonical channel name: lower case with a leading '#' ("Dev" and "#dev" are "#dev") */
  public static String channel(String raw) {
    String name = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
    if (!name.startsWith("#")) name = "#" + name;
    if (!CHANNEL.matcher(name).matches()) throw new ChatException(ErrorCode.BAD_CHANNEL);
    return name;
  }

  /**
   * The user part others see in {@code nick!user@host}: what an IRC client gave in USER, kept to letters,
   * digits, '.', '_' and '-' (so it is safe in a mask whatever the client sent) and marked with '~' as a
   * name nobody checked (as IRC servers without ident do); the transport's name for clients that give none.
   */
  static String username(String given, String transport) {
    if (given == null) return transport;
    String kept = NOT_USERNAME.matcher(given).replaceAll("");
    kept = kept.substring(0, Math.min(kept.length(), MAX_USERNAME_LENGTH));
    return "~" + (kept.isEmpty() ? transport : kept);
  }

  /** An IRC client's real name, cleaned like text and cut; a fixed one for clients that give none. */
  static String realName(String given, String transport) {
    String name = given == null ? "" : clean(given);
    if (name.isEmpty()) return "Streamroom " + transport + " user";
    return name.substring(0, name.offsetByCodePoints(0, Math.min(name.codePointCount(0, name.length()), MAX_REAL_NAME_LENGTH)));
  }

  /**
   * Tags a client attached to a message for the other clients (IRC's client-only tags, {@code +name}),
   * relayed as they are; no more than {@link #MAX_CLIENT_TAGS_BYTES}, names as IRCv3 writes them.
   * @return the tags, or null for none
   */
  static JsonObject clientTags(JsonObject raw) {
    if (raw == null || raw.isEmpty()) return null;
    int bytes = 0;
    for (String name : raw.fieldNames()) {
      if (!CLIENT_TAG.matcher(name).matches() || !(raw.getValue(name) instanceof String value)) {
        throw new ChatException(ErrorCode.BAD_REQUEST, "A client tag is +name with a text value.");
      }
      bytes += name.length() + 2 + value.getBytes(StandardCharsets.UTF_8).length;
    }
    if (bytes > MAX_CLIENT_TAGS_BYTES) throw new ChatException(ErrorCode.TOO_LONG, "Too many tags: at most " + MAX_CLIENT_TAGS_BYTES + " bytes.");
    return raw;
  }

  /** The key two spellings of one nickname share. */
  public static String key(String nick) {
    return nick.toLowerCase(Locale.ROOT);
  }

  /** Message text: cleaned (see {@link #clean}), not empty, at most {@link #MAX_TEXT_LENGTH} characters. */
  public static String text(String raw) {
    if (raw == null) throw new ChatException(ErrorCode.EMPTY_MESSAGE);
    String text = clean(raw);
    if (text.isEmpty()) throw new ChatException(ErrorCode.EMPTY_MESSAGE);
    if (text.length() > MAX_TEXT_LENGTH) {
      throw new ChatException(ErrorCode.TOO_LONG, "Message too long: at most " + MAX_TEXT_LENGTH + " characters.");
    }
    return text;
  }

  /** The words sent with a voice or video message: like message text, but may be empty. */
  public static String caption(String raw) {
    return raw == null || clean(raw).isEmpty() ? "" : text(raw);
  }

  /** A channel topic: cleaned like message text, possibly empty, at most {@link #MAX_TOPIC_LENGTH} characters. */
  public static String topic(String raw) {
    String topic = raw == null ? "" : clean(raw);
    if (topic.length() > MAX_TOPIC_LENGTH) {
      throw new ChatException(ErrorCode.TOO_LONG, "A topic is at most " + MAX_TOPIC_LENGTH + " characters.");
    }
    return topic;
  }

  /** A moderator's reason for an action: cleaned like a topic, possibly empty. */
  public static String reason(String raw) {
    String reason = raw == null ? "" : clean(raw);
    if (reason.length() > MAX_TOPIC_LENGTH) {
      throw new ChatException(ErrorCode.TOO_LONG, "A reason is at most " + MAX_TOPIC_LENGTH + " characters.");
    }
    return reason;
  }

  /** The key a sender gave a message so a retry is recognised; none given gets a fresh one. */
  public static String messageKey(String raw) {
    if (raw == null) return UUID.randomUUID().toString();
    if (!MESSAGE_KEY.matcher(raw).matches()) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "A message key is 1-64 letters, digits, - or _.");
    }
    return raw;
  }

  /**
   * Strips control characters other than tab (so nobody can move others' cursors, ring their bells or
   * store a NUL, which PostgreSQL refuses) and unpaired surrogates (not text in any encoding), then trims.
   */
  private static String clean(String raw) {
    StringBuilder out = new StringBuilder(raw.length());
    raw.codePoints()
        .filter(c -> c == '\t' || !Character.isISOControl(c))
        .filter(c -> c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE)
        .forEach(out::appendCodePoint);
    return out.toString().strip();
  }
}
