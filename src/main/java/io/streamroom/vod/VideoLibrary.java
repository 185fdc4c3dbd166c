package io.streamroom.vod;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

/**
 * The videos folder as titles with renditions. {@link #rescan()} reads the folder and probes new or
 * changed files with JavaCV (duration, size, frame rate): blocking, so it runs on a worker thread; the
 * index it builds is replaced whole, so readers on other threads always see a consistent one.
 */
public final class VideoLibrary {
  private static final Logger log = LoggerFactory.getLogger(VideoLibrary.class);
  /** {@code <title>_<resolution>.mp4}; a title is letters, digits, '.', '_' and '-' (no '/', so no traversal). */
  public static final Pattern NAME = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]*)_([0-9]{3,4}p)\\.mp4");

  private final Path folder;
  private volatile Map<String, Rendition> byFile = Map.of();
  /** Files that could not be read, with the size and time they had: not probed again until those change. */
  private final Map<String, List<Long>> unreadable = new HashMap<>();
  /** Files already reported as skipped, so each gets one log line, not one per scan. */
  private final Set<String> reported = new HashSet<>();

  VideoLibrary(Path folder) {
    this.folder = folder;
  }

  Path folder() {
    return folder;
  }

  /** Reads the folder again; files whose size and time are unchanged are not probed again. Blocking. */
  void rescan() throws IOException {
    Map<String, Rendition> previous = byFile;
    Map<String, Rendition> next = new HashMap<>();
    Set<String> seen = new HashSet<>();
    if (Files.isDirectory(folder)) {
      try (Stream<Path> files = Files.list(folder)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          String name = file.getFileName().toString();
          if (name.startsWith(".")) continue; // hidden: a rendition still being written (see Renditions)
          seen.add(name);
          Matcher m = NAME.matcher(name);
          if (!m.matches()) {
            skip(name, "not named <title>_<resolution>.mp4");
            continue;
          }
          long size = Files.size(file);
          long modified = Files.getLastModifiedTime(file).toMillis();
          Rendition known = previous.get(name);
          if (known != null && known.size() == size && known.modified() == modified) {
            next.put(name, known);
          } else if (!List.of(size, modified).equals(unreadable.get(name))) {
            Optional<Rendition> probed = probe(file, m.group(1), m.group(2), size, modified);
            if (probed.isPresent()) {
              next.put(name, probed.get());
              unreadable.remove(name);
            } else {
              unreadable.put(name, List.of(size, modified));
            }
          }
        }
      }
    }
    reported.retainAll(seen); // a file that comes back broken is reported again
    unreadable.keySet().retainAll(seen);
    byFile = Map.copyOf(next);
  }

  private Optional<Rendition> probe(Path file, String title, String resolution, long size, long modified) {
    av_log_set_level(AV_LOG_ERROR);
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.start();
      if (grabber.getImageWidth() <= 0) throw new IOException("no video stream");
      reported.remove(file.getFileName().toString());
      return Optional.of(new Rendition(title, resolution, file, grabber.getImageWidth(), grabber.getImageHeight(),
          grabber.getLengthInTime() / 1e6, grabber.getFrameRate(), size, modified));
    } catch (Exception e) {
      skip(file.getFileName().toString(), "cannot be read as a video (" + firstLine(e) + ")");
      return Optional.empty();
    }
  }

  private void skip(String name, String why) {
    if (reported.add(name)) log.info("Video library: skipping {}: {}", name, why);
  }

  /** The rendition stored in exactly this file, if the library has it. */
  Optional<Rendition> file(String name) {
    return Optional.ofNullable(byFile.get(name));
  }

  /** The rendition of a title in a resolution, if the library has it. */
  Optional<Rendition> rendition(String title, String resolution) {
    return file(title + "_" + resolution + ".mp4").filter(r -> r.title().equals(title) && r.resolution().equals(resolution));
  }

  /** Every rendition of every title. */
  Collection<Rendition> all() {
    return byFile.values();
  }

  /** A title's renditions, lowest resolution first. */
  List<Rendition> renditions(String title) {
    return byFile.values().stream().filter(r -> r.title().equals(title))
        .sorted(Comparator.comparingInt(Rendition::lines)).toList();
  }

  boolean isEmpty() {
    return byFile.isEmpty();
  }

  /** {"titles": [{"title", "renditions": [...]}]}, titles sorted, renditions lowest first. */
  JsonObject toJson() {
    TreeMap<String, JsonArray> titles = new TreeMap<>();
    byFile.values().stream().sorted(Comparator.comparingInt(Rendition::lines))
        .forEach(r -> titles.computeIfAbsent(r.title(), t -> new JsonArray()).add(r.toJson()));
    JsonArray out = new JsonArray();
    titles.forEach((title, renditions) -> out.add(new JsonObject().put("title", title).put("renditions", renditions)));
    return new JsonObject().put("titles", out);
  }

  private static String firstLine(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
