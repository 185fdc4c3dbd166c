package io.streamroom.connlog;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * One record as the file shows it: {@code [2026-11-21 10:15:02.118] LOGIN | Source: 127.0.0.1:51234 telnet |
 * Details: alice as user (password)}. The time is the server's local time when the record was made.
 */
final class LogLine {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
      .withZone(ZoneId.systemDefault());
  /**
   * Longest source or details kept: our records are far shorter (a kick's reason is the longest), and the
   * cap bounds what a full queue can hold.
   */
  static final int MAX_FIELD_CHARS = 500;

  private LogLine() {}

  static String format(long epochMillis, ConnectionEvent type, String source, String details) {
    return "[" + TIME.format(Instant.ofEpochMilli(epochMillis)) + "] " + type.name()
        + " | Source: " + clean(source, "unknown") + " | Details: " + clean(details, "");
  }

  /** Cut to one character past the cap (so {@link #clean} still sees it was cut), without copying shorter ones. */
  static String bounded(String text) {
    return text == null || text.length() <= MAX_FIELD_CHARS ? text : text.substring(0, MAX_FIELD_CHARS + 1);
  }

  /**
   * One line whatever the caller passed: every control character (line feeds, carriage returns, the
   * C1 NEL) and the Unicode line and paragraph separators become spaces, and the text is cut to
   * {@link #MAX_FIELD_CHARS} characters (never between the halves of a surrogate pair).
   */
  static String clean(String text, String ifEmpty) {
    if (text == null || text.isBlank()) return ifEmpty;
    int length = Math.min(text.length(), MAX_FIELD_CHARS);
    if (length < text.length() && Character.isHighSurrogate(text.charAt(length - 1))) length--;
    StringBuilder out = null;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        if (out == null) out = new StringBuilder(text.length()).append(text, 0, i);
        out.append(' ');
      } else if (out != null) {
        out.append(c);
      }
    }
    String line = out != null ? out.toString() : text.substring(0, length);
    return length < text.length() ? line + "..." : line;
  }
}
