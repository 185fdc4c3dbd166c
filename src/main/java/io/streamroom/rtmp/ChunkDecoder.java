package io.streamroom.rtmp;

import io.vertx.core.buffer.Buffer;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns the bytes that follow the handshake into whole messages. Chunks of many chunk streams may interleave;
 * each chunk stream remembers its last header, so type 1–3 headers omit what did not change, and a timestamp
 * of 0xFFFFFF means a 4-byte extended timestamp follows (in that stream's type 3 chunks too, as librtmp and
 * FFmpeg write them). Set Chunk Size and Abort are handled here; every other message goes to the listener,
 * in the order it completes. Bytes may be cut anywhere. A broken stream throws an {@link RtmpException},
 * after which the decoder must not be fed again. Used on one thread.
 */
final class ChunkDecoder {
  /** A high-bitrate keyframe is about 1 MB: 8 MiB leaves room for any real one and bounds what one message costs us. */
  static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
  /**
   * A message's length is 24 bits and no chunk is longer than its message, so all chunk sizes from 16 MiB up
   * read alike (as the RTMP specification says): larger ones are taken as this one.
   */
  static final int MAX_CHUNK_SIZE = 0xFFFFFF;
  /** Messages begun on all chunk streams together: one at the cap and room for others interleaved with it. */
  static final int MAX_UNFINISHED_BYTES = 2 * MAX_MESSAGE_BYTES;
  /** Until the peer sets another, as the specification fixes it. */
  private static final int DEFAULT_CHUNK_SIZE = 128;
  /** A 3-byte basic header, an 11-byte type 0 header, a 4-byte extended timestamp. */
  private static final int MAX_HEADER_BYTES = 18;
  /** The message header's length for each chunk type (fmt 0–3). */
  private static final int[] MESSAGE_HEADER_BYTES = {11, 7, 3, 0};
  private static final int EXTENDED = 0xFFFFFF;

  /** What a chunk stream's last header said, and the message it is gathering. */
  private static final class ChunkStream {
    long timestamp;
    long delta;
    int length;
    int type;
    int streamId;
    /** Its last header had an extended timestamp: its type 3 chunks carry one too. */
    boolean extended;
    /** The message being gathered, or null between messages. */
    Buffer payload;
  }

  private final Consumer<RtmpMessage> listener;
  private final Map<Integer, ChunkStream> streams = new HashMap<>();
  private final byte[] header = new byte[MAX_HEADER_BYTES];
  private int headerLength;
  /** The chunk stream whose chunk data is being read, or null when a chunk header comes next. */
  private ChunkStream reading;
  private int chunkLeft;
  private int chunkSize = DEFAULT_CHUNK_SIZE;
  private long unfinishedBytes;

  ChunkDecoder(Consumer<RtmpMessage> listener) {
    this.listener = listener;
  }

  void feed(Buffer bytes) {
    int at = 0;
    int end = bytes.length();
    while (at < end) {
      if (reading != null) {
        int step = Math.min(chunkLeft, end - at);
        reading.payload.appendBuffer(bytes, at, step);
        at += step;
        chunkLeft -= step;
        if (chunkLeft == 0) chunkRead();
      } else {
        header[headerLength++] = bytes.getByte(at++);
        if (headerLength == headerBytes()) headerRead();
      }
    }
  }

  /** How long the chunk header begun in {@code header} is, as far as its first {@code headerLength} bytes tell. */
  private int headerBytes() {
    int basic = basicHeaderBytes();
    if (headerLength < basic) return basic;
    int fmt = (header[0] & 0xFF) >> 6;
    int length = basic + MESSAGE_HEADER_BYTES[fmt];
    if (headerLength < length) return length;
    ChunkStream stream = streams.get(chunkStreamId());
    boolean extended = fmt == 3 ? stream != null && stream.extended : u24(basic) == EXTENDED;
    return extended ? length + 4 : length;
  }

  private int basicHeaderBytes() {
    return switch (header[0] & 0x3F) {
      case 0 -> 2;
      case 1 -> 3;
      default -> 1;
    };
  }

  private int chunkStreamId() {
    return switch (header[0] & 0x3F) {
      case 0 -> 64 + (header[1] & 0xFF);
      case 1 -> 64 + (header[1] & 0xFF) + ((header[2] & 0xFF) << 8);
      default -> header[0] & 0x3F;
    };
  }

  private void headerRead() {
    int fmt = (header[0] & 0xFF) >> 6;
    int id = chunkStreamId();
    int at = basicHeaderBytes();
    ChunkStream stream = streams.get(id);
    if (stream == null) {
      if (fmt != 0) throw new RtmpException("chunk stream " + id + " starts without a type 0 header");
      streams.put(id, stream = new ChunkStream());
    }
    boolean starts = stream.payload == null;
    if (fmt == 3) {
      if (starts) stream.timestamp = (stream.timestamp + (stream.extended ? u32(at) : stream.delta)) & 0xFFFFFFFFL;
    } else {
      if (!starts) throw new RtmpException("a new message on chunk stream " + id + " before the last one ended");
      stream.extended = u24(at) == EXTENDED;
      long field = stream.extended ? u32(at + MESSAGE_HEADER_BYTES[fmt]) : u24(at);
      if (fmt <= 1) {
        stream.length = u24(at + 3);
        stream.type = header[at + 6] & 0xFF;
      }
      if (fmt == 0) {
        stream.streamId = (header[at + 7] & 0xFF) | (header[at + 8] & 0xFF) << 8 | (header[at + 9] & 0xFF) << 16
            | (header[at + 10] & 0xFF) << 24;
        stream.timestamp = field;
      } else {
        stream.timestamp = (stream.timestamp + field) & 0xFFFFFFFFL;
      }
      stream.delta = field; // after type 0, a type 3 chunk's delta is that timestamp, as the specification says
    }
    headerLength = 0;
    if (starts) begin(stream, id);
    reading = stream;
    chunkLeft = Math.min(chunkSize, stream.length - stream.payload.length());
    if (chunkLeft == 0) chunkRead();
  }

  private void begin(ChunkStream stream, int id) {
    if (stream.length > MAX_MESSAGE_BYTES) {
      throw new RtmpException("a message of " + stream.length + " bytes on chunk stream " + id + ", over the cap of " + MAX_MESSAGE_BYTES);
    }
    if (unfinishedBytes + stream.length > MAX_UNFINISHED_BYTES) {
      throw new RtmpException("over " + MAX_UNFINISHED_BYTES + " bytes of messages begun and not finished");
    }
    unfinishedBytes += stream.length;
    stream.payload = Buffer.buffer(stream.length);
  }

  private void chunkRead() {
    ChunkStream stream = reading;
    reading = null;
    if (stream.payload.length() < stream.length) return; // more chunks to come
    Buffer payload = stream.payload;
    stream.payload = null;
    unfinishedBytes -= stream.length;
    switch (stream.type) {
      case RtmpMessage.SET_CHUNK_SIZE -> setChunkSize(payload);
      case RtmpMessage.ABORT -> abort(payload);
      default -> listener.accept(new RtmpMessage(stream.type, stream.streamId, stream.timestamp, payload));
    }
  }

  private void setChunkSize(Buffer payload) {
    int size = int32(payload, "Set Chunk Size");
    if (size <= 0) throw new RtmpException("a chunk size of " + size);
    chunkSize = Math.min(size, MAX_CHUNK_SIZE);
  }

  /** The peer gave up a message half sent: what came of it is dropped. */
  private void abort(Buffer payload) {
    ChunkStream stream = streams.get(int32(payload, "Abort"));
    if (stream == null || stream.payload == null) return;
    unfinishedBytes -= stream.length;
    stream.payload = null;
  }

  /** A protocol control message's 4-byte value. */
  static int int32(Buffer payload, String message) {
    if (payload.length() < 4) throw new RtmpException(message + " of " + payload.length() + " bytes");
    return payload.getInt(0);
  }

  private int u24(int at) {
    return (header[at] & 0xFF) << 16 | (header[at + 1] & 0xFF) << 8 | header[at + 2] & 0xFF;
  }

  private long u32(int at) {
    return ((long) u24(at) << 8 | header[at + 3] & 0xFF) & 0xFFFFFFFFL;
  }
}
