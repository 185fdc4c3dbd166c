package io.streamroom.live;

import io.streamroom.auth.TokenService;
import io.streamroom.chat.Addresses;
import io.streamroom.chat.Names;
import io.streamroom.hls.HlsHub;
import io.streamroom.metrics.Meters;
import io.streamroom.record.StreamRecorder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fans live frames out to viewers: one per HTTP verticle, on its event loop. It follows announcements on
 * {@code live.announce}, takes each live channel's frames from the bus once, and hands every viewer the
 * newest frame (see {@link Viewer}). Viewers watch over MJPEG ({@code GET /live/<name>.mjpeg}, for any
 * {@code <img>}, ffplay or VLC) or a WebSocket ({@code /live/<name>/ws}, for the page). It keeps the
 * channels' claims (one source per channel); browsers stream in through {@link BrowserStreams}.
 */
public final class LiveHub {
  private static final Logger log = LoggerFactory.getLogger(LiveHub.class);
  /**
   * Largest message a browser may send (exactly this much passes): a 1280x720 webcam JPEG at high quality is
   * a few hundred KiB, a recording's 100 ms chunk tens of KiB.
   */
  public static final int MAX_INGEST_FRAME_BYTES = 1024 * 1024;
  /**
   * Sources that make JPEG frames only on demand (OBS streams) hear "someone watches" this often while anyone
   * does: often enough for them to stop a few seconds after the last viewer, rarely enough to cost nothing.
   */
  private static final long WANTED_EVERY_MS = 1000;

  private final Vertx vertx;
  private final Map<String, LiveStream> streams = new TreeMap<>();
  private final LiveClaims claims;
  private final BrowserStreams browsers;
  private final HlsHub hls;
  private final Meters meters;

  /** @param recorder records browser streams */
  public LiveHub(Vertx vertx, TokenService tokens, StreamRecorder recorder, Meters meters) {
    this.vertx = vertx;
    this.meters = meters;
    // Read by the scrape, which /metrics serves on this same event loop.
    meters.live(streams::size, () -> streams.values().stream().mapToInt(LiveStream::viewers).sum());
    this.hls = new HlsHub(vertx);
    this.claims = new LiveClaims(vertx);
    this.browsers = new BrowserStreams(vertx, tokens, recorder, claims);
  }

  /** The endpoints browsers stream in through (and relayed viewers watch on). */
  public BrowserStreams browsers() {
    return browsers;
  }

  /** The live streams' low-latency HLS (every source's stream, as H.264 and AAC). */
  public HlsHub hls() {
    return hls;
  }

  /** Call from the owning verticle's start, so every handler runs on its event loop. */
  public Future<Void> start() {
    Future<Void> announcements = vertx.eventBus().<JsonObject>consumer(Addresses.LIVE_ANNOUNCE, m -> onAnnounce(m.body()))
        .completion();
    // Local consumers: in a cluster each node lists its own viewers, and claims are taken at the source's node.
    Future<Void> lists = vertx.eventBus().<JsonObject>localConsumer(Addresses.LIVE_LIST, m -> m.reply(list())).completion();
    Future<Void> stops = vertx.eventBus().<JsonObject>consumer(Addresses.LIVE_STOP, m -> m.reply(new JsonObject()
        .put("stopped", browsers.stop(m.body().getString("channel"), "stopped by " + m.body().getString("by"))))).completion();
    Future<Void> claiming = vertx.eventBus().<JsonObject>localConsumer(Addresses.LIVE_CLAIM, m ->
        claims.take(m.body().getString("channel"), m.body().getString("claim"))
            .onComplete(granted -> m.reply(new JsonObject().put("granted", granted.succeeded() && granted.result())))).completion();
    Future<Void> releasing = vertx.eventBus().<JsonObject>localConsumer(Addresses.LIVE_RELEASE, m -> {
      claims.release(m.body().getString("channel"), m.body().getString("claim"));
      m.reply(new JsonObject());
    }).completion();
    Future<Void> usersGone = vertx.eventBus().<JsonObject>consumer(Addresses.LIVE_USER_GONE, m -> browsers.userGone(m.body().getString("name")))
        .completion();
    if (vertx.isClustered()) catchUp();
    vertx.setPeriodic(WANTED_EVERY_MS, id -> streams.values().stream().filter(LiveStream::watched).forEach(this::wanted));
    return Future.all(List.of(announcements, lists, stops, claiming, releasing, usersGone)).mapEmpty();
  }

  /** A node that joins a cluster learns the streams that went live before it (their announcements are past). */
  private void catchUp() {
    vertx.eventBus().<JsonObject>request(Addresses.LIVE_NOW, new JsonObject())
        .onSuccess(reply -> reply.body().getJsonArray("streams").forEach(a -> onAnnounce((JsonObject) a)))
        .onFailure(e -> log.warn("Could not learn the cluster's live streams: {}", e.getMessage()));
  }

  /** A viewer joins; a source that makes frames only on demand hears of it at once, not within a second. */
  private void watch(LiveStream stream, Viewer viewer) {
    stream.add(viewer);
    wanted(stream);
  }

  private void wanted(LiveStream stream) {
    vertx.eventBus().publish(Addresses.liveFramesWanted(stream.channel), new JsonObject());
  }

  /** Only the source holding the channel's claim changes its stream; a stale announcement is ignored. */
  private void onAnnounce(JsonObject announcement) {
    String channel = announcement.getString("channel");
    if (!claims.announced(channel, announcement.getString("claim", ""), announcement.getBoolean("live", false))) return;
    LiveStream current = streams.remove(channel);
    if (current != null) current.stop();
    if (announcement.getBoolean("live", false)) {
      streams.put(channel, new LiveStream(channel, announcement.getString("source", ""),
          () -> vertx.eventBus().consumer(Addresses.liveFrames(channel)), vertx.isClustered(), meters));
      hls.started(channel);
    } else {
      hls.stopped(channel);
    }
  }

  /**
   * {"streams": [{channel, source, fps, viewers, latencyMs, skipped, frames, mjpeg, websocket, relayViewers, relayBytesIn,
   * relayBytesOut, relaySkipped, hls, hlsRequests, hlsBytesOut, hlsSegments}]}; the relay's figures are 0 for a
   * stream without a relay (a camera, a video). {@code frames} counts the JPEG frames this node received: an OBS
   * stream's stand still while nobody watches them.
   */
  public JsonObject list() {
    JsonArray out = new JsonArray();
    streams.values().forEach(s -> out.add(browsers.describe(s.channel, s.describe(watchPath(s.channel))).mergeIn(hls.describe(s.channel))));
    return new JsonObject().put("streams", out);
  }

  /** The path under which a channel is watched: /live/lobby for #lobby. */
  public static String watchPath(String channel) {
    return "/live/" + channel.substring(1);
  }

  /** GET /live/{name}.mjpeg */
  public void mjpeg(RoutingContext ctx) {
    String file = ctx.pathParam("file");
    if (!file.endsWith(".mjpeg")) {
      ctx.next();
      return;
    }
    LiveStream stream = stream(file.substring(0, file.length() - ".mjpeg".length()));
    if (stream == null) {
      notLive(ctx);
      return;
    }
    HttpServerResponse response = ctx.response().setChunked(true)
        .putHeader("Content-Type", "multipart/x-mixed-replace; boundary=" + LiveFrame.MJPEG_BOUNDARY)
        .putHeader("Cache-Control", "no-cache, no-store").putHeader("Connection", "close");
    Viewer viewer = new Viewer(stream) {
      @Override
      protected Future<Void> write(LiveFrame frame) {
        return response.write(frame.mjpegPart());
      }

      @Override
      protected void close() {
        response.end();
      }
    };
    response.closeHandler(v -> viewer.leave());
    watch(stream, viewer);
  }

  /** GET /live/{name}/ws: binary messages of sequence, capture time and JPEG. */
  public void webSocket(RoutingContext ctx) {
    LiveStream stream = stream(ctx.pathParam("name"));
    if (stream == null) {
      notLive(ctx);
      return;
    }
    ctx.request().toWebSocket().onSuccess(socket -> {
      if (streams.get(stream.channel) != stream) { // it stopped during the handshake
        socket.close((short) 1000, "stream stopped");
        return;
      }
      Viewer viewer = new Viewer(stream) {
        @Override
        protected Future<Void> write(LiveFrame frame) {
          return socket.writeBinaryMessage(frame.webSocketMessage());
        }

        @Override
        protected void close() {
          socket.close((short) 1000, "stream stopped");
        }
      };
      socket.closeHandler(v -> viewer.leave());
      socket.exceptionHandler(e -> failed(socket, "viewer", e));
      socket.handler(ignored -> { }); // viewers only watch
      watch(stream, viewer);
    });
  }

  /**
   * A socket error (a frame over {@link #MAX_INGEST_FRAME_BYTES}, a broken frame) is the client's problem:
   * one line, no stack trace, and the socket is closed.
   */
  static void failed(ServerWebSocket socket, String kind, Throwable e) {
    if (!socket.isClosed()) log.warn("Closed a live {} socket from {}: {}", kind, socket.remoteAddress(), e.getMessage());
    socket.close();
  }

  private LiveStream stream(String name) {
    String channel = channel(name);
    return channel == null ? null : streams.get(channel);
  }

  /** #name, or null when it cannot be a channel's name (nothing is live there). */
  static String channel(String name) {
    try {
      return Names.channel(name);
    } catch (RuntimeException badName) {
      return null;
    }
  }

  static void notLive(RoutingContext ctx) {
    ctx.response().setStatusCode(404).putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", "NOT_LIVE").put("message", "That channel is not live right now.").encode());
  }
}
