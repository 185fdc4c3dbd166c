package io.streamroom.vod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rendition cut into HLS: a folder with a VOD media playlist ({@value #PLAYLIST}), the init segment it
 * maps and the segments it lists. Only those files are ever served from it.
 *
 * @param segments each segment's file name and length in seconds, in playlist order
 */
record HlsFolder(Path folder, String init, Map<String, Double> segments) {
  static final String PLAYLIST = "index.m3u8";
  private static final Pattern MAP = Pattern.compile("#EXT-X-MAP:URI=\"([^\"]+)\"");
  private static final Pattern EXTINF = Pattern.compile("#EXTINF:([0-9.]+),.*");
  /** What FFmpeg names its files; anything else in a playlist (a path, a URL) is not ours to serve. */
  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  /** Reads a finished folder; throws when its playlist is incomplete or names a file that is not there. Blocking. */
  static HlsFolder read(Path folder) throws IOException {
    String init = null;
    Map<String, Double> segments = new LinkedHashMap<>();
    Double length = null;
    boolean ended = false;
    for (String line : Files.readAllLines(folder.resolve(PLAYLIST))) {
      Matcher map = MAP.matcher(line);
      Matcher extinf = EXTINF.matcher(line);
      if (map.matches()) init = fileName(folder, map.group(1));
      else if (extinf.matches()) length = Double.parseDouble(extinf.group(1));
      else if (line.equals("#EXT-X-ENDLIST")) ended = true;
      else if (!line.isBlank() && !line.startsWith("#")) {
        if (length == null) throw new IOException(folder + ": " + line + " has no #EXTINF");
        segments.put(fileName(folder, line), length);
        length = null;
      }
    }
    if (!ended || init == null || segments.isEmpty()) throw new IOException(folder + " holds no complete fMP4 VOD playlist");
    return new HlsFolder(folder, init, segments);
  }

  private static String fileName(Path folder, String name) throws IOException {
    if (!FILE_NAME.matcher(name).matches() || !Files.isRegularFile(folder.resolve(name))) {
      throw new IOException(folder + ": the playlist names " + name + ", which is not a file of the folder");
    }
    return name;
  }

  /** The file for a name the playlist uses (or the playlist itself); empty for every other name. */
  Optional<Path> file(String name) {
    boolean listed = name.equals(PLAYLIST) || name.equals(init) || segments.containsKey(name);
    return listed ? Optional.of(folder.resolve(name)) : Optional.empty();
  }

  /** The variant as served: the peak of the real segments, the codecs of the init segment. Blocking. */
  MasterPlaylist.Variant variant(Rendition rendition) throws IOException {
    long peak = 0;
    for (Map.Entry<String, Double> segment : segments.entrySet()) {
      long bits = Files.size(folder.resolve(segment.getKey())) * 8;
      peak = Math.max(peak, Math.round(bits / Math.max(segment.getValue(), MediaInfo.MIN_PEAK_SECONDS)));
    }
    return new MasterPlaylist.Variant(rendition, peak, MediaInfo.read(folder.resolve(init)).codecs());
  }
}
