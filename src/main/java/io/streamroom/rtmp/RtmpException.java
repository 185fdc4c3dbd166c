package io.streamroom.rtmp;

/** A peer broke the protocol (bad bytes, a limit crossed, a command out of turn): its connection is closed. */
final class RtmpException extends RuntimeException {
  RtmpException(String message) {
    super(message, null, false, false); // the message says it all: no stack trace to fill
  }
}
