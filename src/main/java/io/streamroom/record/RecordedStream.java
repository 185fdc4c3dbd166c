package io.streamroom.record;

import io.streamroom.store.LiveStore;
import io.streamroom.vod.Renditions;
import io.streamroom.vod.VideoLibrary;
import io.vertx.core.json.JsonObject;
import org.bytedeco.javacv.FFmpegFrameGrabber;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Stream;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

/** One recorded stream's files: the part written live, and its renditions in the library. Blocking. */
final class RecordedStream {
  private final Path part;
  private final Path about;
  private final Path videos;
  private final String title;

  /** The source rendition in the library, and the recording's row. */
  record Source(Path file, int height, long bytes, LiveStore.Recording row) {}

  RecordedStream(Path folder, Path videos, String title) {
    this.part = folder.resolve(title + LiveRecording.PART);
    this.about = folder.resolve(title + LiveRecording.ABOUT);
    this.videos = videos;
    this.title = title;
  }

  /**
   * Copies the recording into {@code <videos>/<title>_<height>p.mp4} as it was streamed, without re-encoding,
   * with its row: who streamed where and when (from the file written beside the recording).
   */
  Source toLibrary() throws Exception {
    int height = height(part);
    Path target = Renditions.remux(part, videos.resolve(title + "_" + height + "p.mp4"));
    JsonObject about = new JsonObject(Files.readString(this.about));
    long bytes = Files.size(target);
    return new Source(target, height, bytes, new LiveStore.Recording(title, about.getString("channel"), about.getString("streamer"),
        OffsetDateTime.ofInstant(Instant.parse(about.getString("started")), ZoneOffset.UTC), bytes));
  }

  void removePart() throws IOException {
    Files.deleteIfExists(part);
    Files.deleteIfExists(about);
  }

  /**
   * Transcodes the renditions lower than the source ({@code lines}, highest first).
   * @return the bytes of all the title's files
   */
  long lowerRenditions(Source source, List<Integer> lines) throws Exception {
    long bytes = source.bytes();
    for (int height : lines) {
      if (height >= source.height()) continue;
      bytes += Files.size(Renditions.transcode(source.file(), videos.resolve(title + "_" + height + "p.mp4"), height));
    }
    return bytes;
  }

  /** Removes every library file of the title, and a part left over. */
  void removeFiles() throws IOException {
    removePart();
    if (!Files.isDirectory(videos)) return;
    try (Stream<Path> files = Files.list(videos)) {
      for (Path file : files.toList()) {
        Matcher name = VideoLibrary.NAME.matcher(file.getFileName().toString());
        if (name.matches() && name.group(1).equals(title)) Files.deleteIfExists(file);
      }
    }
  }

  private static int height(Path file) throws Exception {
    av_log_set_level(AV_LOG_ERROR);
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.start();
      if (grabber.getImageHeight() <= 0) throw new IOException("the recording has no picture");
      return grabber.getImageHeight();
    }
  }
}
