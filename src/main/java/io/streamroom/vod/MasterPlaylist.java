package io.streamroom.vod;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The master playlist of a title, as Apple's HLS authoring guide wants it: every rendition with its peak
 * and average bit rates, size, frame rate and codecs, best first (players that pick the first variant
 * before measuring anything start with the best picture), each pointing at its own media playlist.
 */
final class MasterPlaylist {
  /**
   * One rendition as a variant stream.
   *
   * @param codecs the CODECS attribute, or null when it cannot be told yet (then none is written)
   */
  record Variant(Rendition rendition, long peakBitsPerSecond, String codecs) {
    /** The file's own average: its size over its length. */
    long averageBitsPerSecond() {
      return rendition.durationSeconds() > 0 ? Math.round(rendition.size() * 8 / rendition.durationSeconds()) : 0;
    }
  }

  private MasterPlaylist() {}

  static String render(List<Variant> variants) {
    StringBuilder text = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n");
    variants.stream().sorted(Comparator.comparingInt((Variant v) -> v.rendition().lines()).reversed()).forEach(v -> {
      Rendition r = v.rendition();
      long average = v.averageBitsPerSecond();
      // BANDWIDTH is required and must not be below the average: a peak read from a damaged index is not trusted.
      text.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(Math.max(v.peakBitsPerSecond(), average));
      if (average > 0) text.append(",AVERAGE-BANDWIDTH=").append(average);
      text.append(",RESOLUTION=").append(r.width()).append('x').append(r.height());
      if (r.fps() > 0) text.append(",FRAME-RATE=").append(String.format(Locale.ROOT, "%.3f", r.fps()));
      if (v.codecs() != null) text.append(",CODECS=\"").append(v.codecs()).append('"');
      text.append('\n').append(r.resolution()).append('/').append(HlsFolder.PLAYLIST).append('\n');
    });
    return text.toString();
  }
}
