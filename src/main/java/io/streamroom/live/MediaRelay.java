package io.streamroom.live;

import io.streamroom.hls.HlsBuffers;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A browser's stream with sound, relayed through the server to viewers who cannot get it peer to peer. The
 * streamer's page records WebM (MediaRecorder, a chunk every 100 ms) and sends each chunk as a binary
 * message; the relay splits the stream ({@link WebmSplitter}) and hands every {@link RelayViewer} the header,
 * then the blocks from a video keyframe on. Each recording has its own socket and header; between two,
 * viewers wait for the next header. Each block and cluster header is encoded once and the same buffer is
 * written to every viewer. The server's own transcoder ({@link BrowserHls}) is handed the same pieces as a
 * viewer. One per channel with a browser stream, on the hub's event loop.
 */
final class MediaRelay implements WebmSplitter.Listener {
  private static final Logger log = LoggerFactory.getLogger(MediaRelay.class);
  /** What a recorder may say it records (MediaRecorder's mimeType) and what the viewer's MSE is told. */
  private static final Map<String, String> MSE_TYPES = Map.of(
      "video/webm;codecs=vp8,opus", "video/webm; codecs=\"vp8,opus\"",
      "video/webm;codecs=vp9,opus", "video/webm; codecs=\"vp9,opus\"",
      // MSE names codecs as RFC 6381 does; H.264 Constrained Baseline is what browsers record.
      "video/webm;codecs=h264,opus", "video/webm; codecs=\"avc1.42E01E,opus\"",
      "video/webm", "video/webm; codecs=\"vp8,opus\"");
  static final String DEFAULT_TYPE = "video/webm;codecs=vp8,opus";
  /**
   * A viewer's write queue: room for a big keyframe (a 720p one can pass 200 KB) and over a second of a
   * 2.5 Mbit/s webcam. A viewer further behind skips to the next keyframe rather than lag further.
   */
  static final int VIEWER_QUEUE_BYTES = 512 * 1024;
  /** Netty copies a frame's payload up to this size into the frame's own buffer: no use sharing it. */
  private static final int SHARE_OVER_BYTES = 1024;
  private static final short NORMAL = 1000;
  /** A close frame's reason is at most 123 bytes. */
  private static final int MAX_REASON_CHARS = 120;

  final String channel;
  private final Set<RelayViewer> viewers = new LinkedHashSet<>();
  private final RelaySink transcoder;
  private ServerWebSocket ingest;
  private WebmSplitter splitter;
  private String mseType;
  private Long startedAt;
  private boolean startedAtGiven;
  private Buffer header;
  private String description;
  private long videoTrack;
  private Buffer clusterHeader;
  private long bytesIn;
  private long bytesOut;
  private long skipped;

  MediaRelay(String channel, RelaySink transcoder) {
    this.channel = channel;
    this.transcoder = transcoder;
  }

  /** @return the viewers' MSE type for a recorder's type (null: the default), or null when it is not one we relay */
  static String mseType(String recorderType) {
    return MSE_TYPES.get(recorderType == null ? DEFAULT_TYPE : recorderType.toLowerCase(Locale.ROOT).replaceAll("[\\s\"]", ""));
  }

  /** A new recording: its socket replaces the current one, and viewers wait for its header. */
  void ingest(ServerWebSocket socket, String mseType) {
    if (ingest != null) ingest.close(NORMAL, "replaced by a new recording");
    newRecording();
    ingest = socket;
    this.mseType = mseType;
    splitter = new WebmSplitter(this);
    socket.binaryMessageHandler(chunk -> {
      if (socket == ingest) onChunk(chunk);
    });
    socket.textMessageHandler(text -> {
      if (socket == ingest) onText(text);
    });
    socket.closeHandler(v -> {
      if (socket != ingest) return;
      ingest = null;
      newRecording();
    });
  }

  /** A relay viewer: it gets the current header at once if there is one, else waits for it. */
  void watch(ServerWebSocket socket) {
    socket.setWriteQueueMaxSize(VIEWER_QUEUE_BYTES);
    RelayViewer viewer = new RelayViewer(this, socket);
    viewers.add(viewer);
    socket.closeHandler(v -> viewers.remove(viewer));
    socket.handler(ignored -> { }); // viewers only watch
    if (header != null) viewer.init(description(), header);
  }

  /** The stream ended: viewers and the recording's socket are closed. */
  void stop() {
    List.copyOf(viewers).forEach(viewer -> viewer.socket.close(NORMAL, "stream stopped"));
    viewers.clear();
    if (ingest != null) ingest.close(NORMAL, "stream stopped");
    ingest = null;
    newRecording();
  }

  /**
   * Adds a stream's relay figures: relayViewers, relayBytesIn (from the recorder), relayBytesOut (to viewers),
   * relaySkipped (blocks not sent to viewers behind); all 0 for a stream without a relay (a camera, a video).
   */
  static JsonObject describe(MediaRelay relay, JsonObject stream) {
    boolean none = relay == null;
    return stream.put("relayViewers", none ? 0 : relay.viewers.size()).put("relayBytesIn", none ? 0 : relay.bytesIn)
        .put("relayBytesOut", none ? 0 : relay.bytesOut).put("relaySkipped", none ? 0 : relay.skipped);
  }

  private void onChunk(Buffer chunk) {
    bytesIn += chunk.length();
    try {
      splitter.feed(chunk);
    } catch (MalformedWebmException e) {
      log.warn("Closed the media ingest of {} from {}: {}", channel, ingest.remoteAddress(), e.getMessage());
      refuse("not a live WebM stream: " + e.getMessage());
    }
  }

  /** One optional {"startedAt": epoch ms}: when the recorder started, by the streamer's clock. */
  private void onText(String text) {
    Object at = null;
    try {
      JsonObject message = new JsonObject(text);
      if (message.size() == 1) at = message.getValue("startedAt");
    } catch (DecodeException | ClassCastException notAnObject) {
      // refused below
    }
    if (startedAtGiven || !(at instanceof Number number)) {
      refuse("send the recording as binary messages, and at most one {\"startedAt\": <epoch ms>}");
      return;
    }
    startedAtGiven = true;
    startedAt = number.longValue();
    description = null;
  }

  private void refuse(String reason) {
    ServerWebSocket refused = ingest;
    ingest = null;
    newRecording();
    refused.close(BrowserIngest.UNSUPPORTED, reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) : reason);
  }

  private void newRecording() {
    splitter = null;
    header = null;
    description = null;
    clusterHeader = null;
    startedAt = null;
    startedAtGiven = false;
    sinks().forEach(RelaySink::awaitInit);
  }

  @Override
  public void init(Buffer segment, long videoTrack) {
    header = shared(segment);
    this.videoTrack = videoTrack;
    for (RelaySink sink : sinks()) sink.init(description(), header);
  }

  @Override
  public void cluster(long timecode) {
    clusterHeader = shared(Ebml.clusterHeader(timecode));
    for (RelaySink sink : sinks()) sink.cluster(clusterHeader);
  }

  @Override
  public void block(Buffer element, boolean videoKeyframe) {
    Buffer block = shared(element);
    boolean startsPicture = videoKeyframe || videoTrack < 0; // sound only: any block will do
    for (RelaySink sink : sinks()) sink.block(block, clusterHeader, startsPicture);
  }

  /** The viewers and the transcoder, copied: a write may close a viewer, which removes it. */
  private List<RelaySink> sinks() {
    List<RelaySink> sinks = new java.util.ArrayList<>(viewers.size() + 1);
    sinks.addAll(viewers);
    sinks.add(transcoder);
    return sinks;
  }

  /** The text message before a recording's header: {"type":"init","mime":...,"startedAt":epoch ms or null}. */
  private String description() {
    if (description == null) {
      description = new JsonObject().put("type", "init").put("mime", mseType).put("startedAt", startedAt).encode();
    }
    return description;
  }

  void sent(int bytes) {
    bytesOut += bytes;
  }

  void skipped() {
    skipped++;
  }

  /** The bytes in direct memory (see {@link HlsBuffers}), unless Netty copies them into the frame anyway. */
  private static Buffer shared(Buffer bytes) {
    return bytes.length() <= SHARE_OVER_BYTES ? bytes : HlsBuffers.direct(bytes);
  }
}
