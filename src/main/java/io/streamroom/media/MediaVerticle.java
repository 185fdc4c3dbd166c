package io.streamroom.media;

import io.streamroom.config.ConfigException;
import io.streamroom.config.Setting;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Keeps the recordings folder in step with the media table: at start (before the HTTP verticle takes
 * uploads) it empties incoming/ and removes files left without a row; then, every hour, it deletes
 * recordings uploaded but never sent.
 */
public final class MediaVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(MediaVerticle.class);
  /** A recording nobody sent within a day was abandoned (a cancelled send, a closed tab); it would hold quota forever. */
  static final Duration UNSENT_KEPT_FOR = Duration.ofHours(24);
  private static final long SWEEP_EVERY_MILLIS = Duration.ofHours(1).toMillis();

  private final MediaStore store;

  public MediaVerticle(MediaStore store) {
    this.store = store;
  }

  @Override
  public Future<?> start() {
    MediaFiles files = store.files();
    return vertx.executeBlocking(() -> {
      files.prepare();
      return null;
    }).recover(e -> Future.failedFuture(ConfigException.of(Setting.MEDIA_DIR,
            "cannot keep recordings in " + files.root() + " (" + e.getMessage() + ")")))
        .compose(v -> removeOrphans())
        .onSuccess(v -> vertx.setPeriodic(SWEEP_EVERY_MILLIS, SWEEP_EVERY_MILLIS, id -> sweep()));
  }

  private Future<Void> removeOrphans() {
    return store.removeOrphans().recover(e -> {
      log.warn("Could not check the recordings folder against the database: {}", e.toString());
      return Future.succeededFuture();
    });
  }

  /** Hourly: unsent recordings, and (for a node that never restarts) what crashes of other nodes left. */
  private void sweep() {
    MediaFiles files = store.files();
    vertx.executeBlocking(() -> {
      files.prepare();
      return null;
    }).onFailure(e -> log.warn("Could not sweep {}: {}", files.root(), e.toString()));
    removeOrphans();
    store.deleteUnattached(UNSENT_KEPT_FOR)
        .onSuccess(n -> {
          if (n > 0) log.info("Deleted {} recordings that were never sent within {} h", n, UNSENT_KEPT_FOR.toHours());
        })
        .onFailure(e -> log.warn("Could not delete unsent recordings: {}", e.toString()));
  }
}
