package io.streamroom.hls;

/** The bytes are not a fragmented MP4 stream {@link Fmp4Splitter} can split; the splitter must not be fed again. */
public final class MalformedMp4Exception extends RuntimeException {
  MalformedMp4Exception(String message) {
    super(message, null, false, false); // the message says it all: no stack trace to fill
  }
}
