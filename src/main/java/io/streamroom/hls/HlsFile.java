package io.streamroom.hls;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A file of a window, named as the playlist names it: init-N.mp4, seg-M.m4s, part-M-P.m4s (numbers without leading zeros). */
record HlsFile(Kind kind, long number, int part) {
  enum Kind { INIT, SEGMENT, PART }

  private static final Pattern INIT = Pattern.compile("init-(0|[1-9][0-9]{0,8})\\.mp4");
  private static final Pattern SEGMENT = Pattern.compile("seg-(0|[1-9][0-9]{0,17})\\.m4s");
  private static final Pattern PART = Pattern.compile("part-(0|[1-9][0-9]{0,17})-(0|[1-9][0-9]{0,8})\\.m4s");

  /** @return the file, or null when no file of a window has this name */
  static HlsFile parse(String name) {
    Matcher init = INIT.matcher(name);
    if (init.matches()) return new HlsFile(Kind.INIT, Long.parseLong(init.group(1)), 0);
    Matcher segment = SEGMENT.matcher(name);
    if (segment.matches()) return new HlsFile(Kind.SEGMENT, Long.parseLong(segment.group(1)), 0);
    Matcher part = PART.matcher(name);
    if (part.matches()) return new HlsFile(Kind.PART, Long.parseLong(part.group(1)), Integer.parseInt(part.group(2)));
    return null;
  }
}
