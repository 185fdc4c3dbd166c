package io.streamroom.live;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

/**
 * One viewer of a relayed stream. After the header it starts at a video keyframe, behind a cluster header,
 * so its decoder has a whole picture to begin with, and then takes every block. When its socket's write
 * queue is full it falls behind: it is sent nothing until the next keyframe, where it picks up again the
 * same way, so a slow viewer skips ahead instead of building a backlog. Used on the relay's event loop.
 */
final class RelayViewer implements RelaySink {
  private enum State { AWAITING_INIT, AWAITING_KEYFRAME, LIVE, BEHIND }

  private final MediaRelay relay;
  final ServerWebSocket socket;
  private State state = State.AWAITING_INIT;

  RelayViewer(MediaRelay relay, ServerWebSocket socket) {
    this.relay = relay;
    this.socket = socket;
  }

  /** Its description (text) and header (binary); blocks follow from its next keyframe. */
  @Override
  public void init(String description, Buffer header) {
    if (socket.isClosed()) return;
    socket.writeTextMessage(description);
    relay.sent(description.length());
    write(header);
    state = State.AWAITING_KEYFRAME;
  }

  @Override
  public void awaitInit() {
    state = State.AWAITING_INIT;
  }

  @Override
  public void cluster(Buffer header) {
    if (state != State.LIVE) return;
    if (full()) state = State.BEHIND;
    else write(header);
  }

  @Override
  public void block(Buffer block, Buffer clusterHeader, boolean keyframe) {
    switch (state) {
      case AWAITING_INIT -> { }
      case LIVE -> {
        if (full()) {
          state = State.BEHIND;
          relay.skipped();
        } else {
          write(block);
        }
      }
      case AWAITING_KEYFRAME, BEHIND -> {
        if (keyframe && !full()) {
          write(clusterHeader);
          write(block);
          state = State.LIVE;
        } else if (state == State.BEHIND) {
          relay.skipped();
        }
      }
    }
  }

  private boolean full() {
    return socket.isClosed() || socket.writeQueueFull();
  }

  private void write(Buffer bytes) {
    if (socket.isClosed()) return;
    socket.writeBinaryMessage(bytes);
    relay.sent(bytes.length());
  }
}
