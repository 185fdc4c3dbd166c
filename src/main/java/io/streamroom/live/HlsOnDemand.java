package io.streamroom.live;

import io.streamroom.chat.Addresses;
import io.streamroom.hls.Fmp4Output;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * H.264 and AAC for a source that makes raw pictures (the server's camera, a video played into a channel),
 * only while someone watches over HLS: the HLS side asks on {@code live.hls.wanted} with each playlist
 * request, and the encoder stops once nobody has asked for a while. OpenH264 costs a fifth of a core at
 * 720p30, too much to spend on nobody. Blocking: the capture thread.
 */
final class HlsOnDemand implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HlsOnDemand.class);
  /** Players reload the playlist every part (0.2 s) or segment; 30 s without one means nobody watches. */
  static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final Vertx vertx;
  private final String channel;
  private final MessageConsumer<JsonObject> requests;
  private volatile long wantedAt = System.nanoTime() - IDLE_NANOS;
  private LiveEncoder encoder;
  private boolean failed;

  HlsOnDemand(Vertx vertx, String channel) {
    this.vertx = vertx;
    this.channel = channel;
    requests = vertx.eventBus().consumer(Addresses.liveHlsWanted(channel), m -> wantedAt = System.nanoTime());
  }

  /** Encodes the picture if HLS is wanted, starting or stopping the encoder as demand comes and goes. */
  void picture(Yuv420Image image, long capturedAtMillis, double fps, SoundSource sound) {
    boolean wanted = System.nanoTime() - wantedAt < IDLE_NANOS;
    if (!wanted) {
      stopEncoder();
      failed = false;
      return;
    }
    if (failed) return; // once per demand: not a failing encoder per frame
    try {
      if (encoder == null) {
        encoder = new LiveEncoder(new Fmp4Output(vertx.eventBus(), channel, capturedAtMillis, null), image.width, image.height,
            fps, sound, capturedAtMillis);
      }
      encoder.encode(image, capturedAtMillis);
    } catch (Exception | LinkageError e) {
      log.warn("HLS of {} failed: {}", channel, e.getMessage());
      failed = true;
      stopEncoder();
    }
  }

  /** The source ended (a file's pass): its encoder goes; the demand stays for the next source. */
  void endOfSource() {
    stopEncoder();
    failed = false;
  }

  private void stopEncoder() {
    if (encoder == null) return;
    try {
      encoder.close();
    } catch (Exception e) {
      log.warn("HLS encoder of {} did not close cleanly: {}", channel, e.getMessage());
    }
    encoder = null;
  }

  @Override
  public void close() {
    requests.unregister();
    stopEncoder();
  }
}
