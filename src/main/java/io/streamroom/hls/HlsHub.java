package io.streamroom.hls;

import io.streamroom.chat.Addresses;
import io.streamroom.chat.Names;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.HashMap;
import java.util.Map;

/**
 * The LL-HLS windows of this node's live channels: one hub per HTTP verticle (like the live hub), all its
 * state on that verticle's event loop, so call it only there. Each started channel takes its fragmented MP4
 * from the bus ({@link HlsMessages}) into a window of a few seconds that players read over HTTP:
 * {@code GET /hls/<name>/index.m3u8} and the files it names, parts written to viewers as they come.
 */
public final class HlsHub {
  static final String PLAYLIST_TYPE = "application/vnd.apple.mpegurl";

  private final Vertx vertx;
  /** Sources hear "someone watches" at most this often: players reload the playlist every part (0.2 s). */
  private static final long WANTED_EVERY_NANOS = 1_000_000_000L;

  private final Map<String, HlsChannel> channels = new HashMap<>();
  private final Map<String, Long> wantedToldAt = new HashMap<>();

  public HlsHub(Vertx vertx) {
    this.vertx = vertx;
  }

  /** "#lobby" goes live: its window starts empty and fills from the bus (a window it had is replaced). */
  public void started(String channel) {
    stopped(channel);
    String name = Names.channel(channel);
    channels.put(name, new HlsChannel(vertx, name));
  }

  /** The window is dropped; held playlist requests get the final playlist, held parts a 404. */
  public void stopped(String channel) {
    wantedToldAt.remove(Names.channel(channel));
    HlsChannel stopped = channels.remove(Names.channel(channel));
    if (stopped != null) stopped.stop();
  }

  /**
   * GET /hls/:name/index.m3u8 (name: the channel without '#'). Each request also tells a source that encodes
   * only while someone watches (the server's camera) that someone does, at most once a second per channel.
   */
  public void playlist(RoutingContext ctx) {
    HlsChannel channel = channel(ctx);
    if (channel == null) return;
    long now = System.nanoTime();
    Long told = wantedToldAt.get(channel.channel);
    if (told == null || now - told > WANTED_EVERY_NANOS) {
      wantedToldAt.put(channel.channel, now);
      vertx.eventBus().publish(Addresses.liveHlsWanted(channel.channel), new JsonObject());
    }
    channel.playlist(ctx);
  }

  /** GET /hls/:name/:file: an init segment, a segment or a part. */
  public void file(RoutingContext ctx) {
    HlsChannel channel = channel(ctx);
    if (channel == null) return;
    HlsFile file = HlsFile.parse(ctx.pathParam("file"));
    if (file == null) HlsChannel.notFound(ctx);
    else channel.file(ctx, file);
  }

  /** {"hls": "/hls/lobby/index.m3u8", "hlsRequests", "hlsBytesOut", "hlsSegments"}; hls null and 0s when not started. */
  public JsonObject describe(String channel) {
    HlsChannel live = channels.get(Names.channel(channel));
    if (live != null) return live.describe();
    return new JsonObject().putNull("hls").put("hlsRequests", 0).put("hlsBytesOut", 0).put("hlsSegments", 0);
  }

  static String playlistPath(String channel) {
    return "/hls/" + channel.substring(1) + "/index.m3u8";
  }

  /** The channel the path names, or null once the request is answered with a 404. */
  private HlsChannel channel(RoutingContext ctx) {
    HlsChannel channel;
    try {
      channel = channels.get(Names.channel(ctx.pathParam("name")));
    } catch (RuntimeException badName) {
      channel = null;
    }
    if (channel == null) notLive(ctx);
    return channel;
  }

  static void notLive(RoutingContext ctx) {
    ctx.response().setStatusCode(404).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", "NOT_LIVE").put("message", "That channel is not live right now.").encode());
  }
}
