package io.streamroom.vod;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

import java.nio.file.Path;
import java.util.Map;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

/**
 * Decodes a video and encodes it again as H.264 (OpenH264, the encoder of JavaCV's LGPL FFmpeg) with AAC
 * sound when it has sound, optionally scaled: for sources browsers cannot play, and for smaller renditions.
 * Blocking, and about one core's work for as long as it runs.
 */
final class Transcoder {
  /**
   * About 0.1 bit per pixel per frame: clean camera pictures from OpenH264's baseline profile
   * (2.8 Mbit/s at 720p30, 1.2 Mbit/s at 480p30, 300 kbit/s at 240p30).
   */
  static final double BITS_PER_PIXEL = 0.1;
  /** Below this even a small picture turns to blocks when it moves. */
  static final long MIN_VIDEO_BITRATE = 150_000;
  /** AAC-LC at 128 kbit/s: clear for music in stereo, generous for voice. */
  static final int AUDIO_BITRATE = 128_000;
  /** A keyframe every 2 s: 4 s HLS segments can start on one, and a seek lands at most 2 s early. */
  static final double KEYFRAME_SECONDS = 2;
  /** A rate outside (0, 120] is a broken header rather than a video's: such a file is encoded at 30. */
  private static final double MAX_FPS = 120;
  private static final double DEFAULT_FPS = 30;

  private Transcoder() {}

  /**
   * Writes {@code target} in {@code format} with the muxer's {@code options}; {@code height} 0 keeps the
   * size, else the picture is scaled to that many lines and a width that keeps its shape (rounded to even).
   */
  static void transcode(Path source, String target, String format, Map<String, String> options, int height) throws Exception {
    av_log_set_level(AV_LOG_ERROR);
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(source.toFile())) {
      grabber.setPixelFormat(AV_PIX_FMT_YUV420P); // what the encoder takes: no colour conversion on either side
      grabber.start();
      if (grabber.getImageWidth() <= 0) throw new IllegalArgumentException(source + " has no video");
      int width = even(grabber.getImageWidth());
      int lines = even(grabber.getImageHeight());
      if (height > 0) {
        width = 2 * (int) Math.max(1, Math.round(grabber.getImageWidth() * (double) height / grabber.getImageHeight() / 2));
        lines = height;
      }
      grabber.setImageWidth(width); // FFmpeg scales each decoded picture to this
      grabber.setImageHeight(lines);
      double fps = fps(grabber.getFrameRate());
      try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(target, width, lines, grabber.getAudioChannels())) {
        recorder.setFormat(format);
        options.forEach(recorder::setOption);
        recorder.setVideoCodec(AV_CODEC_ID_H264);
        recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(fps);
        recorder.setGopSize((int) Math.round(fps * KEYFRAME_SECONDS));
        recorder.setVideoBitrate((int) videoBitrate(width, lines, fps));
        if (grabber.getAudioChannels() > 0) {
          recorder.setAudioCodec(AV_CODEC_ID_AAC);
          recorder.setSampleRate(grabber.getSampleRate());
          recorder.setAudioBitrate(AUDIO_BITRATE);
        }
        recorder.start();
        long origin = grabber.getFormatContext().start_time() == AV_NOPTS_VALUE ? 0 : grabber.getFormatContext().start_time();
        for (Frame frame; (frame = grabber.grab()) != null; ) {
          // The recorder counts frames and sound samples from 0; a gap in a variable rate recording moves
          // the frame count on, so the picture stays in step with the sound.
          long at = frame.timestamp - origin;
          if (frame.image != null && at > recorder.getTimestamp()) recorder.setTimestamp(at);
          recorder.record(frame);
        }
        recorder.stop();
      }
    }
  }

  /** The video bit rate a picture of this size and rate is encoded at. */
  static long videoBitrate(int width, int height, double fps) {
    return Math.max(MIN_VIDEO_BITRATE, Math.round(width * height * fps(fps) * BITS_PER_PIXEL));
  }

  private static double fps(double fps) {
    return fps > 0 && fps <= MAX_FPS ? fps : DEFAULT_FPS;
  }

  /** H.264 in 4:2:0 wants even sizes. */
  private static int even(int size) {
    return Math.max(2, size & ~1);
  }
}
