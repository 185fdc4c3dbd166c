package io.streamroom.rtmp;

import io.vertx.core.Future;
import io.vertx.core.net.SocketAddress;

/** Decides about each publish; called on the connection's event loop. */
public interface RtmpPublishers {
  /**
   * @param app    the application the publisher connected to (e.g. "live"), without any "?query"
   * @param key    the publish name (the stream key) without any "?query"
   * @param client the publisher's address
   * @param disconnect closes the publisher's connection (from any thread), e.g. when an owner stops the stream;
   *                   its sink then ends
   * @return where the media goes; a failure's message is the short reason sent to the client and logged (the
   * full key is never logged)
   */
  Future<RtmpSink> publish(String app, String key, SocketAddress client, Runnable disconnect);
}
