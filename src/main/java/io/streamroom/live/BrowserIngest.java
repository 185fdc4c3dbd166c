package io.streamroom.live;

import io.streamroom.chat.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;

/**
 * One browser streaming its webcam into a channel: each binary WebSocket message is a JPEG, published as
 * a frame of the channel's stream, exactly like the capture verticle's. The capture time is when the
 * server received it (a browser's clock is not ours). Used on the HTTP verticle's event loop.
 */
final class BrowserIngest {
  /** WebSocket close codes the page understands. */
  static final short NOT_ALLOWED = 4403;
  static final short ALREADY_LIVE = 4409;
  static final short UNSUPPORTED = 1003;
  /** Frames closer together than this are dropped: 60 fps is more than any webcam the page offers. */
  private static final long MIN_FRAME_GAP_NANOS = TimeUnit.SECONDS.toNanos(1) / 60;
  /** A stream that sends nothing for this long is over; it must not hold the channel. */
  private static final long IDLE_MILLIS = 15_000;

  private final Vertx vertx;
  final String channel;
  final String user;
  /** The streamer's chat session (checked by the chat service), or null: it then streams JPEG only. */
  private final String session;
  private final String claim;
  private final ServerWebSocket socket;
  private long seq;
  private long lastFrameNanos;
  private long idleTimer;

  BrowserIngest(Vertx vertx, String channel, String user, String session, String claim, ServerWebSocket socket) {
    this.vertx = vertx;
    this.channel = channel;
    this.user = user;
    this.session = session;
    this.claim = claim;
    this.socket = socket;
  }

  String source() {
    return user + "'s webcam";
  }

  void start(Runnable onEnd) {
    socket.binaryMessageHandler(this::onFrame);
    socket.textMessageHandler(text -> socket.close(UNSUPPORTED, "send JPEG frames as binary messages"));
    socket.closeHandler(v -> {
      vertx.cancelTimer(idleTimer);
      announce(false);
      onEnd.run();
    });
    idleTimer = vertx.setPeriodic(IDLE_MILLIS, t -> {
      if (System.nanoTime() - lastFrameNanos > TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS)) stop("no frames for 15 s");
    });
    lastFrameNanos = System.nanoTime();
    announce(true);
  }

  private void onFrame(Buffer jpeg) {
    if (jpeg.length() < 2 || jpeg.getUnsignedByte(0) != 0xFF || jpeg.getUnsignedByte(1) != 0xD8) {
      socket.close(UNSUPPORTED, "frames must be JPEG images");
      return;
    }
    long now = System.nanoTime();
    if (now - lastFrameNanos < MIN_FRAME_GAP_NANOS && seq > 0) return;
    lastFrameNanos = now;
    vertx.eventBus().publish(Addresses.liveFrames(channel), jpeg, new DeliveryOptions()
        .addHeader(Addresses.FRAME_SEQ_HEADER, Long.toString(seq++))
        .addHeader(Addresses.FRAME_TIME_HEADER, Long.toString(System.currentTimeMillis())));
  }

  /** Tells the page whether the server needs its recording with sound (for HLS or the library): {"media": true|false}. */
  void askForMedia(boolean wanted) {
    socket.writeTextMessage(new JsonObject().put("media", wanted).encode());
  }

  void stop(String why) {
    socket.close((short) 1000, why);
  }

  private void announce(boolean live) {
    JsonObject announcement = new JsonObject().put("channel", channel).put("live", live).put("source", source()).put("claim", claim);
    vertx.eventBus().publish(Addresses.LIVE_ANNOUNCE, session == null ? announcement : announcement.put("session", session));
  }
}
