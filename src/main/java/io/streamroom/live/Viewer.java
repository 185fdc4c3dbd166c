package io.streamroom.live;

import io.vertx.core.Future;

/**
 * One person watching. Latest frame wins: while a frame is still on its way to this viewer, newer frames
 * replace each other in a single slot instead of queueing, so a slow viewer skips frames and costs at most
 * two frame references, never a backlog. Used on one event loop only.
 */
abstract class Viewer {
  private final LiveStream stream;
  private boolean sending;
  private LiveFrame waiting;
  private boolean gone;

  Viewer(LiveStream stream) {
    this.stream = stream;
  }

  /** Writes one frame; the future completes when the frame has left for the network. */
  protected abstract Future<Void> write(LiveFrame frame);

  /** Ends the connection (the stream stopped). */
  protected abstract void close();

  /** The stream ended: nothing more is written, whatever is still in flight. */
  final void end() {
    gone = true;
    waiting = null;
    close();
  }

  final void offer(LiveFrame frame) {
    if (gone) return;
    if (sending) {
      if (waiting != null) stream.skipped();
      waiting = frame;
      return;
    }
    send(frame);
  }

  private void send(LiveFrame frame) {
    sending = true;
    stream.sending(frame);
    write(frame).onComplete(done -> {
      sending = false;
      if (done.failed()) {
        leave();
        return;
      }
      LiveFrame next = waiting;
      waiting = null;
      if (next != null) offer(next);
    });
  }

  /** The viewer went away: forget it. */
  final void leave() {
    if (gone) return;
    gone = true;
    waiting = null;
    stream.remove(this);
  }
}
