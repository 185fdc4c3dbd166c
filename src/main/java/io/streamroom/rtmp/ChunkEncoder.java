package io.streamroom.rtmp;

import io.vertx.core.buffer.Buffer;

/**
 * Writes messages as chunks: a type 0 header, then a type 3 header before each further chunk of the message.
 * What the server sends is a few small messages, so no header is compressed against the one before.
 */
final class ChunkEncoder {
  private static final int EXTENDED = 0xFFFFFF;
  private int chunkSize = 128;

  /** The size announced to the peer with Set Chunk Size: it applies to everything written after it. */
  void chunkSize(int size) {
    chunkSize = size;
  }

  Buffer encode(int chunkStreamId, RtmpMessage message) {
    Buffer payload = message.payload();
    boolean extended = message.timestamp() >= EXTENDED;
    int chunks = Math.max(1, (payload.length() + chunkSize - 1) / chunkSize);
    Buffer out = Buffer.buffer(payload.length() + 18 + chunks * 7);
    basicHeader(out, 0, chunkStreamId);
    out.appendMedium(extended ? EXTENDED : (int) message.timestamp()).appendMedium(payload.length())
        .appendByte((byte) message.type()).appendIntLE(message.streamId());
    if (extended) out.appendUnsignedInt(message.timestamp());
    for (int at = 0; at < payload.length(); at += chunkSize) {
      if (at > 0) {
        basicHeader(out, 3, chunkStreamId);
        if (extended) out.appendUnsignedInt(message.timestamp());
      }
      out.appendBuffer(payload, at, Math.min(chunkSize, payload.length() - at));
    }
    return out;
  }

  private static void basicHeader(Buffer out, int fmt, int id) {
    if (id < 64) {
      out.appendByte((byte) (fmt << 6 | id));
    } else if (id < 64 + 256) {
      out.appendByte((byte) (fmt << 6)).appendByte((byte) (id - 64));
    } else {
      out.appendByte((byte) (fmt << 6 | 1)).appendUnsignedShortLE(id - 64);
    }
  }
}
