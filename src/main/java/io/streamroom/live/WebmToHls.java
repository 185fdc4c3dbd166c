package io.streamroom.live;

import io.streamroom.hls.Fmp4Output;
import io.streamroom.hls.IngestPipe;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.OutputStream;
import java.nio.ShortBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

/**
 * A browser's stream with sound as H.264 and AAC, for HLS and the recording. The page's recordings (WebM from
 * MediaRecorder: VP8 or VP9 and Opus), each with its own header, go one after another through a bounded
 * {@link IngestPipe} to a thread of this stream's own. There each gets a new FFmpeg demuxer and decoders, and
 * one encoder (the live settings of {@link LiveEncoder}: OpenH264 and AAC) writes them all into one
 * {@link Fmp4Output}: one HLS stream and one recording however many recordings the page made. Media time runs
 * on across recordings by the server's clock. Call {@link #recording}, {@link #offer} and {@link #close} from
 * one thread (the hub's event loop).
 */
final class WebmToHls implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebmToHls.class);
  /** The header names the tracks; FFmpeg still reads a little of each to be sure: a few blocks are enough. */
  private static final String PROBE_BYTES = "100000";
  private static final String PROBE_MICROS = "300000";
  /** MediaRecorder stamps pictures in milliseconds; webcams give at most 30 a second, and 30 is what is encoded. */
  private static final double FPS = 30;
  /**
   * Sound further than this from the time it belongs to (blocks skipped, a new recording after a gap) is put
   * back in step: silence fills a gap, sound too early is dropped. Blocks interleave within 100 ms.
   */
  private static final long SOUND_SLACK_MICROS = 250_000;
  /** Ends the thread when it comes out of the queue. */
  private static final IngestPipe END = new IngestPipe(() -> { });

  private final EventBus bus;
  private final String channel;
  private final Supplier<OutputStream> openRecording;
  private final BlockingQueue<IngestPipe> recordings = new LinkedBlockingQueue<>();
  private IngestPipe current;
  // The encoder's state, on the stream's thread only.
  private Fmp4Output output;
  private FFmpegFrameRecorder encoder;
  private long startedAtMillis;
  private long lastFrame = -1;
  private long soundMicros;

  /** @param openRecording opens the stream's recording (blocking, on the stream's thread), or gives null */
  WebmToHls(EventBus bus, String channel, Supplier<OutputStream> openRecording) {
    this.bus = bus;
    this.channel = channel;
    this.openRecording = openRecording;
    Thread thread = new Thread(this::run, "streamroom-webm-" + channel.substring(1));
    thread.setDaemon(true);
    thread.start();
  }

  /** A new recording starts: the bytes offered from now on are its header, clusters and blocks. */
  void recording() {
    if (current != null) current.end();
    current = new IngestPipe(() -> { });
    recordings.add(current);
  }

  /** The bytes of the current recording; dropped when there is none (or it failed). */
  void offer(Buffer bytes) {
    if (current != null) current.offer(bytes);
  }

  /** Whether the transcoder is behind: the pipe is full, and nothing but a new start at a keyframe should be offered. */
  boolean behind() {
    return current != null && current.full();
  }

  /** The current recording ends; the next, if any, starts with {@link #recording}. */
  void endRecording() {
    if (current != null) current.end();
    current = null;
  }

  /** The stream ended: what is queued is encoded, then the HLS stream and the recording end. */
  @Override
  public void close() {
    endRecording();
    recordings.add(END);
  }

  private void run() {
    av_log_set_level(AV_LOG_ERROR);
    try {
      for (IngestPipe pipe; (pipe = recordings.take()) != END; ) transcode(pipe);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeEncoder();
    }
  }

  private void transcode(IngestPipe pipe) {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(pipe, 0)) {
      grabber.setFormat("matroska");
      grabber.setPixelFormat(AV_PIX_FMT_YUV420P); // what the encoder takes: no colour conversion
      grabber.setOption("probesize", PROBE_BYTES);
      grabber.setOption("analyzeduration", PROBE_MICROS);
      grabber.start();
      if (encoder == null) open(grabber);
      long first = Long.MIN_VALUE;
      long offset = 0;
      for (Frame frame; (frame = grabber.grab()) != null; ) {
        if (first == Long.MIN_VALUE) { // this recording's time 0 is now, or just after the last picture
          first = frame.timestamp;
          offset = Math.max((System.currentTimeMillis() - startedAtMillis) * 1000, Math.round((lastFrame + 1) * 1_000_000 / FPS));
        }
        long at = offset + frame.timestamp - first;
        if (frame.image != null) picture(frame, at);
        else if (frame.samples != null && encoder.getAudioChannels() > 0) sound(frame, at);
      }
    } catch (Exception | LinkageError e) {
      log.warn("A recording of {} could not be made into HLS: {}", channel, e.getMessage());
    } finally {
      pipe.end(); // what the page still sends of it is dropped
    }
  }

  /** The encoder takes the first recording's picture size (later ones are scaled to it) and whether it has sound. */
  private void open(FFmpegFrameGrabber grabber) throws FFmpegFrameRecorder.Exception {
    if (grabber.getImageWidth() <= 0) throw new IllegalStateException("the recording has no video");
    startedAtMillis = System.currentTimeMillis();
    output = new Fmp4Output(bus, channel, startedAtMillis, openRecording.get());
    int channels = Math.min(2, grabber.getAudioChannels());
    encoder = LiveEncoder.recorder(output, grabber.getImageWidth() & ~1, grabber.getImageHeight() & ~1, FPS, channels,
        channels > 0 ? grabber.getSampleRate() : 0);
    encoder.start();
  }

  private void picture(Frame frame, long at) throws FFmpegFrameRecorder.Exception {
    long number = Math.round(at * FPS / 1_000_000);
    if (number <= lastFrame) return; // two pictures in one frame's time: the encoder needs growing timestamps
    lastFrame = number;
    if (encoder.getAudioChannels() > 0) silenceUntil(at - SOUND_SLACK_MICROS); // a recording without sound
    encoder.setFrameNumber((int) number);
    encoder.record(frame);
  }

  private void sound(Frame frame, long at) throws FFmpegFrameRecorder.Exception {
    if (soundMicros - at > SOUND_SLACK_MICROS) return; // early: its time was already filled
    silenceUntil(at);
    int samples = frame.samples[0].limit() / (frame.samples.length == 1 ? frame.audioChannels : 1);
    encoder.record(frame);
    soundMicros += samples * 1_000_000L / frame.sampleRate;
  }

  /** Silence up to {@code micros} if the sound is further behind than the slack. */
  private void silenceUntil(long micros) throws FFmpegFrameRecorder.Exception {
    if (micros - soundMicros <= SOUND_SLACK_MICROS) return;
    int rate = encoder.getSampleRate();
    int channels = encoder.getAudioChannels();
    int samples = (int) ((micros - soundMicros) * rate / 1_000_000);
    ShortBuffer silence = ShortBuffer.allocate(Math.min(samples, rate) * channels);
    for (int left = samples; left > 0; left -= rate) {
      silence.clear().limit(Math.min(left, rate) * channels);
      encoder.recordSamples(rate, channels, silence);
    }
    soundMicros += samples * 1_000_000L / rate;
  }

  private void closeEncoder() {
    try {
      if (encoder != null) encoder.close();
    } catch (Exception e) {
      log.warn("The HLS encoder of {} did not close cleanly: {}", channel, e.getMessage());
    } finally {
      if (output != null) output.close();
    }
  }
}
