package io.streamroom.media;

import io.streamroom.chat.ChatException;
import io.streamroom.chat.ErrorCode;

import java.util.Locale;

/** How many bytes of recordings one account may keep, and the refusal that says how much is used and left. */
record Quota(long bytes) {
  /** @throws ChatException QUOTA_EXCEEDED when {@code used} plus an upload of {@code size} would not fit */
  void check(long used, long size) {
    if (used + size <= bytes) return;
    throw new ChatException(ErrorCode.QUOTA_EXCEEDED, "Your voice and video messages use " + text(used) + " of your "
        + text(bytes) + " (" + text(Math.max(0, bytes - used)) + " left), and this one is " + text(size)
        + ". Deleting messages with recordings frees their space.");
  }

  static String text(long bytes) {
    if (bytes < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
  }
}
