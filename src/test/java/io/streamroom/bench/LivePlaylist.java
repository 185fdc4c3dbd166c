package io.streamroom.bench;

import java.time.Instant;
import java.util.Arrays;

/**
 * What a load-generating player needs from an LL-HLS media playlist: its init segment and the parts it lists,
 * in order, each with its duration and when its last sample was captured (the segment's
 * EXT-X-PROGRAM-DATE-TIME plus the parts before it). Parsed by hand, cheaply: a thousand players read five
 * playlists a second each.
 */
final class LivePlaylist {
  private static final String MAP = "#EXT-X-MAP:URI=\"";
  private static final String DATE = "#EXT-X-PROGRAM-DATE-TIME:";
  private static final String PART = "#EXT-X-PART:DURATION=";

  final String init;
  private final long[] msn;
  private final int[] index;
  private final double[] duration;
  private final long[] capturedEnd;
  private final int size;

  private LivePlaylist(String init, long[] msn, int[] index, double[] duration, long[] capturedEnd, int size) {
    this.init = init;
    this.msn = msn;
    this.index = index;
    this.duration = duration;
    this.capturedEnd = capturedEnd;
    this.size = size;
  }

  static LivePlaylist parse(String text) {
    String init = null;
    int capacity = 64;
    long[] msn = new long[capacity];
    int[] index = new int[capacity];
    double[] duration = new double[capacity];
    long[] capturedEnd = new long[capacity];
    int size = 0;
    long segmentStart = 0;
    double offset = 0;
    int at = 0;
    while (at < text.length()) {
      int end = text.indexOf('\n', at);
      if (end < 0) end = text.length();
      if (text.startsWith(PART, at)) {
        int comma = text.indexOf(',', at);
        double seconds = Double.parseDouble(text.substring(at + PART.length(), comma));
        int uri = text.indexOf("URI=\"part-", comma) + "URI=\"part-".length();
        int dash = text.indexOf('-', uri);
        if (size == capacity) {
          capacity *= 2;
          msn = Arrays.copyOf(msn, capacity);
          index = Arrays.copyOf(index, capacity);
          duration = Arrays.copyOf(duration, capacity);
          capturedEnd = Arrays.copyOf(capturedEnd, capacity);
        }
        offset += seconds;
        msn[size] = Long.parseLong(text, uri, dash, 10);
        index[size] = Integer.parseInt(text, dash + 1, text.indexOf('.', dash), 10);
        duration[size] = seconds;
        capturedEnd[size] = segmentStart + Math.round(offset * 1000);
        size++;
      } else if (text.startsWith(DATE, at)) {
        segmentStart = Instant.parse(text.substring(at + DATE.length(), end)).toEpochMilli();
        offset = 0;
      } else if (text.startsWith(MAP, at)) {
        init = text.substring(at + MAP.length(), text.indexOf('"', at + MAP.length()));
      }
      at = end + 1;
    }
    return new LivePlaylist(init, msn, index, duration, capturedEnd, size);
  }

  int size() {
    return size;
  }

  long msn(int i) {
    return msn[i];
  }

  int index(int i) {
    return index[i];
  }

  double duration(int i) {
    return duration[i];
  }

  long capturedEnd(int i) {
    return capturedEnd[i];
  }

  /** Where the first part after segment {@code m}'s part {@code p} is listed, or -1 when none is yet. */
  int after(long m, int p) {
    for (int i = 0; i < size; i++) if (msn[i] > m || msn[i] == m && index[i] > p) return i;
    return -1;
  }
}
