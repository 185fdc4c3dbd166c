package io.streamroom.hls;

import io.vertx.core.eventbus.EventBus;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where a live stream's fragmented MP4 goes as FFmpeg's mp4 muxer writes it: split into the init segment and
 * fragments, which are published for the HLS windows ({@link HlsMessages}), and appended whole, each as it
 * is complete, to the stream's recording when it has one. Every source (the camera, OBS, a browser, a video) ends here, so HLS
 * and recordings have one producer path. Blocking: the producer's own thread.
 */
public final class Fmp4Output extends OutputStream {
  private static final Logger log = LoggerFactory.getLogger(Fmp4Output.class);
  /** One HLS part per 200 ms: a player 3 parts behind the live edge is 0.6 s behind, and a part is a few KB. */
  private static final String PART_MICROS = "200000";

  private final Fmp4Splitter splitter;
  private OutputStream recording;

  /**
   * @param startedAtMillis the wall-clock time of media time 0, so each part's capture time is known
   * @param recording where the stream is recorded, or null
   */
  public Fmp4Output(EventBus bus, String channel, long startedAtMillis, OutputStream recording) {
    this.recording = recording;
    this.splitter = new Fmp4Splitter(new Fmp4Splitter.Listener() {
      private io.vertx.core.buffer.Buffer init;

      @Override
      public void init(io.vertx.core.buffer.Buffer init) {
        this.init = init;
        HlsMessages.publishInit(bus, channel, init);
        record(init);
      }

      @Override
      public void fragment(Fmp4Fragment fragment) {
        // Again before each keyframe: a window that started after the first (its announcement was still on the
        // way, or another node began watching) can start there. The hub ignores an init it has.
        if (fragment.independent()) HlsMessages.publishInit(bus, channel, init);
        long at = startedAtMillis + Math.round(fragment.decodeTime() * 1000.0 / fragment.timescale());
        HlsMessages.publishFragment(bus, channel, fragment, at);
        record(fragment.bytes());
      }
    });
  }

  /**
   * A recorder that writes fragmented MP4 here: the index first and empty ({@code empty_moov}), a fragment
   * at each keyframe and every {@value #PART_MICROS} µs, each handed over as soon as it is complete.
   */
  public FFmpegFrameRecorder recorder(int width, int height, int audioChannels) {
    FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(this, width, height, audioChannels);
    recorder.setFormat("mp4");
    recorder.setOption("movflags", "frag_keyframe+empty_moov+default_base_moof");
    recorder.setOption("frag_duration", PART_MICROS);
    recorder.setOption("flush_packets", "1"); // or AVIO would hold a finished fragment until its buffer fills
    return recorder;
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    splitter.write(bytes, offset, length);
  }

  /** Appends a whole init segment or fragment, one write each: the file is whole at every fragment's end. */
  private void record(io.vertx.core.buffer.Buffer bytes) {
    if (recording == null) return;
    try {
      recording.write(bytes.getBytes());
    } catch (IOException e) {
      // A full disk ends the recording, not the stream: viewers keep watching.
      log.warn("Recording stopped: {}", e.getMessage());
      closeRecording();
    }
  }

  @Override
  public void close() {
    closeRecording();
  }

  private void closeRecording() {
    if (recording == null) return;
    try {
      recording.close();
    } catch (IOException e) {
      log.warn("Recording could not be closed: {}", e.getMessage());
    }
    recording = null;
  }
}
