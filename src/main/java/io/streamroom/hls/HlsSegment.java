package io.streamroom.hls;

import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;

/**
 * A media segment of the window: its parts while it is in progress and while it is recent, its whole bytes
 * (the same memory as its parts) once complete.
 */
final class HlsSegment {
  final long msn;
  /** The number of the init segment (EXT-X-MAP) it plays with. */
  final int init;
  /** It plays with another init segment than the segment before it. */
  final boolean discontinuity;
  /** When its first sample was captured (epoch ms). */
  final long programDateTime;
  private List<HlsPart> parts = new ArrayList<>();
  private int partCount;
  private double duration;
  private long bytes;
  private Buffer whole;

  HlsSegment(long msn, int init, boolean discontinuity, long programDateTime) {
    this.msn = msn;
    this.init = init;
    this.discontinuity = discontinuity;
    this.programDateTime = programDateTime;
  }

  void add(HlsPart part) {
    parts.add(part);
    partCount++;
    duration += part.duration();
    bytes += part.bytes().length();
  }

  /** Its bytes are built once, when it is complete. */
  void complete() {
    whole = HlsBuffers.concat(parts.stream().map(HlsPart::bytes).toList());
  }

  /** It is no longer recent: only the whole segment is listed and served. */
  void dropParts() {
    parts = null;
  }

  /** Its parts, or null once dropped. */
  List<HlsPart> parts() {
    return parts;
  }

  /** The part, or null when there is no such part (or no longer). */
  HlsPart part(int index) {
    return parts == null || index >= parts.size() ? null : parts.get(index);
  }

  int partCount() {
    return partCount;
  }

  double duration() {
    return duration;
  }

  long bytes() {
    return bytes;
  }

  /** The whole segment, or null while in progress. */
  Buffer whole() {
    return whole;
  }
}
