package io.streamroom.hls;

import io.vertx.core.http.HttpServerRequest;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * How many players watch a stream over HLS, which has no sessions: a player that asked for the playlist lately
 * is watching. Our page names its player ({@code ?player=<random id>}, which hls.js keeps on every reload, as
 * it may reload on any of its connections); another player (ffprobe, VLC, a TV) is known by its HTTP
 * connection, which it keeps. Used on one thread.
 */
final class HlsAudience {
  /** Players without LL-HLS reload about every target duration (1 s); one quiet for this long has left. */
  private static final long GONE_NANOS = TimeUnit.SECONDS.toNanos(6);
  /** Past this many, the stale ones are swept at each new one. */
  private static final int SWEEP_OVER = 1024;
  /** Made-up names cannot grow the map without end: past this many, new players are not counted. */
  static final int MAX_PLAYERS = 20_000;
  private static final Pattern PLAYER_ID = Pattern.compile("[A-Za-z0-9-]{8,64}");

  private final Map<Object, Long> lastAsked = new HashMap<>();

  void asked(HttpServerRequest request) {
    String id = request.getParam("player");
    Object player = id != null && PLAYER_ID.matcher(id).matches() ? id : request.connection();
    if (!lastAsked.containsKey(player)) {
      if (lastAsked.size() >= SWEEP_OVER) sweep();
      if (lastAsked.size() >= MAX_PLAYERS) return;
    }
    lastAsked.put(player, System.nanoTime());
  }

  int count() {
    sweep();
    return lastAsked.size();
  }

  private void sweep() {
    long now = System.nanoTime();
    lastAsked.values().removeIf(at -> now - at > GONE_NANOS);
  }
}
