package io.streamroom.live;

import io.streamroom.auth.TokenService;
import io.streamroom.auth.TokenService.Holder;
import io.streamroom.chat.Addresses;
import io.streamroom.chat.ChatClient;
import io.streamroom.chat.CommandType;
import io.streamroom.chat.Names;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.TreeMap;

/**
 * Fans live frames out to viewers: one per HTTP verticle, on its event loop. It follows announcements on
 * {@code live.announce}, takes each live channel's frames from the bus once, and hands every viewer the
 * newest frame (see {@link Viewer}). Viewers watch over MJPEG ({@code GET /live/<name>.mjpeg}, for any
 * {@code <img>}, ffplay or VLC) or a WebSocket ({@code /live/<name>/ws}, for the page). Browsers stream
 * their webcam in through {@code /live/<name>/ingest} (see {@link BrowserIngest}), and their recording with
 * sound through {@code /live/<name>/ingest/media} for viewers who watch it through the server
 * ({@code /live/<name>/media}, see {@link MediaRelay}).
 */
public final class LiveHub {
  private static final Logger log = LoggerFactory.getLogger(LiveHub.class);
  /**
   * Largest message a browser may send (exactly this much passes): a 1280x720 webcam JPEG at high quality is
   * a few hundred KiB, a recording's 100 ms chunk tens of KiB.
   */
  public static final int MAX_INGEST_FRAME_BYTES = 1024 * 1024;

  private final Vertx vertx;
  private final TokenService tokens;
  private final ChatClient chat;
  private final Map<String, LiveStream> streams = new TreeMap<>();
  /** Which source may stream into each channel: one claim per channel, taken before announcing. */
  private final Map<String, String> claims = new HashMap<>();
  private final Map<String, BrowserIngest> ingests = new HashMap<>();
  /** The relay of each browser stream: it lives and ends with the channel's BrowserIngest. */
  private final Map<String, MediaRelay> relays = new HashMap<>();

  public LiveHub(Vertx vertx, TokenService tokens) {
    this.vertx = vertx;
    this.tokens = tokens;
    this.chat = ChatClient.withoutSession(vertx.eventBus());
  }

  /** Call from the owning verticle's start, so every handler runs on its event loop. */
  public Future<Void> start() {
    Future<Void> announcements = vertx.eventBus().<JsonObject>consumer(Addresses.LIVE_ANNOUNCE, m -> onAnnounce(m.body()))
        .completion();
    Future<Void> lists = vertx.eventBus().<JsonObject>consumer(Addresses.LIVE_LIST, m -> m.reply(list())).completion();
    Future<Void> stops = vertx.eventBus().<JsonObject>consumer(Addresses.LIVE_STOP, m -> {
      BrowserIngest ingest = ingests.get(m.body().getString("channel"));
      if (ingest != null) ingest.stop("stopped by " + m.body().getString("by"));
      m.reply(new JsonObject().put("stopped", ingest != null));
    }).completion();
    Future<Void> claiming = vertx.eventBus().<JsonObject>consumer(Addresses.LIVE_CLAIM, m -> {
      String claim = m.body().getString("claim");
      boolean granted = claims.putIfAbsent(m.body().getString("channel"), claim) == null
          || claim.equals(claims.get(m.body().getString("channel")));
      m.reply(new JsonObject().put("granted", granted));
    }).completion();
    Future<Void> releasing = vertx.eventBus().<JsonObject>consumer(Addresses.LIVE_RELEASE, m -> {
      claims.remove(m.body().getString("channel"), m.body().getString("claim"));
      m.reply(new JsonObject());
    }).completion();
    Future<Void> usersGone = vertx.eventBus().<JsonObject>consumer(Addresses.LIVE_USER_GONE, m -> {
      String name = m.body().getString("name");
      List.copyOf(ingests.values()).stream().filter(i -> i.user.equalsIgnoreCase(name))
          .forEach(i -> i.stop(name + " left the channel"));
    }).completion();
    return Future.all(List.of(announcements, lists, stops, claiming, releasing, usersGone)).mapEmpty();
  }

  /** Only the source holding the channel's claim changes its stream; a stale announcement is ignored. */
  private void onAnnounce(JsonObject announcement) {
    String channel = announcement.getString("channel");
    if (!announcement.getString("claim", "").equals(claims.get(channel))) return;
    LiveStream current = streams.remove(channel);
    if (current != null) current.stop();
    if (announcement.getBoolean("live", false)) {
      streams.put(channel, new LiveStream(channel, announcement.getString("source", ""),
          vertx.eventBus().consumer(Addresses.liveFrames(channel))));
    } else {
      claims.remove(channel);
    }
  }

  /**
   * {"streams": [{channel, source, fps, viewers, latencyMs, skipped, mjpeg, websocket, relayViewers, relayBytesIn,
   * relayBytesOut, relaySkipped}]}; the relay's figures are 0 for a stream without a relay (a camera, a video).
   */
  public JsonObject list() {
    JsonArray out = new JsonArray();
    streams.values().forEach(s -> out.add(MediaRelay.describe(relays.get(s.channel), s.describe(watchPath(s.channel)))));
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
      stream.add(viewer);
    });
  }

  /**
   * GET /live/{name}/ingest?token=...&session=...: a registered user in the channel streams their webcam as
   * JPEG messages. {@code session} (the page's chat session, optional) makes that session the stream's
   * peer-to-peer source (see the chat's PeerTracker). Refusals close the socket with a code: 4401 bad
   * token, 4403 not allowed, 4409 already live.
   */
  public void ingest(RoutingContext ctx) {
    String channel;
    try {
      channel = Names.channel(ctx.pathParam("name"));
    } catch (RuntimeException badName) {
      ctx.response().setStatusCode(404).end();
      return;
    }
    String token = ctx.queryParams().get("token");
    String session = ctx.queryParams().get("session");
    ctx.request().toWebSocket().onSuccess(socket -> {
      socket.pause(); // frames wait until the stream is accepted
      socket.exceptionHandler(e -> failed(socket, "ingest", e));
      // A browser gone during the checks below must not leave the channel claimed (BrowserIngest's own
      // close handler comes later).
      boolean[] closedEarly = {false};
      socket.closeHandler(v -> closedEarly[0] = true);
      tokens.verify(token).onComplete(verified -> {
        if (verified.failed()) {
          socket.close(TokenService.CLOSE_UNAUTHORIZED, "sign in first");
          return;
        }
        Holder holder = verified.result();
        if (holder.visitor()) {
          socket.close(BrowserIngest.NOT_ALLOWED, "visitors cannot stream");
          return;
        }
        chat.request(CommandType.CAN_STREAM, new JsonObject().put("name", holder.name()).put("channel", channel).put("session", session))
            .onSuccess(ok -> {
              if (!closedEarly[0]) accept(channel, holder.name(), session, socket);
            })
            .onFailure(refused -> socket.close(BrowserIngest.NOT_ALLOWED, refused.getMessage()));
      });
    });
  }

  private void accept(String channel, String user, String session, ServerWebSocket socket) {
    String claim = UUID.randomUUID().toString();
    if (claims.putIfAbsent(channel, claim) != null) {
      socket.close(BrowserIngest.ALREADY_LIVE, channel + " is already live");
      return;
    }
    BrowserIngest ingest = new BrowserIngest(vertx, channel, user, session, claim, socket);
    MediaRelay relay = new MediaRelay(channel);
    ingests.put(channel, ingest);
    relays.put(channel, relay);
    ingest.start(() -> {
      ingests.remove(channel, ingest);
      if (relays.remove(channel, relay)) relay.stop();
    });
    socket.resume();
  }

  /**
   * GET /live/{name}/ingest/media?token=...&type=...: the streamer's recording with sound (WebM, one chunk per
   * binary message), relayed to {@code /live/<name>/media}. Only the user whose webcam the channel shows may
   * send it. Refusals close the socket: 4401 bad token, 4403 anyone else (or not live), 1003 a type the relay
   * does not know ({@code type} defaults to {@value MediaRelay#DEFAULT_TYPE}).
   */
  public void mediaIngest(RoutingContext ctx) {
    String token = ctx.queryParams().get("token");
    String mseType = MediaRelay.mseType(ctx.queryParams().get("type"));
    String channel = channel(ctx.pathParam("name"));
    ctx.request().toWebSocket().onSuccess(socket -> {
      socket.pause(); // chunks wait until the recording is accepted
      socket.exceptionHandler(e -> failed(socket, "media ingest", e));
      boolean[] closedEarly = {false};
      socket.closeHandler(v -> closedEarly[0] = true);
      tokens.verify(token).onComplete(verified -> {
        BrowserIngest webcam = ingests.get(channel);
        if (verified.failed()) {
          socket.close(TokenService.CLOSE_UNAUTHORIZED, "sign in first");
        } else if (verified.result().visitor() || webcam == null || !webcam.user.equalsIgnoreCase(verified.result().name())) {
          socket.close(BrowserIngest.NOT_ALLOWED, "only the streamer of a live webcam sends its recording");
        } else if (mseType == null) {
          socket.close(BrowserIngest.UNSUPPORTED, "type must be video/webm;codecs=vp8,opus (or vp9,opus or h264,opus)");
        } else if (!closedEarly[0]) {
          relays.get(channel).ingest(socket, mseType);
          socket.resume();
        }
      });
    });
  }

  /** GET /live/{name}/media: a relay viewer; the recording's header (text, then binary), then its blocks. */
  public void media(RoutingContext ctx) {
    String channel = channel(ctx.pathParam("name"));
    if (!relays.containsKey(channel)) {
      notLive(ctx);
      return;
    }
    ctx.request().toWebSocket().onSuccess(socket -> {
      MediaRelay relay = relays.get(channel);
      if (relay == null) { // it stopped during the handshake
        socket.close((short) 1000, "stream stopped");
        return;
      }
      socket.exceptionHandler(e -> failed(socket, "relay viewer", e));
      relay.watch(socket);
    });
  }

  /**
   * A socket error (a frame over {@link #MAX_INGEST_FRAME_BYTES}, a broken frame) is the client's problem:
   * one line, no stack trace, and the socket is closed.
   */
  private static void failed(ServerWebSocket socket, String kind, Throwable e) {
    if (!socket.isClosed()) log.warn("Closed a live {} socket from {}: {}", kind, socket.remoteAddress(), e.getMessage());
    socket.close();
  }

  private LiveStream stream(String name) {
    String channel = channel(name);
    return channel == null ? null : streams.get(channel);
  }

  /** #name, or null when it cannot be a channel's name (nothing is live there). */
  private static String channel(String name) {
    try {
      return Names.channel(name);
    } catch (RuntimeException badName) {
      return null;
    }
  }

  private static void notLive(RoutingContext ctx) {
    ctx.response().setStatusCode(404).putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", "NOT_LIVE").put("message", "That channel is not live right now.").encode());
  }
}
