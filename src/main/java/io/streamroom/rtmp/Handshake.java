package io.streamroom.rtmp;

import io.vertx.core.buffer.Buffer;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The simple RTMP handshake, server side: C0 (version 3) and C1 come in, S0 S1 S2 go out, then C2 comes in.
 * S1 carries a zero version, so FFmpeg and librtmp (OBS) skip the digest checks of the Flash handshake. S2
 * echoes C1. Used on one thread.
 */
final class Handshake {
  private static final int VERSION = 3;
  private static final int PACKET_BYTES = 1536;
  /** C0, C1 and C2. */
  private static final int CLIENT_BYTES = 1 + 2 * PACKET_BYTES;

  private final Buffer received = Buffer.buffer(CLIENT_BYTES);
  private boolean answered;

  /** @return S0 S1 S2, once C0 and C1 are in; else null */
  Buffer feed(Buffer bytes) {
    received.appendBuffer(bytes);
    if (received.length() == 0) return null;
    if (received.getUnsignedByte(0) != VERSION) {
      throw new RtmpException("not RTMP: the handshake starts with " + received.getUnsignedByte(0) + ", not version " + VERSION);
    }
    if (answered || received.length() < 1 + PACKET_BYTES) return null;
    answered = true;
    byte[] random = new byte[PACKET_BYTES - 8];
    ThreadLocalRandom.current().nextBytes(random);
    return Buffer.buffer(1 + 2 * PACKET_BYTES).appendByte((byte) VERSION)
        .appendInt((int) System.currentTimeMillis()).appendInt(0).appendBytes(random)
        .appendBuffer(received, 1, PACKET_BYTES);
  }

  /** C2 is in. */
  boolean done() {
    return received.length() >= CLIENT_BYTES;
  }

  /** What came after C2: the first chunks. */
  Buffer rest() {
    return received.slice(CLIENT_BYTES, received.length());
  }
}
