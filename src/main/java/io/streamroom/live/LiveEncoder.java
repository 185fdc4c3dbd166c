package io.streamroom.live;

import io.streamroom.hls.Fmp4Output;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

import java.nio.ByteBuffer;
import java.nio.ShortBuffer;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

/**
 * Encodes a live source's pictures as H.264 (OpenH264, in the LGPL FFmpeg build) and its sound as AAC into
 * fragmented MP4 for HLS. Pictures are stamped with their capture time, so the parts' times are the
 * camera's. Blocking: the capture thread.
 */
final class LiveEncoder implements AutoCloseable {
  /** Bits per pixel per frame: 0.08 gives 2.2 Mbit/s at 720p30, close to what streaming sites ask for 720p. */
  private static final double BITS_PER_PIXEL = 0.08;
  /** Plenty for a voice or a tone in mono, and fair for a webcam's stereo microphone. */
  private static final int AUDIO_BITRATE = 96_000;

  private final FFmpegFrameRecorder recorder;
  private final Fmp4Output output;
  private final ByteBuffer planes;
  private final ShortBuffer sound = ShortBuffer.allocate(SoundSource.SAMPLE_RATE); // a second's worth at most per picture
  private final SoundSource soundSource;
  private final long startedAt;
  private long lastFrame = -1;

  /** @param startedAtMillis the wall-clock time of media time 0 (the one {@code output} was made with) */
  LiveEncoder(Fmp4Output output, int width, int height, double fps, SoundSource soundSource, long startedAtMillis)
      throws FFmpegFrameRecorder.Exception {
    this.output = output;
    this.soundSource = soundSource;
    this.startedAt = startedAtMillis;
    this.planes = ByteBuffer.allocateDirect(width * height * 3 / 2);
    recorder = recorder(output, width, height, fps, soundSource == null ? 0 : 1, SoundSource.SAMPLE_RATE);
    // Start the sound's clock with the pictures' (media time 0), not after the encoder's cold start: sound
    // that trailed the pictures would make the muxer hold every picture back until its sound is encoded.
    if (soundSource != null) soundSource.read(ShortBuffer.allocate(0));
    recorder.start();
  }

  /**
   * A recorder (not started) with the live encoding settings every live source that is not H.264 already
   * uses: OpenH264 with a keyframe a second, AAC when {@code audioChannels} is not 0.
   */
  static FFmpegFrameRecorder recorder(Fmp4Output output, int width, int height, double fps, int audioChannels, int sampleRate) {
    FFmpegFrameRecorder recorder = output.recorder(width, height, audioChannels);
    recorder.setVideoCodec(AV_CODEC_ID_H264);
    recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
    recorder.setFrameRate(fps);
    recorder.setGopSize((int) Math.max(1, Math.round(fps))); // a keyframe a second: HLS segments of 1 s
    recorder.setVideoBitrate((int) (width * height * fps * BITS_PER_PIXEL));
    if (audioChannels > 0) {
      recorder.setAudioCodec(AV_CODEC_ID_AAC);
      recorder.setSampleRate(sampleRate);
      recorder.setAudioBitrate(AUDIO_BITRATE);
    }
    return recorder;
  }

  /** Encodes a picture captured at {@code capturedAtMillis}, with the sound captured since the last one. */
  void encode(Yuv420Image image, long capturedAtMillis) throws FFmpegFrameRecorder.Exception {
    long frame = Math.round((capturedAtMillis - startedAt) * recorder.getFrameRate() / 1000);
    if (frame <= lastFrame) return; // two pictures in one frame's time: the encoder needs growing timestamps
    lastFrame = frame;
    planes.clear();
    planes.put(image.y).put(image.u).put(image.v).flip();
    recorder.setFrameNumber((int) frame);
    recorder.recordImage(image.width, image.height, Frame.DEPTH_UBYTE, 1, image.width, AV_PIX_FMT_YUV420P, planes);
    if (soundSource == null) return;
    sound.clear();
    soundSource.read(sound);
    sound.flip();
    if (sound.hasRemaining()) recorder.recordSamples(SoundSource.SAMPLE_RATE, 1, sound);
  }

  @Override
  public void close() throws org.bytedeco.javacv.FrameRecorder.Exception {
    try {
      recorder.close();
    } finally {
      output.close();
    }
  }
}
