package io.streamroom.hls;

import io.vertx.core.buffer.Buffer;

import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * The bytes of a live stream (OBS's FLV, a browser's WebM) on their way from an event loop (which never
 * waits) to FFmpeg's demuxer on the stream's own thread (which waits for them). Bounded: past
 * {@link #FULL_BYTES} {@link #offer} says so, and the sender stops (OBS's connection stops being read, so
 * it is slowed by TCP) or skips ahead, rather than the server buffering.
 */
public final class IngestPipe extends InputStream {
  /** About 6 s of a 5 Mbit/s OBS stream (30 s of a browser's 1 Mbit/s): enough to ride out a slow disk or a busy core. */
  static final int FULL_BYTES = 4 * 1024 * 1024;
  /** Reading resumes once the remuxer has taken half. */
  private static final int RESUME_BYTES = FULL_BYTES / 2;

  private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
  private final Runnable onRoom;
  private byte[] current;
  private int position;
  private long queued;
  private boolean ended;
  private boolean waitingForRoom;

  /** @param onRoom called (on the reading thread) when a full pipe has room again */
  public IngestPipe(Runnable onRoom) {
    this.onRoom = onRoom;
  }

  /** @return false when the pipe is full: send no more until onRoom runs */
  public synchronized boolean offer(Buffer bytes) {
    if (ended) return true;
    chunks.add(bytes.getBytes());
    queued += bytes.length();
    notifyAll();
    waitingForRoom = queued > FULL_BYTES;
    return !waitingForRoom;
  }

  /** Whether the pipe is full: it passed {@link #FULL_BYTES} and the reader has not yet taken half. */
  public synchronized boolean full() {
    return waitingForRoom;
  }

  /** No more bytes: the demuxer sees the end of the stream once it has read what is queued. */
  public synchronized void end() {
    ended = true;
    notifyAll();
  }

  @Override
  public int read() throws java.io.InterruptedIOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] into, int offset, int length) throws java.io.InterruptedIOException {
    if (length == 0) return 0;
    boolean room;
    int n;
    synchronized (this) {
      while (current == null || position == current.length) {
        current = chunks.poll();
        position = 0;
        if (current != null) continue;
        if (ended) return -1;
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("stream stopped");
        }
      }
      n = Math.min(length, current.length - position);
      System.arraycopy(current, position, into, offset, n);
      position += n;
      queued -= n;
      room = waitingForRoom && queued <= RESUME_BYTES;
      if (room) waitingForRoom = false;
    }
    if (room) onRoom.run();
    return n;
  }

  @Override
  public void close() {
    end();
  }
}
