package io.streamroom.live;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;

/**
 * One JPEG frame of a stream, as every viewer protocol sends it. Each protocol's bytes are built once, the
 * first time a viewer needs them, and the same buffer is then written to every viewer of that protocol.
 * Used on one event loop only.
 */
final class LiveFrame {
  static final String MJPEG_BOUNDARY = "streamroomframe";

  final long seq;
  final long capturedAt;
  private final Buffer jpeg;
  private Buffer mjpegPart;
  private Buffer webSocketMessage;

  LiveFrame(long seq, long capturedAt, Buffer jpeg) {
    this.seq = seq;
    this.capturedAt = capturedAt;
    this.jpeg = jpeg;
  }

  /** A part of a multipart/x-mixed-replace response. */
  Buffer mjpegPart() {
    if (mjpegPart == null) {
      String head = "--" + MJPEG_BOUNDARY + "\r\nContent-Type: image/jpeg\r\nContent-Length: " + jpeg.length() + "\r\n\r\n";
      mjpegPart = Buffer.buffer(head.length() + jpeg.length() + 2)
          .appendString(head, StandardCharsets.US_ASCII.name()).appendBuffer(jpeg).appendString("\r\n");
    }
    return mjpegPart;
  }

  /** A binary WebSocket message: sequence (8 bytes), capture time in epoch ms (8 bytes), then the JPEG. */
  Buffer webSocketMessage() {
    if (webSocketMessage == null) {
      webSocketMessage = Buffer.buffer(16 + jpeg.length()).appendLong(seq).appendLong(capturedAt).appendBuffer(jpeg);
    }
    return webSocketMessage;
  }
}
