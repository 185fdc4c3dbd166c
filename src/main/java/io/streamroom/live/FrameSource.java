package io.streamroom.live;

/** Where live pictures come from. Blocking: used on the capture thread only. */
public interface FrameSource extends AutoCloseable {
  /** Fills {@code into} with the next picture. @return false at the end of a file */
  boolean next(Yuv420Image into) throws Exception;

  /** Frames per second the source delivers on its own (a file's rate), or 0 when it must be paced. */
  double nativeFrameRate();

  /** The source's own sound, decoded with its pictures (a file's audio track), or null for none. */
  default SoundSource sound() {
    return null;
  }

  /** For logs and announcements: "test pattern", "/dev/video0", a file name. */
  String describe();

  @Override
  void close();
}
