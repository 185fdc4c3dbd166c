package io.streamroom.hls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One box (ISO/IEC 14496-12) inside a byte array: its type, where its body starts and where it ends. */
record Mp4Box(String type, int start, int body, int end) {
  /** A 32-bit size and a type. */
  static final int HEADER_BYTES = 8;
  /** Size 1 says a 64-bit size follows the type. */
  private static final int LARGE_HEADER_BYTES = 16;

  /** The length of the header at {@code at}, from its first {@link #HEADER_BYTES} bytes. */
  static int headerLength(byte[] bytes, int at) {
    return u32(bytes, at) == 1 ? LARGE_HEADER_BYTES : HEADER_BYTES;
  }

  /** The size of the box whose whole header is at {@code at}, checked: a type of printable characters, no size 0. */
  static long size(byte[] bytes, int at) {
    String type = type(bytes, at);
    long size = u32(bytes, at);
    if (size == 1) size = u64(bytes, at + HEADER_BYTES);
    if (size == 0) throw new MalformedMp4Exception("a '" + type + "' box that runs to the end of the stream: a live stream has no end");
    if (size < 0) throw new MalformedMp4Exception("a '" + type + "' box of more than 2^63 bytes");
    if (size < headerLength(bytes, at)) throw new MalformedMp4Exception("a '" + type + "' box of " + size + " bytes, shorter than its header");
    return size;
  }

  /** The four characters of the type at {@code at}; bytes that are not a box header are refused. */
  static String type(byte[] bytes, int at) {
    for (int i = at + 4; i < at + HEADER_BYTES; i++) {
      if (bytes[i] < 0x20 || bytes[i] > 0x7E) {
        throw new MalformedMp4Exception(String.format("not an MP4 box: %02X %02X %02X %02X where a type should be",
            bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]));
      }
    }
    return new String(bytes, at + 4, 4, StandardCharsets.ISO_8859_1);
  }

  /** The boxes directly inside {@code bytes[from, to)}, which they must fill exactly. */
  static List<Mp4Box> children(byte[] bytes, int from, int to) {
    List<Mp4Box> boxes = new ArrayList<>();
    int at = from;
    while (at < to) {
      if (to - at < HEADER_BYTES || to - at < headerLength(bytes, at)) throw new MalformedMp4Exception("a box header cut short");
      long size = size(bytes, at);
      if (size > to - at) throw new MalformedMp4Exception("a '" + type(bytes, at) + "' box of " + size + " bytes overruns its parent");
      boxes.add(new Mp4Box(type(bytes, at), at, at + headerLength(bytes, at), at + (int) size));
      at += (int) size;
    }
    return boxes;
  }

  List<Mp4Box> children(byte[] bytes) {
    return children(bytes, body, end);
  }

  /** The first child of this type, or null. */
  Mp4Box child(byte[] bytes, String childType) {
    return children(bytes).stream().filter(box -> box.type.equals(childType)).findFirst().orElse(null);
  }

  /** A cursor over the body's fields. */
  Fields fields(byte[] bytes) {
    return new Fields(bytes);
  }

  static long u32(byte[] bytes, int at) {
    return ((bytes[at] & 0xFFL) << 24) | ((bytes[at + 1] & 0xFFL) << 16) | ((bytes[at + 2] & 0xFFL) << 8) | (bytes[at + 3] & 0xFFL);
  }

  static long u64(byte[] bytes, int at) {
    return (u32(bytes, at) << 32) | u32(bytes, at + 4);
  }

  /** Big-endian fields read in order, never past the box's end. */
  final class Fields {
    private final byte[] bytes;
    private int at = body;

    private Fields(byte[] bytes) {
      this.bytes = bytes;
    }

    long u32() {
      need(4);
      at += 4;
      return Mp4Box.u32(bytes, at - 4);
    }

    long u64() {
      need(8);
      at += 8;
      return Mp4Box.u64(bytes, at - 8);
    }

    void skip(int length) {
      need(length);
      at += length;
    }

    int remaining() {
      return end - at;
    }

    private void need(int length) {
      if (end - at < length) throw new MalformedMp4Exception("a '" + type + "' box too short for its fields");
    }
  }
}
