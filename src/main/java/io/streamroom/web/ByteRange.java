package io.streamroom.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of a file a request asks for with {@code Range: bytes=...} (RFC 9110, section 14): one range,
 * which is what players ask for when they seek. {@code partial} is false for the whole file (a 200).
 */
record ByteRange(long start, long length, boolean partial) {
  private static final Pattern ONE_RANGE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

  long end() {
    return start + length - 1;
  }

  /**
   * @return what to send of a file of {@code size} bytes: the whole file when there is no Range header or
   *     one we may ignore (several ranges, another unit, malformed); null when the range lies wholly
   *     outside the file (416)
   */
  static ByteRange of(String header, long size) {
    ByteRange whole = new ByteRange(0, size, false);
    if (header == null) return whole;
    Matcher m = ONE_RANGE.matcher(header.trim());
    if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) return whole;
    if (m.group(1).isEmpty()) { // a suffix: the last n bytes
      long n = Long.parseLong(m.group(2));
      if (n == 0) return null;
      long length = Math.min(n, size);
      return new ByteRange(size - length, length, true);
    }
    long start = Long.parseLong(m.group(1));
    long end = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
    if (start >= size) return null;
    if (end < start) return whole; // "bytes=5-2" is invalid, and an invalid range is ignored
    return new ByteRange(start, end - start + 1, true);
  }
}
