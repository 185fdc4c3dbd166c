package io.streamroom.hls;

import io.vertx.core.buffer.Buffer;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The LL-HLS window of one live stream: init segments, whole segments and the segment in progress, each
 * fragment a part. A segment starts at an independent part once the current one lasts {@link #TARGET_SECONDS};
 * a source whose keyframes are further apart makes longer segments. Bounded whatever the source sends: at most
 * {@link #MAX_SEGMENTS} whole segments, {@link #MAX_BYTES} in all. Used on one thread.
 */
final class HlsWindow {
  /**
   * Our sources make a keyframe a second, and a player without LL-HLS lags three targets (HOLD-BACK): 1 s
   * segments keep that near 3 s, and the part list of a segment short (five 200 ms parts).
   */
  static final double TARGET_SECONDS = 1.0;
  /** Eight seconds of 1 s segments: a player that stalls a little still finds its next segment. */
  static final int MAX_SEGMENTS = 8;
  /** Parts are listed for this many recent whole segments: the spec drops them past three target durations from the edge. */
  static final int SEGMENTS_WITH_PARTS = 3;
  /** Memory one stream may hold in each HTTP verticle: eight segments of a 40 Mbit/s source. */
  static final long MAX_BYTES = 48L * 1024 * 1024;
  /**
   * A segment ends at the next part once it has this many parts or bytes, keyframe or not (players still play
   * it, starting a little later): a source that never sends a keyframe cannot grow one segment without end.
   */
  static final int MAX_SEGMENT_PARTS = 50;
  static final long MAX_SEGMENT_BYTES = 8L * 1024 * 1024;
  /** Durations are sums of doubles: a segment this much under a whole second is that second. */
  private static final double SLACK_SECONDS = 0.001;

  /** Where a part is, or will be: its segment's media sequence number and its index there. */
  record Position(long msn, int part) {}

  private final Deque<HlsSegment> segments = new ArrayDeque<>();
  /** The segment in progress, null until its first part. */
  private HlsSegment current;
  private final Map<Integer, Buffer> inits = new HashMap<>();
  private int initNumber = -1;
  /** The init segment of the last segment started, -1 before the first. */
  private int lastSegmentInit = -1;
  private long nextMsn;
  private long discontinuitySequence;
  private int targetDuration = (int) Math.ceil(TARGET_SECONDS);
  private long bytes;
  private Buffer lastInit;
  /** Where the main track's last part ended, in its timescale; -1 before the first part of a period. */
  private long expectedDecodeTime = -1;
  /** The next segment starts a new period though its init is the same: the source's clock went back. */
  private boolean restarted;

  /**
   * A new init segment: the segment in progress ends, and the next one starts a new period (a discontinuity).
   * The same init again changes nothing: producers repeat it, so a window started after their first one gets it.
   */
  void init(Buffer init) {
    if (init.length() > Fmp4Splitter.MAX_FRAGMENT_BYTES) throw new IllegalArgumentException("an init segment of " + init.length() + " bytes");
    if (init.equals(lastInit)) return;
    lastInit = init;
    expectedDecodeTime = -1;
    complete();
    inits.put(++initNumber, HlsBuffers.direct(init));
    bytes += init.length();
    evict();
  }

  /** A fragment captured at {@code capturedAt} (epoch ms) becomes the next part. */
  void add(Fmp4Fragment fragment, long capturedAt) {
    if (initNumber < 0) throw new IllegalArgumentException("a fragment before any init segment");
    if (fragment.bytes().length() > Fmp4Splitter.MAX_FRAGMENT_BYTES) {
      throw new IllegalArgumentException("a fragment of " + fragment.bytes().length() + " bytes");
    }
    HlsPart part = new HlsPart(HlsBuffers.direct(fragment.bytes()), fragment.durationSeconds(), fragment.independent());
    if (wentBack(fragment)) {
      // An encoder restarted with the same settings: the same init, its clock from zero again. Players need a
      // discontinuity, or they wait for the media time they had reached.
      complete();
      restarted = true;
    }
    expectedDecodeTime = fragment.decodeTime() + Math.round(fragment.durationSeconds() * fragment.timescale());
    if (current != null && (full() || part.independent() && longEnough())) complete();
    if (current == null) {
      boolean newPeriod = restarted || lastSegmentInit >= 0 && lastSegmentInit != initNumber;
      current = new HlsSegment(nextMsn++, initNumber, newPeriod && lastSegmentInit >= 0, capturedAt);
      lastSegmentInit = initNumber;
      restarted = false;
    }
    current.add(part);
    bytes += part.bytes().length();
    evict();
  }

  /** Whether the fragment starts before the last one ended (by more than a rounding of its duration). */
  private boolean wentBack(Fmp4Fragment fragment) {
    return expectedDecodeTime >= 0 && fragment.decodeTime() < expectedDecodeTime - fragment.timescale() / 10;
  }

  /** The stream ended: the segment in progress is complete. */
  void end() {
    complete();
  }

  private boolean full() {
    return current.partCount() >= MAX_SEGMENT_PARTS || current.bytes() >= MAX_SEGMENT_BYTES;
  }

  private boolean longEnough() {
    return current.duration() >= TARGET_SECONDS - SLACK_SECONDS;
  }

  private void complete() {
    if (current == null) return;
    current.complete();
    segments.addLast(current);
    targetDuration = Math.max(targetDuration, (int) Math.round(current.duration()));
    current = null;
    if (segments.size() > SEGMENTS_WITH_PARTS) segments.stream().skip(segments.size() - SEGMENTS_WITH_PARTS - 1).findFirst()
        .ifPresent(HlsSegment::dropParts);
  }

  private void evict() {
    while (!segments.isEmpty() && (segments.size() > MAX_SEGMENTS || bytes > MAX_BYTES)) {
      HlsSegment gone = segments.removeFirst();
      bytes -= gone.bytes();
      if (gone.discontinuity) discontinuitySequence++;
    }
    inits.entrySet().removeIf(init -> {
      boolean unused = init.getKey() != initNumber && segments.stream().noneMatch(segment -> segment.init == init.getKey());
      if (unused) bytes -= init.getValue().length();
      return unused;
    });
  }

  /** No part yet: there is nothing to list. */
  boolean isEmpty() {
    return segments.isEmpty() && current == null;
  }

  /**
   * Whether the playlist has what a blocking reload asks for: segment {@code msn} whole when {@code part} is
   * -1, else that part, or (past the last part of a whole segment) the first part of the next segment.
   */
  boolean has(long msn, int part) {
    if (msn < currentMsn()) {
      HlsSegment segment = segment(msn);
      return part < 0 || segment == null || part < segment.partCount() || has(msn + 1, 0);
    }
    return msn == currentMsn() && part >= 0 && current != null && part < current.partCount();
  }

  /** The part that comes next, if the source keeps its rhythm: the preload hint. */
  Position hint() {
    if (current == null) return new Position(nextMsn, 0);
    return full() || longEnough() ? new Position(current.msn + 1, 0) : new Position(current.msn, current.partCount());
  }

  /** Whether the part may be the next one to come (it is not there yet). */
  boolean mayComeNext(long msn, int part) {
    return msn == currentMsn() && part == (current == null ? 0 : current.partCount()) || msn == currentMsn() + 1 && part == 0;
  }

  /** The media sequence number of the segment in progress, or of the next one to start. */
  long currentMsn() {
    return current == null ? nextMsn : current.msn;
  }

  /** A segment of the window, whole or in progress, or null. */
  HlsSegment segment(long msn) {
    if (current != null && current.msn == msn) return current;
    long first = mediaSequence();
    return msn < first || msn - first >= segments.size() ? null : segments.stream().skip(msn - first).findFirst().orElseThrow();
  }

  Buffer init(int number) {
    return inits.get(number);
  }

  HlsPart part(long msn, int part) {
    HlsSegment segment = segment(msn);
    return segment == null ? null : segment.part(part);
  }

  Collection<HlsSegment> segments() {
    return segments;
  }

  /** The segment in progress, or null. */
  HlsSegment current() {
    return current;
  }

  long mediaSequence() {
    return segments.isEmpty() ? currentMsn() : segments.getFirst().msn;
  }

  long discontinuitySequence() {
    return discontinuitySequence;
  }

  /**
   * The longest segment seen, rounded to whole seconds as RFC 8216bis asks of every EXTINF (at least the
   * target, never less within a stream). Rounding up instead would let the first segment, which the audio
   * encoder's priming makes 1.02 s long, double every player's hold-back for the whole stream.
   */
  int targetDuration() {
    return targetDuration;
  }

  /**
   * The longest part the playlist lists: the spec's bound on PART-TARGET. Not the longest ever seen, or one long
   * first part (an encoder's start) would raise every player's PART-HOLD-BACK for the whole stream.
   */
  double longestPart() {
    double longest = current == null ? 0 : longest(current.parts());
    for (HlsSegment segment : segments) longest = Math.max(longest, longest(segment.parts()));
    return longest;
  }

  private static double longest(List<HlsPart> parts) {
    return parts == null ? 0 : parts.stream().mapToDouble(HlsPart::duration).max().orElse(0);
  }

  /** Segments made since the stream started, the one in progress not counted. */
  long segmentsMade() {
    return current == null ? nextMsn : nextMsn - 1;
  }
}
