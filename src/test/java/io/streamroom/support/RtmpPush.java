package io.streamroom.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A streamer's OBS, played by Debian's ffmpeg: the moving test card with a 440 Hz tone, H.264 and AAC in
 * real time, pushed over RTMP ({@code ffmpeg -re -f lavfi -i testsrc2 -f lavfi -i sine ... -f flv rtmp://...}).
 */
public final class RtmpPush implements AutoCloseable {
  private final ChildProcess ffmpeg;

  private RtmpPush(ChildProcess ffmpeg) {
    this.ffmpeg = ffmpeg;
  }

  /** Pushes {@code seconds} of 640x360 at 30 fps (a keyframe each second); 0 pushes until closed. */
  public static RtmpPush start(String url, int seconds) {
    TestMedia.requireFfmpeg();
    List<String> command = new ArrayList<>(List.of("/usr/bin/ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
        "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"));
    if (seconds > 0) command.addAll(List.of("-t", String.valueOf(seconds)));
    command.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "30", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", "96k", "-f", "flv", url));
    return new RtmpPush(ChildProcess.run(command.toArray(String[]::new)));
  }

  /** ffmpeg's exit status. */
  public int awaitExit(Duration within) {
    return ffmpeg.awaitExit(within);
  }

  /** What ffmpeg said went wrong. */
  public String errors() {
    return String.join("\n", ffmpeg.err());
  }

  /** Stops pushing, as a streamer pressing "Stop streaming" would (ffmpeg ends the stream cleanly on SIGTERM). */
  @Override
  public void close() {
    ffmpeg.terminate();
    ffmpeg.awaitExit(Duration.ofSeconds(10));
  }
}
