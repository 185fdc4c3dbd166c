package io.streamroom.live;

import io.streamroom.chat.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.ffmpeg.swscale.SwsFilter;
import org.bytedeco.javacpp.DoublePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.swscale.SWS_POINT;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

/**
 * JPEG frames of a stream that arrives as H.264 (OBS over RTMP), for MJPEG players and the page's picture
 * viewer, made only while someone watches them: the live hubs publish {@code live.frames.wanted} every second
 * while anyone does, and decoding stops a few seconds after the last one leaves. Decoding and JPEG cost about
 * a fifth of a core at 720p30 (docs/benchmarks.md), too much to spend on nobody. The frames go out
 * like a camera's ({@link LivePublisher#publish}), at most {@code maxFps}. Blocking: the stream's own thread,
 * which hands over each video packet before the muxer takes it.
 */
public final class JpegFromH264 implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JpegFromH264.class);
  /** The hubs say "wanted" every second: three silent seconds mean the last viewer left, not a late message. */
  private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(3);

  private final String channel;
  private final LivePublisher publisher;
  private final AVStream stream;
  private final long startedAtMillis;
  private final int quality;
  /** Stream time between two published frames at the rate cap. */
  private final double intervalMillis;
  private final MessageConsumer<JsonObject> requests;
  private volatile long wantedAt = System.nanoTime() - IDLE_NANOS;
  private AVCodecContext decoder;
  private AVFrame decoded;
  private SwsContext converter;
  private JpegEncoder encoder;
  /** Stream time (ms) from which the next frame may be published. */
  private double due;
  private long made;
  private boolean failed;

  /**
   * @param stream the video stream the packets come from (its codec parameters and time base)
   * @param startedAtMillis the wall-clock time of stream time 0, so each frame carries its capture time
   */
  public JpegFromH264(Vertx vertx, String channel, LivePublisher publisher, AVStream stream, long startedAtMillis,
      double maxFps, int quality) {
    this.channel = channel;
    this.publisher = publisher;
    this.stream = stream;
    this.startedAtMillis = startedAtMillis;
    this.quality = quality;
    this.intervalMillis = 1000 / maxFps;
    requests = vertx.eventBus().consumer(Addresses.liveFramesWanted(channel), m -> wantedAt = System.nanoTime());
  }

  /** One packet of the video stream, before the muxer takes it: decoded, and maybe published, while wanted. */
  public void packet(AVPacket packet) {
    if (System.nanoTime() - wantedAt >= IDLE_NANOS) {
      if (decoder != null) log.info("JPEG frames of {} stopped: nobody watches ({} made)", channel, made);
      stop();
      failed = false;
      return;
    }
    if (failed || decoder == null && (packet.flags() & AV_PKT_FLAG_KEY) == 0) return; // decoding starts at a keyframe
    try {
      if (decoder == null) open();
      if (avcodec_send_packet(decoder, packet) < 0) return; // a damaged packet: pictures come back at a keyframe
      while (avcodec_receive_frame(decoder, decoded) == 0) picture(decoded);
    } catch (RuntimeException | LinkageError e) {
      log.warn("JPEG frames of {} failed: {}", channel, e.getMessage());
      failed = true; // once per demand: not a failure per packet
      stop();
    }
  }

  private void open() {
    AVCodec codec = avcodec_find_decoder(stream.codecpar().codec_id());
    decoder = avcodec_alloc_context3(codec);
    check(avcodec_parameters_to_context(decoder, stream.codecpar()), "read the stream's parameters");
    decoder.pkt_timebase(stream.time_base()).thread_count(1); // one thread: no frame delay, no core taken from others
    check(avcodec_open2(decoder, codec, (AVDictionary) null), "open the H.264 decoder");
    decoded = av_frame_alloc();
    due = Double.NEGATIVE_INFINITY;
    made = 0;
    log.info("JPEG frames of {} started for its viewers", channel);
  }

  /** Publishes the picture unless it comes sooner than the rate cap allows (a quarter interval of jitter is fine). */
  private void picture(AVFrame frame) {
    long timestamp = frame.best_effort_timestamp();
    if (timestamp == AV_NOPTS_VALUE) return;
    double at = timestamp * 1000.0 * stream.time_base().num() / stream.time_base().den();
    if (at < due - intervalMillis / 4) return;
    due = Math.max(due + intervalMillis, at);
    int width = frame.width();
    int height = frame.height();
    if (encoder == null || encoder.width != width || encoder.height != height) {
      closeEncoder();
      encoder = new JpegEncoder(width, height, quality);
    }
    // H.264 is usually limited-range YUV, JPEG full-range: swscale converts (and copies when it already is).
    int format = frame.format() == AV_PIX_FMT_YUV420P && frame.color_range() == AVCOL_RANGE_JPEG ? AV_PIX_FMT_YUVJ420P : frame.format();
    converter = sws_getCachedContext(converter, width, height, format, width, height, AV_PIX_FMT_YUVJ420P, SWS_POINT,
        (SwsFilter) null, (SwsFilter) null, (DoublePointer) null);
    if (converter == null) throw new IllegalStateException("FFmpeg cannot convert pixel format " + format + " for JPEG");
    AVFrame into = encoder.picture();
    sws_scale(converter, frame.data(), frame.linesize(), 0, height, into.data(), into.linesize());
    publisher.publish(encoder.encodePicture(), startedAtMillis + Math.round(at));
    made++;
  }

  private static void check(int result, String what) {
    if (result < 0) throw new IllegalStateException("FFmpeg could not " + what + " (error " + result + ")");
  }

  private void stop() {
    if (decoded != null) av_frame_free(decoded);
    if (decoder != null) avcodec_free_context(decoder);
    decoded = null;
    decoder = null;
    if (converter != null) sws_freeContext(converter);
    converter = null;
    closeEncoder();
  }

  private void closeEncoder() {
    if (encoder != null) encoder.close();
    encoder = null;
  }

  @Override
  public void close() {
    requests.unregister();
    stop();
  }
}
