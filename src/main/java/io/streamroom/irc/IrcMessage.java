package io.streamroom.irc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One IRC line, parsed (RFC 1459 with IRCv3 message tags): {@code [@tags] [:prefix] COMMAND params [:trailing]}.
 * The command is upper-cased; tag values are unescaped. Also formats outgoing lines.
 */
record IrcMessage(Map<String, String> tags, String prefix, String command, List<String> params) {
  /**
   * Most bytes of the tags part of a client's line, with its '@' and the space after it: IRCv3
   * message-tags gives clients 4,094 bytes of tag data (the rest of the 8,191 is the server's).
   */
  static final int MAX_TAGS_BYTES = 4096;
  /** Most bytes of the rest of a line, without CRLF (RFC 1459: 512 with it). */
  static final int MAX_REST_BYTES = 510;

  /** @return the message, or null for a line with no command (blank, or only a prefix) */
  static IrcMessage parse(String line) {
    int at = 0;
    Map<String, String> tags = Map.of();
    if (line.startsWith("@")) {
      int end = line.indexOf(' ');
      if (end < 0) return null;
      tags = tags(line.substring(1, end));
      at = end;
    }
    at = skipSpaces(line, at);
    String prefix = null;
    if (line.startsWith(":", at)) {
      int end = line.indexOf(' ', at);
      if (end < 0) return null;
      prefix = line.substring(at + 1, end);
      at = skipSpaces(line, end);
    }
    List<String> words = new ArrayList<>();
    while (at < line.length()) {
      if (line.charAt(at) == ':' && !words.isEmpty()) {
        words.add(line.substring(at + 1));
        break;
      }
      int end = line.indexOf(' ', at);
      if (end < 0) end = line.length();
      words.add(line.substring(at, end));
      at = skipSpaces(line, end);
    }
    if (words.isEmpty()) return null;
    return new IrcMessage(tags, prefix, words.get(0).toUpperCase(Locale.ROOT), List.copyOf(words.subList(1, words.size())));
  }

  String param(int i) {
    return i < params.size() ? params.get(i) : null;
  }

  private static int skipSpaces(String line, int at) {
    while (at < line.length() && line.charAt(at) == ' ') at++;
    return at;
  }

  private static Map<String, String> tags(String raw) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (String tag : raw.split(";")) {
      if (tag.isEmpty()) continue;
      int eq = tag.indexOf('=');
      tags.put(eq < 0 ? tag : tag.substring(0, eq), eq < 0 ? "" : unescape(tag.substring(eq + 1)));
    }
    return tags;
  }

  private static String unescape(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '\\') {
        out.append(c);
      } else if (++i < value.length()) {
        char next = value.charAt(i);
        out.append(switch (next) {
          case ':' -> ';';
          case 's' -> ' ';
          case 'r' -> '\r';
          case 'n' -> '\n';
          default -> next;
        });
      }
    }
    return out.toString();
  }

  /** A tag value as it goes on the wire. */
  static String escape(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (char c : value.toCharArray()) {
      switch (c) {
        case ';' -> out.append("\\:");
        case ' ' -> out.append("\\s");
        case '\\' -> out.append("\\\\");
        case '\r' -> out.append("\\r");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * An outgoing line without tags or CRLF: {@code :prefix COMMAND p1 p2 :last}. The last parameter gets
   * its colon when it needs one (empty, a space, or a leading colon) or when {@code trailing} asks.
   */
  static String format(String prefix, String command, boolean trailing, String... params) {
    StringBuilder out = new StringBuilder(64);
    if (prefix != null) out.append(':').append(prefix).append(' ');
    out.append(command);
    for (int i = 0; i < params.length; i++) {
      String p = params[i];
      boolean last = i == params.length - 1;
      out.append(' ');
      if (last && (trailing || p.isEmpty() || p.indexOf(' ') >= 0 || p.startsWith(":"))) out.append(':');
      out.append(p);
    }
    return out.toString();
  }
}
