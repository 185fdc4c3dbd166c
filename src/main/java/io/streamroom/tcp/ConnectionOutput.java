package io.streamroom.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;

/**
 * What one chat connection has to send: its lines gathered in one pooled direct buffer of its loop, and
 * written straight to the Netty channel when the loop's {@link OutputBatch} flushes. Vert.x's write queue
 * (a promise and a listener per write) and its heap-to-direct copy would only add work per socket. Used on
 * the connection's event loop only.
 */
final class ConnectionOutput {
  /** A few lines: what a flush usually carries in a busy channel, so the buffer seldom grows. */
  private static final int FIRST_BYTES = 1024;

  private final Channel channel;
  private final OutputBatch batch;
  /** Gathered since the last flush; null when nothing waits. */
  private ByteBuf gathered;
  private boolean discarded;

  ConnectionOutput(Channel channel, OutputBatch batch) {
    this.channel = channel;
    this.batch = batch;
  }

  /**
   * Copies {@code data}'s readable bytes for the next flush, leaving its indexes alone: a channel's line is
   * shared by every loop, and copied rather than reference-counted per socket.
   */
  void gather(ByteBuf data) {
    if (discarded) return;
    int size = data.readableBytes();
    if (gathered == null) {
      gathered = channel.alloc().directBuffer(Math.max(FIRST_BYTES, size));
      batch.add(this);
    }
    gathered.writeBytes(data, data.readerIndex(), size);
  }

  /**
   * Output handed to the socket that the client has not taken yet (Netty counts it, without a listener per
   * write). What is gathered here is not counted: it leaves at the next flush, whether the client reads or not,
   * and a burst of a busy channel (a whole group commit's messages at once) is not the reader's fault.
   */
  long unreadBytes() {
    ChannelOutboundBuffer queued = channel.unsafe().outboundBuffer();
    return queued == null ? 0 : queued.totalPendingWriteBytes();
  }

  /** One socket write for everything gathered since the last flush. */
  void flush() {
    ByteBuf data = gathered;
    gathered = null;
    if (data == null) return;
    if (discarded) data.release();
    else channel.writeAndFlush(data, channel.voidPromise()); // a failure closes the channel; nobody waits for a write
  }

  /** The connection is closing without a goodbye: what is gathered is dropped, and nothing more is taken. */
  void discard() {
    discarded = true;
    if (gathered != null) {
      gathered.release();
      gathered = null;
    }
  }
}
