package io.streamroom.rtmp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run of Debian's ffmpeg (or ffprobe), its output kept in a file. */
record Ffmpeg(Process process, Path log) {

  static Ffmpeg start(Path dir, List<String> args) {
    List<String> command = new ArrayList<>(List.of("/usr/bin/ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y"));
    command.addAll(args);
    try {
      Path log = Files.createTempFile(dir, "ffmpeg", ".log");
      return new Ffmpeg(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A test pattern with a tone for that long, encoded as OBS would: H.264 (a keyframe a second) and AAC;
   * paced: made as fast as it plays, as a live source is.
   */
  static List<String> testSource(int seconds, boolean paced) {
    List<String> args = new ArrayList<>(paced ? List.of("-re") : List.of());
    args.addAll(List.of("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
        "-t", String.valueOf(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25", "-c:a", "aac"));
    return args;
  }

  /** @return its exit code, once it exited within that time */
  int exitCode(Duration within) throws InterruptedException {
    assertTrue(process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS), "ffmpeg still runs after " + within + ": " + output());
    return process.exitValue();
  }

  void assertSucceeds() throws InterruptedException {
    assertEquals(0, exitCode(Duration.ofSeconds(20)), output());
  }

  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** ffprobe's streams' codec names and the format's duration, as "key=value" lines. */
  static String probe(Path file) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("/usr/bin/ffprobe", "-v", "error", "-show_entries", "stream=codec_name:format=duration",
        "-of", "default=nw=1", file.toString()).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    assertTrue(process.waitFor(20, TimeUnit.SECONDS) && process.exitValue() == 0, out);
    return out;
  }
}
