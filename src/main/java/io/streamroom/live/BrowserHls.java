package io.streamroom.live;

import io.streamroom.chat.Addresses;
import io.streamroom.record.StreamRecorder;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.function.Consumer;

/**
 * A browser stream's HLS and recording. The server needs the page's recording with sound while the stream
 * is recorded, or watched over HLS (a playlist request within {@link HlsOnDemand#IDLE_NANOS}): then it asks
 * the page for it and hands the relay's pieces, from a video keyframe on, to a {@link WebmToHls}. Otherwise
 * no transcoder runs: CPU is not spent on nobody. A transcoder that falls behind skips to the next keyframe,
 * as a slow relay viewer does. On the hub's event loop.
 */
final class BrowserHls implements RelaySink {
  /** How often a stream watched only over HLS checks whether its players are gone. */
  private static final long IDLE_CHECK_MILLIS = 5_000;

  private enum State { AWAITING_INIT, AWAITING_KEYFRAME, LIVE }

  private final Vertx vertx;
  private final String channel;
  private final String user;
  private final StreamRecorder recorder;
  private final Consumer<Boolean> askPage;
  private final MessageConsumer<JsonObject> hlsRequests;
  private final long idleTimer;
  private long hlsWantedAt = System.nanoTime() - HlsOnDemand.IDLE_NANOS;
  /** The current recording's header, kept so a transcoder started in the middle of a recording can begin. */
  private Buffer header;
  private WebmToHls transcoder;
  private State state = State.AWAITING_INIT;
  private Boolean pageAsked;

  /** @param askPage tells the streamer's page whether to send its recording ({@code true}) or not */
  BrowserHls(Vertx vertx, String channel, String user, StreamRecorder recorder, Consumer<Boolean> askPage) {
    this.vertx = vertx;
    this.channel = channel;
    this.user = user;
    this.recorder = recorder;
    this.askPage = askPage;
    hlsRequests = vertx.eventBus().consumer(Addresses.liveHlsWanted(channel), m -> {
      hlsWantedAt = System.nanoTime();
      update();
    });
    idleTimer = vertx.setPeriodic(IDLE_CHECK_MILLIS, t -> update());
  }

  /** The stream started: the page hears at once whether it is recorded. */
  void start() {
    update();
  }

  /** The stream ended: the transcoder finishes, which ends the HLS stream and hands the recording to the library. */
  void stop() {
    vertx.cancelTimer(idleTimer);
    hlsRequests.unregister();
    stopTranscoder();
  }

  private void update() {
    boolean wanted = recorder.enabled() || System.nanoTime() - hlsWantedAt < HlsOnDemand.IDLE_NANOS;
    if (!Boolean.valueOf(wanted).equals(pageAsked)) {
      pageAsked = wanted;
      askPage.accept(wanted);
    }
    if (wanted && transcoder == null) {
      transcoder = new WebmToHls(vertx.eventBus(), channel, () -> recorder.begin(channel, user));
      if (header != null) begin();
    } else if (!wanted) {
      stopTranscoder();
    }
  }

  private void stopTranscoder() {
    if (transcoder != null) transcoder.close();
    transcoder = null;
    state = State.AWAITING_INIT;
  }

  @Override
  public void init(String description, Buffer header) {
    this.header = header;
    if (transcoder != null) begin();
  }

  private void begin() {
    transcoder.recording();
    transcoder.offer(header);
    state = State.AWAITING_KEYFRAME;
  }

  @Override
  public void awaitInit() {
    header = null;
    state = State.AWAITING_INIT;
    if (transcoder != null) transcoder.endRecording();
  }

  @Override
  public void cluster(Buffer clusterHeader) {
    if (state != State.LIVE) return;
    if (transcoder.behind()) state = State.AWAITING_KEYFRAME;
    else transcoder.offer(clusterHeader);
  }

  @Override
  public void block(Buffer block, Buffer clusterHeader, boolean keyframe) {
    if (state == State.LIVE && transcoder.behind()) state = State.AWAITING_KEYFRAME;
    if (state == State.AWAITING_KEYFRAME && keyframe && !transcoder.behind()) {
      transcoder.offer(clusterHeader);
      state = State.LIVE;
    }
    if (state == State.LIVE) transcoder.offer(block);
  }
}
