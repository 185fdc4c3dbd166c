package io.streamroom.vod;

import io.streamroom.support.ChildProcess;
import io.streamroom.support.TestMedia;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Test clips made by Debian's ffmpeg (which has libx264, unlike JavaCV's build), and what ffprobe reads from media. */
final class Clips {
  private static final String FFMPEG = "/usr/bin/ffmpeg";
  private static final String FFPROBE = "/usr/bin/ffprobe";

  private Clips() {}

  /** The test card with a 440 Hz tone, H.264 (a keyframe a second) and AAC, like a camera's file. */
  static Path h264(Path file, int width, int height, int seconds) {
    return ffmpeg(file, card(width, height), tone(), "-t", seconds, "-c:v", "libx264", "-g", 30, "-c:a", "aac");
  }

  static Path silent(Path file, int width, int height, int seconds) {
    return ffmpeg(file, card(width, height), "-t", seconds, "-c:v", "libx264", "-g", 30);
  }

  /** MPEG-4 Part 2 video, which browsers do not play: it has to be transcoded. */
  static Path mpeg4(Path file, int width, int height, int seconds) {
    return ffmpeg(file, card(width, height), tone(), "-t", seconds, "-c:v", "mpeg4", "-g", 30, "-c:a", "aac");
  }

  /** As a live recorder writes mp4: fragments, and an empty index up front. */
  static Path fragmented(Path file, int width, int height, int seconds) {
    return ffmpeg(file, card(width, height), tone(), "-t", seconds, "-c:v", "libx264", "-g", 30, "-c:a", "aac",
        "-movflags", "frag_keyframe+empty_moov");
  }

  /** ffprobe's answer for {@code entries} (like "stream=codec_name,height") of a file or URL, one line per item. */
  static List<String> probe(String input, String entries) {
    try (ChildProcess probe = ChildProcess.run(FFPROBE, "-v", "error", "-show_entries", entries, "-of", "csv=p=0", input)) {
      if (probe.awaitExit(Duration.ofSeconds(30)) != 0) throw new AssertionError("ffprobe " + input + ": " + probe.err());
      return probe.out().stream().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }
  }

  /**
   * The streams of a file or URL as "h264,426,240" / "aac" (codec, then width and height if it has them).
   * Read from JSON: for an HLS master, ffprobe's flat output lists each variant's streams twice (as a program's and on their own).
   */
  static List<String> streams(String input) {
    try (ChildProcess probe = ChildProcess.run(FFPROBE, "-v", "error", "-show_entries", "stream=codec_name,width,height",
        "-of", "json", input)) {
      if (probe.awaitExit(Duration.ofSeconds(30)) != 0) throw new AssertionError("ffprobe " + input + ": " + probe.err());
      JsonArray streams = new JsonObject(String.join("\n", probe.out())).getJsonArray("streams");
      return streams.stream().map(s -> (JsonObject) s).map(s -> s.containsKey("height")
          ? s.getString("codec_name") + "," + s.getInteger("width") + "," + s.getInteger("height") : s.getString("codec_name")).toList();
    }
  }

  static double duration(String input) {
    return Double.parseDouble(probe(input, "format=duration").get(0));
  }

  /** The top-level boxes of an mp4 in file order: "ftyp", "moov", "mdat" for a plain one with faststart. */
  static List<String> boxes(Path mp4) {
    List<String> types = new ArrayList<>();
    try (FileChannel file = FileChannel.open(mp4)) {
      ByteBuffer head = ByteBuffer.allocate(16);
      for (long at = 0; at + 8 <= file.size(); ) {
        head.clear();
        file.read(head, at);
        long size = Integer.toUnsignedLong(head.getInt(0));
        if (size == 1) size = head.getLong(8); // a 64-bit size follows the type
        types.add(new String(head.array(), 4, 4, StandardCharsets.ISO_8859_1));
        if (size < 8) break;
        at += size;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return types;
  }

  private static String[] card(int width, int height) {
    return new String[] {"-f", "lavfi", "-i", "testsrc2=size=" + width + "x" + height + ":rate=30"};
  }

  private static String[] tone() {
    return new String[] {"-f", "lavfi", "-i", "sine=frequency=440"};
  }

  private static Path ffmpeg(Path file, Object... args) {
    TestMedia.requireFfmpeg();
    List<String> command = new ArrayList<>(List.of(FFMPEG, "-v", "error", "-y"));
    for (Object arg : args) {
      if (arg instanceof String[] many) command.addAll(List.of(many));
      else command.add(String.valueOf(arg));
    }
    command.add(file.toString());
    try (ChildProcess ffmpeg = ChildProcess.run(command.toArray(String[]::new))) {
      if (ffmpeg.awaitExit(Duration.ofSeconds(60)) != 0) throw new AssertionError("ffmpeg " + command + ": " + ffmpeg.err());
    }
    return file;
  }
}
