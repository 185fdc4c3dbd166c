package io.streamroom.web;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** How many bridge sockets each user holds open, bounded: a few tabs on a few devices, not a flood from one token. */
final class SocketsPerUser {
  /** Bridge sockets one user may hold at once. */
  static final int MAX = 8;
  /** Close code for a socket over that bound; the page shows why instead of retrying quietly. */
  static final short CLOSE_TOO_MANY = 4429;

  /** Open or opening sockets per user (lower-case name); touched only on the bridge's event loop. */
  private final Map<String, Integer> open = new HashMap<>();

  /** @return false when the user holds {@link #MAX} sockets already */
  boolean take(String name) {
    String key = name.toLowerCase(Locale.ROOT);
    int held = open.getOrDefault(key, 0);
    if (held >= MAX) return false;
    open.put(key, held + 1);
    return true;
  }

  void free(String name) {
    open.computeIfPresent(name.toLowerCase(Locale.ROOT), (key, held) -> held > 1 ? held - 1 : null);
  }

  /** A refusal that is not about the token. */
  static final class TooMany extends RuntimeException {
    TooMany() {
      super("too many bridge sockets for one user", null, false, false);
    }
  }
}
