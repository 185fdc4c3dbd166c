package io.streamroom.rtmp;

import io.vertx.core.buffer.Buffer;

/** One whole message of a chunk stream: its type, message stream id, absolute timestamp (ms, 32 bits) and payload. */
record RtmpMessage(int type, int streamId, long timestamp, Buffer payload) {
  static final int SET_CHUNK_SIZE = 1;
  static final int ABORT = 2;
  static final int ACKNOWLEDGEMENT = 3;
  static final int USER_CONTROL = 4;
  static final int WINDOW_ACK_SIZE = 5;
  static final int SET_PEER_BANDWIDTH = 6;
  static final int AUDIO = 8;
  static final int VIDEO = 9;
  static final int AMF3_COMMAND = 17;
  static final int DATA = 18;
  static final int COMMAND = 20;

  /** A protocol control or user control message: they go on message stream 0. */
  static RtmpMessage control(int type, Buffer payload) {
    return new RtmpMessage(type, 0, 0, payload);
  }

  /** An AMF0 command: its name, transaction id, then its arguments. */
  static RtmpMessage command(int streamId, Object... values) {
    return new RtmpMessage(COMMAND, streamId, 0, Amf0.encode(values));
  }
}
