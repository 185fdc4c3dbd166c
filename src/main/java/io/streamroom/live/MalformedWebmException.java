package io.streamroom.live;

/** The bytes are not a live WebM stream the relay can split (see {@link WebmSplitter}). */
final class MalformedWebmException extends RuntimeException {
  MalformedWebmException(String message) {
    super(message, null, false, false); // the message says it all: no stack trace to fill
  }
}
