package io.streamroom.media;

import io.streamroom.chat.ChatException;
import io.streamroom.chat.ErrorCode;

import java.util.Locale;

/** What a recording is, and how long it may be (issue 10: as on Signal and Discord, short and to the point). */
public enum MediaKind {
  VOICE("voice", "Voice messages", 10_000),
  VIDEO("video", "Video messages", 15_000);

  /**
   * Containers round their durations (Opus pre-skip, the length of a last frame, a recorder stopped a
   * moment after its countdown): this much over the limit still passes.
   */
  public static final long TOLERANCE_MILLIS = 300;

  private final String label;
  private final String plural;
  private final long maxMillis;

  MediaKind(String label, String plural, long maxMillis) {
    this.label = label;
    this.plural = plural;
    this.maxMillis = maxMillis;
  }

  /** "voice" or "video", as stored and as the API spells it. */
  public String label() {
    return label;
  }

  public long maxMillis() {
    return maxMillis;
  }

  /** @throws ChatException TOO_LONG naming the limit and the duration, e.g. "(this one is 12.4 s)" */
  public void checkDuration(long millis) {
    if (millis > maxMillis + TOLERANCE_MILLIS) {
      throw new ChatException(ErrorCode.TOO_LONG, String.format(Locale.ROOT, "%s are at most %d s (this one is %.1f s).",
          plural, maxMillis / 1000, millis / 1000.0));
    }
  }

  /** @return the kind labelled {@code label}, or null */
  public static MediaKind of(String label) {
    for (MediaKind kind : values()) {
      if (kind.label.equals(label)) return kind;
    }
    return null;
  }
}
