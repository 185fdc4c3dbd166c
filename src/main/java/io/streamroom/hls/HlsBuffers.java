package io.streamroom.hls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * What every viewer is written, held in direct memory. Netty writes a direct buffer to each socket as it is,
 * where it would copy a heap buffer into direct memory once per socket: 1,000 viewers of a part would cost
 * 1,000 copies of it.
 */
public final class HlsBuffers {
  private HlsBuffers() {}

  /** The bytes copied once into direct memory. */
  public static Buffer direct(Buffer bytes) {
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length()).put(((BufferInternal) bytes).getByteBuf().nioBuffer()).flip();
    return BufferInternal.buffer(Unpooled.wrappedBuffer(direct));
  }

  /** Direct buffers one after the other, without copying them: a segment is its parts. */
  static Buffer concat(List<Buffer> parts) {
    ByteBuf[] bufs = parts.stream().map(part -> ((BufferInternal) part).getByteBuf()).toArray(ByteBuf[]::new);
    return BufferInternal.buffer(Unpooled.wrappedBuffer(bufs.length, bufs)); // as many components as parts: none merged
  }
}
