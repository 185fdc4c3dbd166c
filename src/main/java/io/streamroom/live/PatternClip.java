package io.streamroom.live;

import org.bytedeco.javacv.FFmpegFrameRecorder;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

/**
 * Records the moving test pattern into an mp4 file with JavaCV, as H.264 (through OpenH264, which the
 * LGPL FFmpeg build includes) so browsers play it: the demo title of an empty video library, and the
 * clips the tests make for themselves. Blocking.
 */
public final class PatternClip {
  private PatternClip() {}

  /** Writes {@code frames} frames of the moving pattern at {@code fps} into an mp4 file. */
  public static Path record(Path file, int width, int height, int fps, int frames) throws Exception {
    TestPattern pattern = new TestPattern(width, height);
    Yuv420Image image = new Yuv420Image(width, height);
    ByteBuffer planes = ByteBuffer.allocateDirect(width * height * 3 / 2);
    av_log_set_level(AV_LOG_ERROR); // FFmpeg would print the output's description
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0)) {
      recorder.setFormat("mp4");
      recorder.setVideoCodec(AV_CODEC_ID_H264);
      recorder.setVideoOption("movflags", "faststart"); // the index first, so playback starts before the end arrives
      recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
      recorder.setFrameRate(fps);
      recorder.setVideoBitrate(width * height * 4); // about 1.2 Mbit/s at 640x480: crisp enough for a test picture
      recorder.start();
      for (int i = 0; i < frames; i++) {
        pattern.draw(image, i, i * 1000L / fps);
        planes.clear();
        planes.put(image.y).put(image.u).put(image.v).flip();
        recorder.recordImage(width, height, org.bytedeco.javacv.Frame.DEPTH_UBYTE, 1, width, AV_PIX_FMT_YUV420P, planes);
      }
      recorder.stop();
    }
    return file;
  }
}
