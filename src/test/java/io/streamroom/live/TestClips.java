package io.streamroom.live;

import org.bytedeco.javacv.FFmpegFrameRecorder;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

/** Small mp4 files the tests make themselves: the test pattern, recorded with JavaCV. */
public final class TestClips {
  private TestClips() {}

  /** Writes {@code frames} frames of the moving pattern at {@code fps} into an mp4 file. */
  public static Path record(Path file, int width, int height, int fps, int frames) throws Exception {
    TestPattern pattern = new TestPattern(width, height);
    Yuv420Image image = new Yuv420Image(width, height);
    ByteBuffer planes = ByteBuffer.allocateDirect(width * height * 3 / 2);
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0)) {
      recorder.setFormat("mp4");
      recorder.setVideoCodec(AV_CODEC_ID_MPEG4);
      recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
      recorder.setFrameRate(fps);
      recorder.setVideoQuality(4);
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
