package io.streamroom.live;

import io.vertx.core.buffer.Buffer;

/**
 * The few pieces of EBML, the binary format under WebM, that the relay needs. An element is an ID, a size
 * and a body; IDs and sizes are variable-length integers (VINTs) whose first byte tells their length. IDs
 * are compared with their length marker kept (0x1F43B675 for a Cluster), as the specification writes them.
 */
final class Ebml {
  static final long EBML = 0x1A45DFA3L;
  static final long SEGMENT = 0x18538067L;
  static final long CLUSTER = 0x1F43B675L;
  static final long TRACKS = 0x1654AE6BL;
  static final long TRACK_ENTRY = 0xAE;
  static final long TRACK_NUMBER = 0xD7;
  static final long TRACK_TYPE = 0x83;
  static final long TRACK_TYPE_VIDEO = 1;
  static final long TIMECODE = 0xE7;
  static final long SIMPLE_BLOCK = 0xA3;
  static final long BLOCK_GROUP = 0xA0;
  static final long BLOCK = 0xA1;
  static final long REFERENCE_BLOCK = 0xFB;
  /** Children of a Segment: inside a cluster of unknown size, one of these ends the cluster. */
  private static final long[] LEVEL_1 = {CLUSTER, 0x1C53BB6BL, 0x1254C367L, 0x1549A966L, TRACKS, 0x114D9B74L,
      0x1043A770L, 0x1941A469L};
  /** A size whose value bits are all 1: the element runs until something that cannot be inside it. */
  static final long UNKNOWN_SIZE = -1;
  /** The 8-byte spelling of an unknown size, as a live writer that cannot seek back puts it. */
  static final byte[] UNKNOWN_SIZE_BYTES = {0x01, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
      (byte) 0xFF, (byte) 0xFF};

  private Ebml() {}

  /** Length of an ID from its first byte: 1 to 4, or 0 when no ID starts so. */
  static int idLength(int first) {
    return first >= 0x10 ? Integer.numberOfLeadingZeros(first) - 23 : 0;
  }

  /** Length of a size from its first byte: 1 to 8, or 0 for a zero byte. */
  static int sizeLength(int first) {
    return first == 0 ? 0 : Integer.numberOfLeadingZeros(first) - 23;
  }

  /** An ID with its marker bits, read from {@code length} bytes. */
  static long id(byte[] bytes, int offset, int length) {
    return uint(bytes, offset, length);
  }

  /** A size without its marker bit, or {@link #UNKNOWN_SIZE}. */
  static long size(byte[] bytes, int offset, int length) {
    long valueBits = (1L << (7 * length)) - 1;
    long value = uint(bytes, offset, length) & valueBits;
    return value == valueBits ? UNKNOWN_SIZE : value;
  }

  /** A big-endian unsigned integer of up to 8 bytes (an element's body, or a VINT with its marker). */
  static long uint(byte[] bytes, int offset, int length) {
    if (length > 8) throw new MalformedWebmException("an integer of " + length + " bytes");
    long value = 0;
    for (int i = 0; i < length; i++) value = value << 8 | bytes[offset + i] & 0xFF;
    return value;
  }

  static boolean isLevel1(long id) {
    for (long level1 : LEVEL_1) {
      if (id == level1) return true;
    }
    return false;
  }

  /** The children of an element held whole, in order: {@code child(id, offset of its body, size of its body)}. */
  static void children(byte[] bytes, int from, int to, Child child) {
    int at = from;
    while (at < to) {
      int idLength = idLength(bytes[at] & 0xFF);
      int sizeAt = at + idLength;
      if (idLength == 0 || sizeAt >= to) throw new MalformedWebmException("a broken element inside another");
      int sizeLength = sizeLength(bytes[sizeAt] & 0xFF);
      int bodyAt = sizeAt + sizeLength;
      long size = sizeLength == 0 || bodyAt > to ? UNKNOWN_SIZE : size(bytes, sizeAt, sizeLength);
      if (size == UNKNOWN_SIZE || size > to - bodyAt) throw new MalformedWebmException("an element overruns its parent");
      child.found(id(bytes, at, idLength), bodyAt, (int) size);
      at = bodyAt + (int) size;
    }
  }

  interface Child {
    void found(long id, int offset, int size);
  }

  /** A Cluster of unknown size and its Timecode: where a viewer (re)starts, or a new cluster begins. */
  static Buffer clusterHeader(long timecode) {
    int length = Math.max(1, 8 - Long.numberOfLeadingZeros(timecode) / 8);
    Buffer header = Buffer.buffer(4 + UNKNOWN_SIZE_BYTES.length + 2 + length).appendInt((int) CLUSTER)
        .appendBytes(UNKNOWN_SIZE_BYTES).appendUnsignedByte((short) TIMECODE).appendUnsignedByte((short) (0x80 | length));
    for (int i = length - 1; i >= 0; i--) header.appendUnsignedByte((short) (timecode >>> (8 * i) & 0xFF));
    return header;
  }
}
