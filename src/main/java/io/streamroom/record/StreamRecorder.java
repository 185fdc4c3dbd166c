package io.streamroom.record;

import io.streamroom.chat.Addresses;
import io.streamroom.config.Config;
import io.streamroom.config.Setting;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Starts recordings for the sources that record (OBS, browsers): where the file goes, whether recording is on,
 * and telling the {@link RecordingVerticle} when one is complete. Thread-safe; {@link #begin} blocks.
 */
public final class StreamRecorder {
  private static final Logger log = LoggerFactory.getLogger(StreamRecorder.class);
  private final Vertx vertx;
  private final boolean enabled;
  private final Path folder;
  private final Path videos;

  public StreamRecorder(Vertx vertx, Config config) {
    this.vertx = vertx;
    this.enabled = config.bool(Setting.RECORD);
    this.folder = folder(config);
    this.videos = config.path(Setting.VIDEOS_DIR);
  }

  /** Whether streams are recorded ({@code record}). */
  public boolean enabled() {
    return enabled;
  }

  /** Where recordings are written while they are live: {@code <data dir>/recordings}. */
  static Path folder(Config config) {
    return config.path(Setting.DATA_DIR).resolve("recordings");
  }

  /** A new recording of a stream, or null when recording is off or the file cannot be made (logged: the stream goes on). */
  public LiveRecording begin(String channel, String streamer) {
    if (!enabled) return null;
    try {
      return LiveRecording.begin(folder, videos, channel, streamer,
          title -> vertx.eventBus().publish(Addresses.RECORDING_ENDED, new JsonObject().put("title", title)));
    } catch (IOException e) {
      log.warn("Not recording {}: {}", channel, e.getMessage());
      return null;
    }
  }
}
