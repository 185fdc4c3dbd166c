package io.streamroom.record;

import io.streamroom.chat.Addresses;
import io.streamroom.config.Config;
import io.streamroom.config.ConfigException;
import io.streamroom.config.Setting;
import io.streamroom.store.LiveStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * Puts finished live recordings in the video library: the recorded file is copied into a plain mp4 (the
 * source rendition, no re-encoding), its row is stored, then lower renditions are transcoded one at a time
 * on a low-priority thread, so live streams and chat keep the CPU. Keeps all recordings within the quota by
 * deleting the oldest, and deletes a recording on request. Recordings a crash left behind are finished at start.
 */
public final class RecordingVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(RecordingVerticle.class);

  private final LiveStore store;
  private final Path folder;
  private final Path videos;
  private final List<Integer> renditions;
  private final long quotaBytes;
  /** One thread: recordings are finished in order, and transcoding two at once would only share the same cores. */
  private ExecutorService worker;

  public RecordingVerticle(Config config, LiveStore store) {
    this.store = store;
    this.folder = StreamRecorder.folder(config);
    this.videos = config.path(Setting.VIDEOS_DIR);
    this.renditions = parseRenditions(config.string(Setting.RECORD_RENDITIONS));
    this.quotaBytes = config.bytes(Setting.RECORD_QUOTA_BYTES);
  }

  /** "480,240" → [480, 240], highest first. */
  static List<Integer> parseRenditions(String value) {
    try {
      List<Integer> lines = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Integer::parseInt)
          .sorted((a, b) -> b - a).toList();
      if (lines.stream().anyMatch(n -> n < 2 || n % 2 != 0)) throw new NumberFormatException("lines must be even and positive");
      return lines;
    } catch (NumberFormatException e) {
      throw ConfigException.of(Setting.RECORD_RENDITIONS, "a comma-separated list of heights such as 480,240: " + e.getMessage());
    }
  }

  @Override
  public Future<?> start() {
    worker = Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, "streamroom-recordings");
      thread.setDaemon(true);
      thread.setPriority(Thread.MIN_PRIORITY);
      return thread;
    });
    vertx.eventBus().<JsonObject>localConsumer(Addresses.RECORDING_ENDED, m -> finish(m.body().getString("title")));
    vertx.eventBus().<JsonObject>consumer(Addresses.RECORDING_DELETE, this::delete);
    return blocking(this::leftOvers).onSuccess(titles -> titles.forEach(this::finish));
  }

  @Override
  public Future<?> stop() {
    worker.shutdownNow(); // a transcode in progress is abandoned: its temporary file never takes a library name
    return Future.succeededFuture();
  }

  /** Titles whose part file is still there at start: their streams ended with a crash. */
  private List<String> leftOvers() throws Exception {
    if (!Files.isDirectory(folder)) return List.of();
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(LiveRecording.PART))
          .map(n -> n.substring(0, n.length() - LiveRecording.PART.length())).sorted().toList();
    }
  }

  private void finish(String title) {
    RecordedStream recorded = new RecordedStream(folder, videos, title);
    blocking(recorded::toLibrary)
        .compose(source -> store.addRecording(source.row()).map(source))
        .compose(source -> blocking(() -> {
          recorded.removePart();
          log.info("Recorded {} into the library ({}p)", title, source.height());
          return recorded.lowerRenditions(source, renditions);
        }))
        .compose(bytes -> store.setBytes(title, bytes))
        .compose(v -> enforceQuota())
        .onFailure(e -> log.warn("Recording {} could not be put in the library: {}", title, e.getMessage()));
  }

  /** Deletes the oldest recordings while all of them together pass the quota. */
  private Future<Void> enforceQuota() {
    return store.recordingsOldestFirst().compose(all -> {
      long total = all.stream().mapToLong(LiveStore.Recording::bytes).sum();
      Future<Void> done = Future.succeededFuture();
      for (LiveStore.Recording oldest : all) {
        if (total <= quotaBytes) break;
        total -= oldest.bytes();
        long over = total;
        done = done.compose(v -> remove(oldest.title()))
            .onSuccess(v -> log.info("Deleted recording {} ({} bytes): the recordings quota of {} bytes was full ({} bytes left)",
                oldest.title(), oldest.bytes(), quotaBytes, over));
      }
      return done;
    });
  }

  /** {title}: removes its files, then its row. */
  private void delete(Message<JsonObject> message) {
    remove(message.body().getString("title")).onComplete(done -> {
      if (done.succeeded()) message.reply(new JsonObject());
      else message.fail(500, done.cause().getMessage());
    });
  }

  private Future<Void> remove(String title) {
    return blocking(() -> {
      new RecordedStream(folder, videos, title).removeFiles();
      return null;
    }).compose(v -> store.deleteRecording(title));
  }

  private <T> Future<T> blocking(Callable<T> work) {
    Promise<T> promise = Promise.promise();
    var context = vertx.getOrCreateContext();
    worker.execute(() -> {
      try {
        T result = work.call();
        context.runOnContext(v -> promise.complete(result));
      } catch (Exception | LinkageError e) {
        context.runOnContext(v -> promise.fail(e));
      }
    });
    return promise.future();
  }
}
