package io.streamroom.live;

import io.vertx.core.buffer.Buffer;

/**
 * What a {@link MediaRelay} hands a browser's recording to, piece by piece: each relay viewer's socket, and
 * the server's own transcoder for HLS and the library ({@link BrowserHls}). Called on the relay's event loop.
 */
interface RelaySink {
  /** A recording starts: its description (JSON text for a player) and its header; blocks follow. */
  void init(String description, Buffer header);

  /** The recording ended: nothing until the next one's header. */
  void awaitInit();

  void cluster(Buffer header);

  /** @param keyframe whether a decoder can start at this block */
  void block(Buffer block, Buffer clusterHeader, boolean keyframe);
}
