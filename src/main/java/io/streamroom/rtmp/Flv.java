package io.streamroom.rtmp;

import io.vertx.core.buffer.Buffer;

/**
 * The FLV file format, enough to hand RTMP tags to FFmpeg's flv demuxer: a header, then tags each followed by
 * its PreviousTagSize. An {@link RtmpSink}'s tags are FLV tag bodies as they are.
 */
public final class Flv {
  public static final int AUDIO = 8;
  public static final int VIDEO = 9;
  public static final int SCRIPT_DATA = 18;
  /** Type, data size, timestamp (24 bits, then the upper 8), stream id. */
  private static final int TAG_HEADER_BYTES = 11;
  private static final int HEADER_BYTES = 9;
  private static final int MAX_TAG_BYTES = 0xFFFFFF;

  private Flv() {
  }

  /** The "FLV" version 1 header saying which of audio and video follow, and PreviousTagSize0. */
  public static Buffer header(boolean audio, boolean video) {
    int flags = (audio ? 4 : 0) | (video ? 1 : 0);
    return Buffer.buffer(HEADER_BYTES + 4).appendString("FLV").appendByte((byte) 1).appendByte((byte) flags)
        .appendInt(HEADER_BYTES).appendInt(0);
  }

  /** One tag: its header, the payload (an FLV tag body), then its PreviousTagSize. */
  public static Buffer tag(int type, long timestampMillis, Buffer payload) {
    int size = payload.length();
    if (size > MAX_TAG_BYTES) throw new IllegalArgumentException("an FLV tag holds at most " + MAX_TAG_BYTES + " bytes: " + size);
    return Buffer.buffer(TAG_HEADER_BYTES + size + 4).appendByte((byte) type).appendMedium(size)
        .appendMedium((int) (timestampMillis & 0xFFFFFF)).appendByte((byte) (timestampMillis >>> 24)).appendMedium(0)
        .appendBuffer(payload).appendInt(TAG_HEADER_BYTES + size);
  }
}
