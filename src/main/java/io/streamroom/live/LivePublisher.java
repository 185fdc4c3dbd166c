package io.streamroom.live;

import io.streamroom.chat.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;

/**
 * Puts one source's pictures into a channel's live stream: announces it, encodes each picture as JPEG
 * once and publishes it with a growing sequence number and its capture time, paced by the clock. The same
 * path for the server's camera and for videos played into a channel. Blocking: for a thread of its own.
 */
public final class LivePublisher {
  private final Vertx vertx;
  private final String channel;
  /** This source's claim on the channel: announcements carry it, and the hub ignores any that lost it. */
  private final String claim = UUID.randomUUID().toString();
  private long seq;
  /**
   * Kept from one play to the next (a camera's file plays in a loop): a viewer's demand for HLS outlives the end
   * of one pass, so the next pass encodes from its first picture instead of waiting to be asked again.
   */
  private HlsOnDemand hls;

  public LivePublisher(Vertx vertx, String channel) {
    this.vertx = vertx;
    this.channel = channel;
  }

  /** Asks for the channel; false when another source streams there. Announce only after it is granted. */
  public Future<Boolean> claim() {
    return vertx.eventBus().<JsonObject>request(Addresses.LIVE_CLAIM, new JsonObject().put("channel", channel).put("claim", claim))
        .map(reply -> reply.body().getBoolean("granted", false));
  }

  /** Gives back a claim that was never announced (the source could not start after all). */
  public void release() {
    vertx.eventBus().request(Addresses.LIVE_RELEASE, new JsonObject().put("channel", channel).put("claim", claim));
  }

  /** "live: false" also gives the claim back. */
  public void announce(boolean live, String source) {
    vertx.eventBus().publish(Addresses.LIVE_ANNOUNCE, new JsonObject().put("channel", channel).put("live", live)
        .put("source", source).put("claim", claim));
  }

  /** Publishes one JPEG to the channel's viewers, numbered after the one before; from the source's one thread. */
  void publish(byte[] jpeg, long capturedAtMillis) {
    vertx.eventBus().publish(Addresses.liveFrames(channel), Buffer.buffer(jpeg), new DeliveryOptions()
        .addHeader(Addresses.FRAME_SEQ_HEADER, Long.toString(seq++))
        .addHeader(Addresses.FRAME_TIME_HEADER, Long.toString(capturedAtMillis)));
  }

  /**
   * Publishes frames at {@code fps} (or the source's own rate, if it has one and it is lower: a file faster
   * than {@code fps} plays slowed down) until the source ends or {@code keepGoing} turns false; while someone
   * watches over HLS, also as H.264 with {@code sound} (null: none) as AAC.
   * @return how many frames were published
   */
  public long play(FrameSource source, int width, int height, int quality, double fps, SoundSource sound,
      BooleanSupplier keepGoing) throws Exception {
    long published = 0;
    Yuv420Image image = new Yuv420Image(width, height);
    double rate = source.nativeFrameRate() > 0 ? Math.min(fps, source.nativeFrameRate()) : fps;
    long interval = (long) (TimeUnit.SECONDS.toNanos(1) / rate);
    long due = System.nanoTime();
    if (hls == null) hls = new HlsOnDemand(vertx, channel);
    try (JpegEncoder encoder = new JpegEncoder(width, height, quality)) {
      while (keepGoing.getAsBoolean() && source.next(image)) {
        long capturedAt = System.currentTimeMillis();
        hls.picture(image, capturedAt, rate, sound);
        publish(encoder.encode(image), capturedAt);
        published++;
        due += interval;
        long wait = due - System.nanoTime();
        if (wait > 0) LockSupport.parkNanos(wait);
        else if (wait < -5 * interval) due = System.nanoTime(); // far behind: drop the backlog rather than burst
      }
    } finally {
      hls.endOfSource();
    }
    return published;
  }

  /** The source is done for good: stops listening for HLS demand. */
  public void close() {
    if (hls != null) hls.close();
  }
}
