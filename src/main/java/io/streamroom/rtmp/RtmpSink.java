package io.streamroom.rtmp;

import io.vertx.core.buffer.Buffer;

/** One publisher's media, in arrival order, on the connection's event loop. */
public interface RtmpSink {
  /**
   * One tag, as in an FLV file.
   *
   * @param type            8 audio, 9 video, 18 script data (onMetaData without the "@setDataFrame" wrapper)
   * @param timestampMillis the absolute timestamp, in ms
   * @param payload         exactly an FLV tag body
   * @return false when the consumer is full: the server then pauses reading the socket until the runnable
   * given to {@link #onDrain} is called (tags already read still come)
   */
  boolean tag(int type, long timestampMillis, Buffer payload);

  /** The runnable to call (from any thread) when the consumer has room again after {@link #tag} returned false. */
  void onDrain(Runnable resume);

  /**
   * Called exactly once: the publisher stopped (FCUnpublish, deleteStream, closeStream) or the connection
   * closed or failed.
   *
   * @param reason for logs
   */
  void end(String reason);
}
