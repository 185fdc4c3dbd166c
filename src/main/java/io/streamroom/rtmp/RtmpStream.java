package io.streamroom.rtmp;

import io.streamroom.config.Config;
import io.streamroom.config.Setting;
import io.streamroom.hls.Fmp4Output;
import io.streamroom.live.JpegFromH264;
import io.streamroom.hls.IngestPipe;
import io.streamroom.live.LivePublisher;
import io.streamroom.record.LiveRecording;
import io.streamroom.record.StreamRecorder;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

/**
 * One publisher's stream from OBS or ffmpeg: its FLV tags go through a bounded {@link IngestPipe} to a thread
 * of its own, where FFmpeg remuxes the H.264 and AAC into fragmented MP4 for HLS and the recording (no
 * re-encoding: the stream is copied as it came; timestamps that do not rise are mended by {@link RisingTimestamps}).
 * While someone watches JPEG frames, the same thread also decodes the video into them ({@link JpegFromH264}).
 * The channel is announced live once the stream's codecs are known to be right, and stopped when the publisher
 * stops, the connection drops or an owner stops it.
 */
final class RtmpStream implements RtmpSink {
  private static final Logger log = LoggerFactory.getLogger(RtmpStream.class);
  /** FFmpeg reads up to this much of the stream to learn its tracks before the first packet: under a second of video. */
  private static final String PROBE_BYTES = "500000";
  private static final String PROBE_MICROS = "1000000";

  final String channel;
  final String user;
  private final Vertx vertx;
  private final Context context;
  private final LivePublisher publisher;
  private final StreamRecorder recorder;
  private final Config config;
  private final IngestPipe pipe;
  private final Runnable disconnect;
  private final Consumer<RtmpStream> onEnded;
  private Runnable resume = () -> { };
  private boolean headerSent;
  /** The wall-clock time of the stream's timestamp 0 (taken from the first tag's arrival). */
  private volatile long startedAt;
  private Thread thread;

  RtmpStream(Vertx vertx, Context context, String channel, String user, LivePublisher publisher, StreamRecorder recorder,
      Config config, Runnable disconnect, Consumer<RtmpStream> onEnded) {
    this.vertx = vertx;
    this.context = context;
    this.channel = channel;
    this.user = user;
    this.publisher = publisher;
    this.recorder = recorder;
    this.config = config;
    this.disconnect = disconnect;
    this.onEnded = onEnded;
    this.pipe = new IngestPipe(() -> context.runOnContext(v -> resume.run()));
  }

  /** What viewers and the connection log see as the stream's source. */
  String source() {
    return "OBS/RTMP (" + user + ")";
  }

  void start() {
    thread = new Thread(this::remux, "streamroom-rtmp-" + channel.substring(1));
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public boolean tag(int type, long timestampMillis, Buffer payload) {
    if (!headerSent) {
      headerSent = true;
      startedAt = System.currentTimeMillis() - timestampMillis;
      pipe.offer(Flv.header(true, true));
    }
    return pipe.offer(Flv.tag(type, timestampMillis, payload));
  }

  @Override
  public void onDrain(Runnable resume) {
    this.resume = resume;
  }

  @Override
  public void end(String reason) {
    log.info("RTMP stream into {} by {} ended: {}", channel, user, reason);
    pipe.end();
  }

  /** An owner or admin stopped it: the publisher is disconnected, which ends the stream. */
  void stop(String why) {
    log.info("RTMP stream into {} by {} stopped: {}", channel, user, why);
    disconnect.run();
    pipe.end();
  }

  private void remux() {
    av_log_set_level(AV_LOG_ERROR);
    boolean announced = false;
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(pipe, 0)) {
      grabber.setFormat("flv");
      grabber.setOption("probesize", PROBE_BYTES);
      grabber.setOption("analyzeduration", PROBE_MICROS);
      grabber.start();
      checkCodecs(grabber);
      publisher.announce(true, source());
      announced = true;
      LiveRecording recording = recorder.begin(channel, user);
      Fmp4Output output = new Fmp4Output(vertx.eventBus(), channel, startedAt, recording);
      AVFormatContext input = grabber.getFormatContext();
      int video = videoStream(input);
      RisingTimestamps timestamps = new RisingTimestamps(channel, input);
      try (FFmpegFrameRecorder muxer = output.recorder(grabber.getImageWidth(), grabber.getImageHeight(), grabber.getAudioChannels());
          JpegFromH264 jpegs = new JpegFromH264(vertx, channel, publisher, input.streams(video), startedAt,
              config.integer(Setting.CAMERA_FPS), config.integer(Setting.CAMERA_QUALITY))) {
        muxer.start(input);
        AVPacket packet;
        while ((packet = grabber.grabPacket()) != null) {
          if (!timestamps.admit(packet)) {
            av_packet_unref(packet); // the grabber reads the next one over it without freeing it
            continue;
          }
          if (packet.stream_index() == video) jpegs.packet(packet); // before the muxer, which takes the packet's data
          muxer.recordPacket(packet);
        }
        muxer.stop();
      } finally {
        if (!timestamps.summary().isEmpty()) log.info("RTMP stream into {} by {} had timestamps that did not rise: {}", channel, user, timestamps.summary());
        output.close();
      }
    } catch (Exception | LinkageError e) {
      log.warn("RTMP stream into {} by {} failed: {}", channel, user, e.getMessage());
      context.runOnContext(v -> disconnect.run());
    } finally {
      if (announced) publisher.announce(false, source());
      else publisher.release();
      context.runOnContext(v -> onEnded.accept(this));
    }
  }

  private static int videoStream(AVFormatContext input) {
    for (int i = 0; i < input.nb_streams(); i++) {
      if (input.streams(i).codecpar().codec_type() == AVMEDIA_TYPE_VIDEO) return i;
    }
    throw new IllegalStateException("the stream has no video");
  }

  /** HLS and browsers need H.264 and AAC; anything else is refused with a reason a streamer can act on. */
  private static void checkCodecs(FFmpegFrameGrabber grabber) {
    if (grabber.getVideoCodec() != AV_CODEC_ID_H264) {
      throw new IllegalStateException("the video must be H.264 (in OBS: Output, Encoder x264 or NVENC H.264)");
    }
    if (grabber.getAudioChannels() > 0 && grabber.getAudioCodec() != AV_CODEC_ID_AAC) {
      throw new IllegalStateException("the sound must be AAC");
    }
  }
}
