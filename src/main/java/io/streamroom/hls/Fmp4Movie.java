package io.streamroom.hls;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a stream's moov says about its tracks (ids, timescales, kinds, trex defaults), and the timing of each
 * moof read with it: the main track's decode time, duration and whether it starts with a sync sample. The
 * main track is the first video track, else the first track.
 */
final class Fmp4Movie {
  // tfhd flags
  private static final int BASE_DATA_OFFSET = 0x1;
  private static final int SAMPLE_DESCRIPTION_INDEX = 0x2;
  private static final int DEFAULT_DURATION = 0x8;
  private static final int DEFAULT_SIZE = 0x10;
  private static final int DEFAULT_FLAGS = 0x20;
  // trun flags
  private static final int DATA_OFFSET = 0x1;
  private static final int FIRST_SAMPLE_FLAGS = 0x4;
  private static final int SAMPLE_DURATION = 0x100;
  private static final int SAMPLE_SIZE = 0x200;
  private static final int SAMPLE_FLAGS = 0x400;
  private static final int SAMPLE_COMPOSITION_OFFSET = 0x800;
  /** Each per-sample field present takes 4 bytes. */
  private static final int SAMPLE_FIELDS = SAMPLE_DURATION | SAMPLE_SIZE | SAMPLE_FLAGS | SAMPLE_COMPOSITION_OFFSET;
  /** In sample flags: set on a sample a decoder cannot start from. */
  private static final long NON_SYNC_SAMPLE = 0x10000;

  private record Track(long timescale, boolean video, long defaultDuration, long defaultFlags) {}

  /** A fragment's start in the main track's ticks, its length, and whether a player can start from it. */
  record Timing(long decodeTime, double seconds, boolean independent) {}

  private final Map<Long, Track> tracks;
  private final Track main;
  /** Where the main track's next fragment starts when its moof has no tfdt (or no traf for it). */
  private long nextDecodeTime;

  private Fmp4Movie(Map<Long, Track> tracks) {
    this.tracks = tracks;
    this.main = tracks.values().stream().filter(Track::video).findFirst().orElse(tracks.values().iterator().next());
  }

  static Fmp4Movie parse(byte[] bytes, Mp4Box moov) {
    Map<Long, long[]> trex = new LinkedHashMap<>(); // track id → default duration, default flags
    Mp4Box mvex = moov.child(bytes, "mvex");
    if (mvex != null) {
      for (Mp4Box box : mvex.children(bytes)) {
        if (!box.type().equals("trex")) continue;
        Mp4Box.Fields fields = box.fields(bytes);
        fields.skip(4); // version and flags
        long id = fields.u32();
        fields.skip(4); // sample description index
        long duration = fields.u32();
        fields.skip(4); // size
        trex.put(id, new long[] {duration, fields.u32()});
      }
    }
    Map<Long, Track> tracks = new LinkedHashMap<>();
    for (Mp4Box trak : moov.children(bytes)) {
      if (!trak.type().equals("trak")) continue;
      Mp4Box.Fields tkhd = required(bytes, trak, "tkhd").fields(bytes);
      boolean v1 = tkhd.u32() >>> 24 == 1;
      tkhd.skip(v1 ? 16 : 8); // creation and modification times
      long id = tkhd.u32();
      Mp4Box mdia = required(bytes, trak, "mdia");
      Mp4Box.Fields mdhd = required(bytes, mdia, "mdhd").fields(bytes);
      mdhd.skip(mdhd.u32() >>> 24 == 1 ? 16 : 8);
      long timescale = mdhd.u32();
      if (timescale == 0) throw new MalformedMp4Exception("track " + id + " has a timescale of 0");
      Mp4Box.Fields hdlr = required(bytes, mdia, "hdlr").fields(bytes);
      hdlr.skip(8); // version, flags and pre_defined
      boolean video = hdlr.u32() == 0x76696465L; // "vide"
      long[] defaults = trex.getOrDefault(id, new long[] {0, 0});
      tracks.put(id, new Track(timescale, video, defaults[0], defaults[1]));
    }
    if (tracks.isEmpty()) throw new MalformedMp4Exception("a 'moov' without tracks");
    return new Fmp4Movie(tracks);
  }

  long timescale() {
    return main.timescale;
  }

  /**
   * The main track's timing in this moof. A moof without the main track (some sound past the end of the
   * picture) follows the previous one and lasts as long as its longest track.
   */
  Timing timing(byte[] bytes, Mp4Box moof) {
    try {
      return timingOf(bytes, moof);
    } catch (ArithmeticException overflow) {
      throw new MalformedMp4Exception("a 'moof' whose times pass 2^63 ticks");
    }
  }

  private Timing timingOf(byte[] bytes, Mp4Box moof) {
    Long decodeTime = null;
    long ticks = 0;
    boolean sync = false;
    boolean found = false;
    double longest = 0;
    for (Mp4Box box : moof.children(bytes)) {
      if (!box.type().equals("traf")) continue;
      Traf traf = traf(bytes, box);
      longest = Math.max(longest, (double) traf.ticks / traf.track.timescale);
      if (traf.track != main) continue;
      if (!found) {
        decodeTime = traf.decodeTime;
        sync = traf.sync;
        found = true;
      }
      ticks = Math.addExact(ticks, traf.ticks);
    }
    if (!found) ticks = Math.round(longest * main.timescale);
    long start = decodeTime == null ? nextDecodeTime : decodeTime;
    nextDecodeTime = Math.addExact(start, ticks);
    return new Timing(start, (double) ticks / main.timescale, !main.video || sync);
  }

  /** One track's run in a moof: tfhd, optional tfdt (else null), and the truns. */
  private Traf traf(byte[] bytes, Mp4Box traf) {
    Mp4Box.Fields tfhd = required(bytes, traf, "tfhd").fields(bytes);
    long flags = tfhd.u32() & 0xFFFFFF;
    long id = tfhd.u32();
    Track track = tracks.get(id);
    if (track == null) throw new MalformedMp4Exception("a 'traf' for track " + id + ", which the 'moov' does not have");
    if ((flags & BASE_DATA_OFFSET) != 0) tfhd.skip(8);
    if ((flags & SAMPLE_DESCRIPTION_INDEX) != 0) tfhd.skip(4);
    long duration = (flags & DEFAULT_DURATION) != 0 ? tfhd.u32() : track.defaultDuration;
    if ((flags & DEFAULT_SIZE) != 0) tfhd.skip(4);
    long sampleFlags = (flags & DEFAULT_FLAGS) != 0 ? tfhd.u32() : track.defaultFlags;

    Long decodeTime = null;
    Long firstFlags = null;
    long ticks = 0;
    for (Mp4Box box : traf.children(bytes)) {
      if (box.type().equals("tfdt")) {
        Mp4Box.Fields tfdt = box.fields(bytes);
        decodeTime = tfdt.u32() >>> 24 == 1 ? tfdt.u64() : tfdt.u32();
      }
      if (!box.type().equals("trun")) continue;
      Mp4Box.Fields trun = box.fields(bytes);
      long runFlags = trun.u32() & 0xFFFFFF;
      long count = trun.u32();
      if ((runFlags & DATA_OFFSET) != 0) trun.skip(4);
      Long first = (runFlags & FIRST_SAMPLE_FLAGS) != 0 ? trun.u32() : null;
      if (count * 4 * Long.bitCount(runFlags & SAMPLE_FIELDS) > trun.remaining()) {
        throw new MalformedMp4Exception("a 'trun' box too short for its " + count + " samples");
      }
      boolean durations = (runFlags & SAMPLE_DURATION) != 0;
      if (!durations) {
        if (duration == 0 && count > 0) throw new MalformedMp4Exception("track " + id + "'s samples have no duration");
        ticks = Math.addExact(ticks, Math.multiplyExact(count, duration));
      }
      for (long i = 0; i < count && (durations || firstFlags == null); i++) {
        if (durations) ticks = Math.addExact(ticks, trun.u32());
        if ((runFlags & SAMPLE_SIZE) != 0) trun.skip(4);
        long flagsOfSample = (runFlags & SAMPLE_FLAGS) != 0 ? trun.u32() : sampleFlags;
        if ((runFlags & SAMPLE_COMPOSITION_OFFSET) != 0) trun.skip(4);
        if (firstFlags == null) firstFlags = first != null ? first : flagsOfSample;
      }
    }
    return new Traf(track, decodeTime, ticks, firstFlags != null && (firstFlags & NON_SYNC_SAMPLE) == 0);
  }

  private record Traf(Track track, Long decodeTime, long ticks, boolean sync) {}

  private static Mp4Box required(byte[] bytes, Mp4Box parent, String type) {
    Mp4Box child = parent.child(bytes, type);
    if (child == null) throw new MalformedMp4Exception("a '" + parent.type() + "' without a '" + type + "'");
    return child;
  }
}
