package io.streamroom.hls;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** Writes a window as an LL-HLS media playlist (RFC 8216bis, version 9): segments, recent parts, the next part's hint. */
final class HlsPlaylist {
  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);
  /** Players hold back three targets from the live edge (the spec's minimum is two parts and three segments). */
  private static final int HOLD_BACK_TARGETS = 3;

  private HlsPlaylist() {}

  static String initUri(int number) {
    return "init-" + number + ".mp4";
  }

  static String segmentUri(long msn) {
    return "seg-" + msn + ".m4s";
  }

  static String partUri(long msn, int part) {
    return "part-" + msn + "-" + part + ".m4s";
  }

  /** The playlist of a window that has parts; an ended one says so (EXT-X-ENDLIST) and hints at nothing. */
  static String render(HlsWindow window, boolean ended) {
    double partTarget = Math.ceil(window.longestPart() * 1000 - 1e-6) / 1000; // at least every part, to the millisecond
    StringBuilder out = new StringBuilder(4096).append("#EXTM3U\n#EXT-X-VERSION:9\n")
        .append("#EXT-X-TARGETDURATION:").append(window.targetDuration()).append('\n')
        .append("#EXT-X-MEDIA-SEQUENCE:").append(window.mediaSequence()).append('\n');
    if (window.discontinuitySequence() > 0) out.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(window.discontinuitySequence()).append('\n');
    out.append(String.format(Locale.ROOT, "#EXT-X-PART-INF:PART-TARGET=%.3f\n", partTarget))
        .append(String.format(Locale.ROOT, "#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=%.3f,HOLD-BACK=%d\n",
            HOLD_BACK_TARGETS * partTarget, HOLD_BACK_TARGETS * window.targetDuration()));
    int map = -1;
    for (HlsSegment segment : window.segments()) {
      map = segmentStart(out, segment, map);
      parts(out, segment);
      out.append(String.format(Locale.ROOT, "#EXTINF:%.5f,\n", segment.duration())).append(segmentUri(segment.msn)).append('\n');
    }
    HlsSegment current = window.current();
    if (current != null) {
      segmentStart(out, current, map);
      parts(out, current);
    }
    if (ended) return out.append("#EXT-X-ENDLIST\n").toString();
    HlsWindow.Position hint = window.hint();
    return out.append("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"").append(partUri(hint.msn(), hint.part())).append("\"\n").toString();
  }

  /** A segment's tags before its parts: a new period's discontinuity and map, and its date. @return its map */
  private static int segmentStart(StringBuilder out, HlsSegment segment, int map) {
    if (segment.discontinuity) out.append("#EXT-X-DISCONTINUITY\n");
    if (segment.init != map) out.append("#EXT-X-MAP:URI=\"").append(initUri(segment.init)).append("\"\n");
    out.append("#EXT-X-PROGRAM-DATE-TIME:").append(DATE_TIME.format(Instant.ofEpochMilli(segment.programDateTime))).append('\n');
    return segment.init;
  }

  private static void parts(StringBuilder out, HlsSegment segment) {
    List<HlsPart> parts = segment.parts();
    if (parts == null) return;
    for (int i = 0; i < parts.size(); i++) {
      out.append(String.format(Locale.ROOT, "#EXT-X-PART:DURATION=%.5f,URI=\"%s\"", parts.get(i).duration(), partUri(segment.msn, i)));
      out.append(parts.get(i).independent() ? ",INDEPENDENT=YES\n" : "\n");
    }
  }
}
