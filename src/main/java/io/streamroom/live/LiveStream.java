package io.streamroom.live;

import io.micrometer.core.instrument.Counter;
import io.streamroom.chat.Addresses;
import io.streamroom.metrics.Meters;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A channel's live stream on this node: its frames from the bus, its viewers and its figures. One event loop.
 * In a cluster it listens to the frames only while someone here watches, so frames cross only to the nodes
 * with viewers; a single node listens all along (its figures, such as frames per second, count every frame).
 */
final class LiveStream {
  final String channel;
  final String source;
  private final Supplier<MessageConsumer<Buffer>> subscribe;
  private final boolean onlyWhileWatched;
  /** The node's totals, beside this stream's own figures. */
  private final Counter framesMeter;
  private final Counter skippedMeter;
  /** The frames' consumer while anyone watches, else null. */
  private MessageConsumer<Buffer> frames;
  private final Set<Viewer> viewers = new LinkedHashSet<>();
  /** Frames received in the current and the last whole second. */
  private long second;
  private int framesThisSecond;
  private int framesLastSecond;
  /** Capture-to-send latency over the last second, in ms. */
  private long latencySum;
  private int latencyCount;
  private double latencyLastSecond;
  private long skipped;
  /** Frames received since the stream started: it stands still while an on-demand source makes none. */
  private long received;

  LiveStream(String channel, String source, Supplier<MessageConsumer<Buffer>> subscribe, boolean onlyWhileWatched, Meters meters) {
    this.framesMeter = meters.liveFrames();
    this.skippedMeter = meters.liveSkipped();
    this.channel = channel;
    this.source = source;
    this.subscribe = subscribe;
    this.onlyWhileWatched = onlyWhileWatched;
    if (!onlyWhileWatched) subscribe();
  }

  private void onFrame(Message<Buffer> message) {
    LiveFrame frame = new LiveFrame(Long.parseLong(message.headers().get(Addresses.FRAME_SEQ_HEADER)),
        Long.parseLong(message.headers().get(Addresses.FRAME_TIME_HEADER)), message.body());
    tick(System.currentTimeMillis());
    framesThisSecond++;
    received++;
    framesMeter.increment();
    for (Viewer viewer : List.copyOf(viewers)) viewer.offer(frame);
  }

  void add(Viewer viewer) {
    viewers.add(viewer);
    if (frames == null) subscribe();
  }

  private void subscribe() {
    frames = subscribe.get();
    frames.handler(this::onFrame);
  }

  int viewers() {
    return viewers.size();
  }

  /** Someone watches the frames here (so a source that makes them on demand should go on). */
  boolean watched() {
    return !viewers.isEmpty();
  }

  void remove(Viewer viewer) {
    viewers.remove(viewer);
    if (viewers.isEmpty() && onlyWhileWatched) unsubscribe();
  }

  private void unsubscribe() {
    if (frames == null) return;
    frames.unregister();
    frames = null;
  }

  void sending(LiveFrame frame) {
    long now = System.currentTimeMillis();
    tick(now);
    latencySum += now - frame.capturedAt;
    latencyCount++;
  }

  void skipped() {
    skipped++;
    skippedMeter.increment();
  }

  private void tick(long now) {
    long current = now / 1000;
    if (current == second) return;
    boolean consecutive = current == second + 1;
    framesLastSecond = consecutive ? framesThisSecond : 0;
    latencyLastSecond = consecutive && latencyCount > 0 ? (double) latencySum / latencyCount : 0;
    second = current;
    framesThisSecond = 0;
    latencySum = 0;
    latencyCount = 0;
  }

  JsonObject describe(String watchPath) {
    tick(System.currentTimeMillis());
    return new JsonObject().put("channel", channel).put("source", source).put("fps", framesLastSecond)
        .put("viewers", viewers.size()).put("latencyMs", Math.round(latencyLastSecond * 10) / 10.0)
        .put("skipped", skipped).put("frames", received).put("mjpeg", watchPath + ".mjpeg").put("websocket", watchPath + "/ws");
  }

  void stop() {
    unsubscribe();
    List.copyOf(viewers).forEach(Viewer::end);
    viewers.clear();
  }
}
