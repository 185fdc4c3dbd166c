package io.streamroom.live;

import io.streamroom.chat.Addresses;
import io.streamroom.chat.Names;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.TreeMap;

/**
 * Fans live frames out to viewers: one per HTTP verticle, on its event loop. It follows announcements on
 * {@code live.announce}, takes each live channel's frames from the bus once, and hands every viewer the
 * newest frame (see {@link Viewer}). Viewers watch over MJPEG ({@code GET /live/<name>.mjpeg}, for any
 * {@code <img>}, ffplay or VLC) or a WebSocket ({@code /live/<name>/ws}, for the page).
 */
public final class LiveHub {
  private final Vertx vertx;
  private final Map<String, LiveStream> streams = new TreeMap<>();

  public LiveHub(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Call from the owning verticle's start, so every handler runs on its event loop. */
  public Future<Void> start() {
    Future<Void> announcements = vertx.eventBus().<JsonObject>consumer(Addresses.LIVE_ANNOUNCE, m -> onAnnounce(m.body()))
        .completion();
    Future<Void> lists = vertx.eventBus().<JsonObject>consumer(Addresses.LIVE_LIST, m -> m.reply(list())).completion();
    return Future.all(announcements, lists).mapEmpty();
  }

  private void onAnnounce(JsonObject announcement) {
    String channel = announcement.getString("channel");
    LiveStream current = streams.remove(channel);
    if (current != null) current.stop();
    if (announcement.getBoolean("live", false)) {
      streams.put(channel, new LiveStream(channel, announcement.getString("source", ""),
          vertx.eventBus().consumer(Addresses.liveFrames(channel))));
    }
  }

  /** {"streams": [{channel, source, fps, viewers, latencyMs, skipped, mjpeg, websocket}]} */
  public JsonObject list() {
    JsonArray out = new JsonArray();
    streams.values().forEach(s -> out.add(s.describe(watchPath(s.channel))));
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
      void end() {
        response.end();
      }
    };
    response.closeHandler(v -> viewer.leave());
    stream.add(viewer);
  }

  /** GET /live/{name}/ws: binary messages of sequence, capture time and JPEG. */
  public void webSocket(RoutingContext ctx) {
    LiveStream stream = stream(ctx.pathParam("name"));
    if (stream == null) {
      notLive(ctx);
      return;
    }
    ctx.request().toWebSocket().onSuccess(socket -> {
      Viewer viewer = new Viewer(stream) {
        @Override
        protected Future<Void> write(LiveFrame frame) {
          return socket.writeBinaryMessage(frame.webSocketMessage());
        }

        @Override
        void end() {
          socket.close((short) 1000, "stream stopped");
        }
      };
      socket.closeHandler(v -> viewer.leave());
      socket.handler(ignored -> { }); // viewers only watch
      stream.add(viewer);
    });
  }

  private LiveStream stream(String name) {
    try {
      return streams.get(Names.channel(name));
    } catch (RuntimeException badName) {
      return null;
    }
  }

  private static void notLive(RoutingContext ctx) {
    ctx.response().setStatusCode(404).putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", "NOT_LIVE").put("message", "That channel is not live right now.").encode());
  }
}
