package io.streamroom.live;

import io.vertx.core.buffer.Buffer;

/**
 * Splits a live WebM stream, as a browser's MediaRecorder writes it, into what a relay sends: the header
 * (EBML header, Segment, Info, Tracks: everything before the first Cluster), each cluster's timecode and each
 * block whole. Chunks may end anywhere, even inside a VINT. It holds at most one element it has to keep
 * (a block, or the header), under a cap; everything else (Cues, Tags, Void) is skipped as it streams past,
 * without being kept. Bytes that are not such a stream throw a {@link MalformedWebmException}, after
 * which the splitter must not be fed again. Used on one thread.
 */
final class WebmSplitter {
  /** A VP8 keyframe of a 1080p webcam is a few hundred KiB: a block past this is not a webcam stream. */
  static final int MAX_ELEMENT_BYTES = 4 * 1024 * 1024;
  /** The header is a few hundred bytes (codec setup included): past this it is not a recorder's header. */
  static final int MAX_INIT_BYTES = 256 * 1024;
  /** The longest element header: a 4-byte ID and an 8-byte size. */
  private static final int MAX_HEADER_BYTES = 12;

  interface Listener {
    /** Once, at the first Cluster: the header with the Segment's size unknown, and the video track (or -1). */
    void init(Buffer segment, long videoTrack);

    /** A cluster starts: the blocks that follow are relative to this timecode. */
    void cluster(long timecode);

    /** A SimpleBlock or BlockGroup, header included; a keyframe of the video track starts a picture afresh. */
    void block(Buffer element, boolean videoKeyframe);
  }

  /** Where in the stream the next element header is. */
  private enum Place { BEFORE_EBML_HEADER, BEFORE_SEGMENT, HEADER, SEGMENT, CLUSTER }

  private final Listener listener;
  private Place place = Place.BEFORE_EBML_HEADER;
  /** Bytes taken so far: cluster ends are positions in the stream. */
  private long position;
  private final byte[] header = new byte[MAX_HEADER_BYTES];
  private int headerLength;
  private int idLength;
  private long id;
  private long size;
  /** The body being kept, or null; bodyLength bytes of it are filled. */
  private byte[] body;
  private int bodyLength;
  /** Bytes of an element being skipped still to come. */
  private long skipping;
  private Buffer init = Buffer.buffer();
  private long videoTrack = -1;
  /** Where the current cluster ends, or {@link Ebml#UNKNOWN_SIZE} until a level-1 element comes. */
  private long clusterEnd;
  private boolean clusterTimecodeSeen;

  WebmSplitter(Listener listener) {
    this.listener = listener;
  }

  void feed(Buffer chunk) {
    int at = 0;
    int length = chunk.length();
    while (at < length) {
      if (skipping > 0) {
        int step = (int) Math.min(skipping, length - at);
        at += step;
        position += step;
        skipping -= step;
        if (skipping == 0) elementEnded();
      } else if (body != null) {
        int step = Math.min(body.length - bodyLength, length - at);
        chunk.getBytes(at, at + step, body, bodyLength);
        at += step;
        position += step;
        bodyLength += step;
        if (bodyLength == body.length) bodyRead();
      } else {
        header[headerLength++] = chunk.getByte(at++);
        position++;
        if (headerComplete()) headerRead();
      }
    }
  }

  private boolean headerComplete() {
    if (headerLength == 1) {
      idLength = Ebml.idLength(header[0] & 0xFF);
      if (idLength == 0) throw new MalformedWebmException(String.format("no element ID starts with 0x%02X", header[0]));
    }
    if (headerLength <= idLength) return false;
    int sizeLength = Ebml.sizeLength(header[idLength] & 0xFF);
    if (sizeLength == 0) throw new MalformedWebmException("an element size starts with a zero byte");
    if (headerLength < idLength + sizeLength) return false;
    id = Ebml.id(header, 0, idLength);
    size = Ebml.size(header, idLength, sizeLength);
    return true;
  }

  private void headerRead() {
    switch (place) {
      case BEFORE_EBML_HEADER -> {
        if (id != Ebml.EBML) throw new MalformedWebmException("data before the EBML header");
        keep(MAX_INIT_BYTES, "EBML header");
      }
      case BEFORE_SEGMENT -> {
        if (id != Ebml.SEGMENT) throw new MalformedWebmException(String.format("element 0x%X instead of a Segment", id));
        // A viewer's stream has no end it could know: whatever size the recorder wrote, it is unknown.
        init.appendBytes(header, 0, idLength).appendBytes(Ebml.UNKNOWN_SIZE_BYTES);
        headerLength = 0;
        place = Place.HEADER;
      }
      case HEADER -> {
        if (id == Ebml.CLUSTER) {
          listener.init(init, videoTrack);
          init = null;
          clusterStarts();
        } else {
          if (size != Ebml.UNKNOWN_SIZE && init.length() + headerLength + size > MAX_INIT_BYTES) {
            throw new MalformedWebmException("a header over " + MAX_INIT_BYTES + " bytes");
          }
          keep(MAX_INIT_BYTES, "header element");
        }
      }
      case SEGMENT -> segmentChild();
      case CLUSTER -> clusterChild();
    }
  }

  private void segmentChild() {
    if (id == Ebml.CLUSTER) {
      clusterStarts();
    } else if (id == Ebml.EBML) {
      throw new MalformedWebmException("a second EBML header: one recording per socket");
    } else {
      skip(); // Cues, Tags, Void...
    }
  }

  private void clusterChild() {
    if (clusterEnd == Ebml.UNKNOWN_SIZE && (Ebml.isLevel1(id) || id == Ebml.EBML)) {
      place = Place.SEGMENT; // the cluster of unknown size ends where its parent's next child begins
      segmentChild();
      return;
    }
    if (clusterEnd != Ebml.UNKNOWN_SIZE && (size == Ebml.UNKNOWN_SIZE || position + size > clusterEnd)) {
      throw new MalformedWebmException("an element overruns its cluster");
    }
    if (id == Ebml.TIMECODE) {
      keep(8, "cluster timecode");
    } else if (id == Ebml.SIMPLE_BLOCK || id == Ebml.BLOCK_GROUP) {
      if (!clusterTimecodeSeen) throw new MalformedWebmException("a block before its cluster's timecode");
      keep(MAX_ELEMENT_BYTES, "block");
    } else {
      skip(); // Void, Position, PrevSize...
    }
  }

  private void clusterStarts() {
    headerLength = 0;
    place = Place.CLUSTER;
    clusterEnd = size == Ebml.UNKNOWN_SIZE ? Ebml.UNKNOWN_SIZE : position + size;
    clusterTimecodeSeen = false;
    elementEnded();
  }

  /** Reads the element's body whole; {@code limit} bytes at most. */
  private void keep(long limit, String what) {
    if (size == Ebml.UNKNOWN_SIZE) throw new MalformedWebmException("a " + what + " of unknown size");
    if (size > limit) throw new MalformedWebmException("a " + what + " of " + size + " bytes (at most " + limit + ")");
    body = new byte[(int) size];
    bodyLength = 0;
    if (size == 0) bodyRead();
  }

  private void skip() {
    if (size == Ebml.UNKNOWN_SIZE) throw new MalformedWebmException(String.format("element 0x%X of unknown size", id));
    headerLength = 0;
    skipping = size;
    if (size == 0) elementEnded();
  }

  private void bodyRead() {
    byte[] whole = body;
    body = null;
    switch (place) {
      case BEFORE_EBML_HEADER, HEADER -> {
        init.appendBytes(header, 0, headerLength).appendBytes(whole);
        if (id == Ebml.TRACKS) findVideoTrack(whole);
        if (place == Place.BEFORE_EBML_HEADER) place = Place.BEFORE_SEGMENT;
      }
      case CLUSTER -> {
        if (id == Ebml.TIMECODE) {
          clusterTimecodeSeen = true;
          listener.cluster(Ebml.uint(whole, 0, whole.length));
        } else {
          Buffer element = Buffer.buffer(headerLength + whole.length).appendBytes(header, 0, headerLength).appendBytes(whole);
          listener.block(element, videoKeyframe(whole));
        }
      }
      default -> throw new IllegalStateException("kept a body in " + place);
    }
    headerLength = 0;
    elementEnded();
  }

  private void elementEnded() {
    if (place == Place.CLUSTER && clusterEnd != Ebml.UNKNOWN_SIZE && position >= clusterEnd) place = Place.SEGMENT;
  }

  /** Tracks → TrackEntry → TrackNumber and TrackType: the first video track is the one viewers start on. */
  private void findVideoTrack(byte[] tracks) {
    Ebml.children(tracks, 0, tracks.length, (entryId, entryAt, entrySize) -> {
      if (entryId != Ebml.TRACK_ENTRY) return;
      long[] numberAndType = {-1, -1};
      Ebml.children(tracks, entryAt, entryAt + entrySize, (fieldId, fieldAt, fieldSize) -> {
        if (fieldId == Ebml.TRACK_NUMBER) numberAndType[0] = Ebml.uint(tracks, fieldAt, fieldSize);
        if (fieldId == Ebml.TRACK_TYPE) numberAndType[1] = Ebml.uint(tracks, fieldAt, fieldSize);
      });
      if (videoTrack < 0 && numberAndType[1] == Ebml.TRACK_TYPE_VIDEO) videoTrack = numberAndType[0];
    });
  }

  /** A SimpleBlock says so in its flags; a BlockGroup is a keyframe when it references no other block. */
  private boolean videoKeyframe(byte[] element) {
    if (id == Ebml.SIMPLE_BLOCK) return isVideo(element, 0, element.length) && (element[flagsAt(element, 0)] & 0x80) != 0;
    boolean[] videoAndReferences = {false, false};
    Ebml.children(element, 0, element.length, (childId, childAt, childSize) -> {
      if (childId == Ebml.BLOCK) videoAndReferences[0] = isVideo(element, childAt, childAt + childSize);
      if (childId == Ebml.REFERENCE_BLOCK) videoAndReferences[1] = true;
    });
    return videoAndReferences[0] && !videoAndReferences[1];
  }

  /** A block's body starts with its track number (a VINT), a 2-byte relative timecode and a flags byte. */
  private boolean isVideo(byte[] block, int from, int to) {
    int trackLength = from < to ? Ebml.sizeLength(block[from] & 0xFF) : 0;
    if (trackLength == 0 || flagsAt(block, from) >= to) throw new MalformedWebmException("a block too short for its header");
    return videoTrack >= 0 && Ebml.size(block, from, trackLength) == videoTrack;
  }

  private static int flagsAt(byte[] block, int from) {
    return from + Ebml.sizeLength(block[from] & 0xFF) + 2;
  }
}
