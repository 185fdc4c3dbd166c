package io.streamroom.vod;

import io.streamroom.live.FrameSource;
import io.streamroom.live.LivePublisher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A library video playing into a channel's live stream ("watch together"): decoded with JavaCV at the
 * file's own frame rate on a thread of its own, through the same publisher as the camera, so viewers,
 * events and the latest-frame-wins rule are the same. It ends at the end of the file or when stopped.
 */
final class VideoPlayback {
  private static final Logger log = LoggerFactory.getLogger(VideoPlayback.class);
  /** Quality of the re-encoded JPEG frames; the viewer's picture, not the file, is what this sets. */
  private static final int JPEG_QUALITY = 80;

  private final Rendition rendition;
  private final LivePublisher publisher;
  private volatile boolean playing = true;

  VideoPlayback(Vertx vertx, String channel, Rendition rendition) {
    this.rendition = rendition;
    this.publisher = new LivePublisher(vertx, channel);
  }

  /** Takes the channel's live stream for this video; false when something else streams there. */
  Future<Boolean> claim() {
    return publisher.claim();
  }

  /** Gives the channel back when the video could not start after all. */
  void release() {
    publisher.release();
  }

  String source() {
    return "video " + rendition.title() + " (" + rendition.resolution() + ")";
  }

  /** Plays an opened source on a new thread; {@code onEnd} runs on that thread when it is over. */
  void start(FrameSource source, Runnable onEnd) {
    Thread thread = new Thread(() -> {
      publisher.announce(true, source());
      try (source) {
        publisher.play(source, evenSize(rendition.width()), evenSize(rendition.height()), JPEG_QUALITY,
            rendition.fps() > 0 ? rendition.fps() : 30, source.sound(), () -> playing);
      } catch (Exception | LinkageError e) {
        log.warn("Video {} stopped: {}", rendition.fileName(), e.getMessage());
      } finally {
        publisher.close();
        publisher.announce(false, source());
        onEnd.run();
      }
    }, "streamroom-video-" + rendition.fileName());
    thread.setDaemon(true);
    thread.start();
  }

  void stop() {
    playing = false;
  }

  /** JPEG 4:2:0 wants even sizes; odd ones (854x481) lose a line or column. */
  static int evenSize(int size) {
    return size & ~1;
  }
}
