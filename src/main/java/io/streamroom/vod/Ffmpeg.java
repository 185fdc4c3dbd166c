package io.streamroom.vod;

import java.io.IOException;

import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

/** FFmpeg's C calls answer a negative number on failure: these turn it into an exception with FFmpeg's words. */
final class Ffmpeg {
  private static final int MESSAGE_BYTES = 256;

  private Ffmpeg() {}

  /** The result when it is not an error; else an IOException saying what failed and why. */
  static int check(int result, String what) throws IOException {
    if (result >= 0) return result;
    byte[] message = new byte[MESSAGE_BYTES];
    av_strerror(result, message, message.length);
    int end = 0;
    while (end < message.length && message[end] != 0) end++;
    throw new IOException(what + ": " + new String(message, 0, end, java.nio.charset.StandardCharsets.UTF_8));
  }
}
