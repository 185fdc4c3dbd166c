package io.streamroom.live;

/** Lets tests of other packages watch a channel through {@link LiveViewer}. */
public final class LiveViewerAccess implements AutoCloseable {
  private final LiveViewer viewer;

  private LiveViewerAccess(LiveViewer viewer) {
    this.viewer = viewer;
  }

  public static LiveViewerAccess watch(int port, String name) {
    return new LiveViewerAccess(LiveViewer.watch(port, name));
  }

  /** The next frame's sequence number (it must be a JPEG). */
  public long nextSeq() {
    LiveViewer.Received frame = viewer.next();
    if (!frame.isJpeg()) throw new AssertionError("not a JPEG");
    return frame.seq();
  }

  @Override
  public void close() {
    viewer.close();
  }
}
