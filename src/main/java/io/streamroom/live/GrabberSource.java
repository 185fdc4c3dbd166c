package io.streamroom.live;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

import java.nio.ByteBuffer;
import java.nio.ShortBuffer;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

/**
 * A webcam (v4l2 device), a video file or a network stream, through JavaCV's FFmpeg grabber, scaled by
 * FFmpeg to the configured size in YUV 4:2:0 so no colour conversion is needed before JPEG encoding.
 * Device input needs the system library libpulse0 (FFmpeg's device layer links it).
 */
public final class GrabberSource implements FrameSource {
  private static final int NETWORK_TIMEOUT_MILLIS = 10_000;
  private final FFmpegFrameGrabber grabber;
  private final String description;
  /** The file's sound track, decoded as the pictures are read; null when it has none. */
  private final FileSound sound;

  private GrabberSource(FFmpegFrameGrabber grabber, String description) {
    this.grabber = grabber;
    this.description = description;
    this.sound = grabber.hasAudio() ? new FileSound("the sound of " + description) : null;
  }

  /** Opens the source; blocking, and throws with FFmpeg's reason when it cannot. */
  public static GrabberSource open(String location, int width, int height) throws org.bytedeco.javacv.FrameGrabber.Exception {
    av_log_set_level(AV_LOG_ERROR); // or FFmpeg prints the stream's metadata on every start
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(location);
    if (location.startsWith("/dev/video")) grabber.setFormat("video4linux2");
    grabber.setImageWidth(width);
    grabber.setImageHeight(height);
    grabber.setPixelFormat(AV_PIX_FMT_YUV420P);
    // A file's sound comes out as the live stream's: 48 kHz mono, 16 bits (FFmpeg resamples).
    grabber.setSampleRate(SoundSource.SAMPLE_RATE);
    grabber.setAudioChannels(1);
    grabber.setSampleFormat(AV_SAMPLE_FMT_S16);
    // A network source that stalls must fail (and be retried), not block the capture thread for good.
    if (location.contains("://")) grabber.setTimeout(NETWORK_TIMEOUT_MILLIS);
    try {
      grabber.start();
    } catch (FFmpegFrameGrabber.Exception | RuntimeException e) {
      grabber.close(); // release what start() had opened
      throw e;
    }
    return new GrabberSource(grabber, location);
  }

  @Override
  public boolean next(Yuv420Image into) throws FFmpegFrameGrabber.Exception {
    Frame frame = grabber.grabFrame(sound != null, true, true, false);
    while (frame != null && frame.image == null) {
      if (frame.samples != null) sound.add(((ShortBuffer) frame.samples[0]).duplicate());
      frame = grabber.grabFrame(true, true, true, false);
    }
    if (frame == null) return false;
    // One buffer holding the Y plane then U then V, rows imageStride bytes apart (half that for chroma);
    // its limit covers only the Y plane, hence clear().
    ByteBuffer data = ((ByteBuffer) frame.image[0]).duplicate().clear();
    int stride = frame.imageStride;
    copyPlane(data, 0, stride, into.y, into.width, into.height);
    int chroma = stride * frame.imageHeight;
    copyPlane(data, chroma, stride / 2, into.u, into.width / 2, into.height / 2);
    copyPlane(data, chroma + stride / 2 * (frame.imageHeight / 2), stride / 2, into.v, into.width / 2, into.height / 2);
    return true;
  }

  private static void copyPlane(ByteBuffer data, int offset, int stride, byte[] plane, int width, int height) {
    for (int row = 0; row < height; row++) data.get(offset + row * stride, plane, row * width, width);
  }

  @Override
  public SoundSource sound() {
    return sound;
  }

  @Override
  public double nativeFrameRate() {
    return grabber.getFrameRate();
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void close() {
    try {
      grabber.close();
    } catch (org.bytedeco.javacv.FrameGrabber.Exception e) {
      // closing a broken source: nothing more to do
    }
  }
}
