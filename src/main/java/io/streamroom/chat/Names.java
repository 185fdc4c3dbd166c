package io.streamroom.chat;

import java.util.Locale;
import java.util.regex.Pattern;

/** The rules for nicknames, channel names and message text. */
public final class Names {
  public static final String LOBBY = "#lobby";
  /** Long enough for a paragraph; the TCP line limit (2,000 bytes) is the same order. */
  public static final int MAX_TEXT_LENGTH = 2000;
  private static final Pattern NICK = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{1,19}");
  private static final Pattern CHANNEL = Pattern.compile("#[a-z0-9][a-z0-9_-]{0,31}");

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

  /** The key two spellings of one nickname share. */
  public static String key(String nick) {
    return nick.toLowerCase(Locale.ROOT);
  }

  /** Strips control characters other than tab, so nobody can move others' cursors or ring their bells. */
  public static String text(String raw) {
    if (raw == null) throw new ChatException(ErrorCode.EMPTY_MESSAGE);
    StringBuilder out = new StringBuilder(raw.length());
    raw.codePoints()
        .filter(c -> c == '\t' || !Character.isISOControl(c))
        .forEach(out::appendCodePoint);
    String text = out.toString().strip();
    if (text.isEmpty()) throw new ChatException(ErrorCode.EMPTY_MESSAGE);
    if (text.length() > MAX_TEXT_LENGTH) {
      throw new ChatException(ErrorCode.TOO_LONG, "Message too long: at most " + MAX_TEXT_LENGTH + " characters.");
    }
    return text;
  }
}
