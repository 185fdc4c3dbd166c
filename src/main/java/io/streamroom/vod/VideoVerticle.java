package io.streamroom.vod;

import io.streamroom.chat.Addresses;
import io.streamroom.chat.ChatException;
import io.streamroom.chat.ErrorCode;
import io.streamroom.config.Config;
import io.streamroom.config.Setting;
import io.streamroom.live.FrameSource;
import io.streamroom.live.GrabberSource;
import io.streamroom.live.PatternClip;
import io.streamroom.metrics.Meters;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The video library and "watch together". Keeps the index of the videos folder fresh (a rescan every few
 * seconds, on a worker thread, after which HLS caches of changed or removed files go), answers
 * {@code video.list}, the HLS playlists and files of {@code video.hls.*}, and plays a title into a channel on
 * {@code video.play} / stops it on {@code video.stop}. Permissions are the chat service's business; this
 * verticle checks only what it knows: the file, and whether the channel is live already.
 */
public final class VideoVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(VideoVerticle.class);
  /** Each playback decodes and encodes on a thread of its own: a handful is all two cores can carry. */
  private static final int MAX_PLAYBACKS = 4;
  /** Without a resolution, a channel gets the best rendition up to this many lines. */
  private static final int DEFAULT_MAX_LINES = 720;

  /** Failure codes of the HLS addresses' replies, as HTTP spells them. */
  private static final int NOT_FOUND = 404;
  private static final int FAILED = 500;

  private final VideoLibrary library;
  private final Path dataDir;
  private final boolean demo;
  private final long scanMillis;
  private final Map<String, VideoPlayback> playbacks = new HashMap<>();
  private VodHls hls;
  private boolean scanning;

  public VideoVerticle(Config config, Meters meters) {
    this.library = new VideoLibrary(config.path(Setting.VIDEOS_DIR));
    // From the index in memory (replaced whole at each rescan): a scrape never touches the disk.
    meters.library(() -> library.all().stream().map(Rendition::title).distinct().count(), () -> library.all().size(),
        () -> library.all().stream().mapToLong(Rendition::size).sum());
    this.dataDir = config.path(Setting.DATA_DIR);
    this.demo = config.bool(Setting.VIDEOS_DEMO);
    this.scanMillis = config.integer(Setting.VIDEOS_SCAN_SECONDS) * 1000L;
  }

  @Override
  public Future<?> start() {
    // Node-local: the library is read from this node's folder and an HLS file's path is on this node's disk.
    vertx.eventBus().<JsonObject>localConsumer(Addresses.VIDEO_LIST, m -> m.reply(library.toJson()));
    vertx.eventBus().<JsonObject>consumer(Addresses.VIDEO_PLAY, this::play);
    vertx.eventBus().<JsonObject>consumer(Addresses.VIDEO_STOP, this::stop);
    hls = new VodHls(vertx, dataDir);
    vertx.eventBus().<JsonObject>localConsumer(Addresses.VIDEO_HLS_MASTER, this::hlsMaster);
    vertx.eventBus().<JsonObject>localConsumer(Addresses.VIDEO_HLS_FILE, this::hlsFile);
    return vertx.executeBlocking(() -> {
      Files.createDirectories(library.folder());
      library.rescan();
      if (demo && library.isEmpty()) createDemo();
      return null;
    }).compose(v -> hls.sweep(library.all(), true))
        .onSuccess(v -> vertx.setPeriodic(scanMillis, id -> rescan()));
  }

  /** A short title in two resolutions, so a new user sees the library working. Blocking. */
  private void createDemo() throws Exception {
    long start = System.nanoTime();
    demoFile("demo_240p.mp4", 320, 240);
    demoFile("demo_480p.mp4", 640, 480);
    library.rescan();
    log.info("Video library was empty: created the demo title in {} ({} ms)", library.folder(),
        (System.nanoTime() - start) / 1_000_000);
  }

  /**
   * Written aside and renamed into place: another node sharing the folder may be scanning it, or making
   * the same demo. Blocking.
   */
  private void demoFile(String name, int width, int height) throws Exception {
    Path part = library.folder().resolve("." + name + "." + UUID.randomUUID() + ".part");
    try {
      PatternClip.record(part, width, height, 30, 150);
      Files.move(part, library.folder().resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(part);
    }
  }

  private void rescan() {
    if (scanning) return; // a slow disk must not pile scans up
    scanning = true;
    vertx.executeBlocking(() -> {
      library.rescan();
      return null;
    }).compose(v -> hls.sweep(library.all(), false)).onComplete(done -> {
      scanning = false;
      if (done.failed()) log.warn("Video library: cannot read {} ({})", library.folder(), done.cause().getMessage());
    });
  }

  private void play(Message<JsonObject> message) {
    JsonObject args = message.body();
    String channel = args.getString("channel");
    Future<JsonObject> result;
    try {
      Rendition rendition = choose(args.getString("title", ""), args.getString("resolution"));
      if (playbacks.containsKey(channel)) {
        throw new ChatException(ErrorCode.ALREADY_LIVE, channel + " is live already; stop that stream first.");
      }
      if (playbacks.size() >= MAX_PLAYBACKS) {
        throw new ChatException(ErrorCode.BUSY, "Already " + MAX_PLAYBACKS + " videos are playing; try again later.");
      }
      VideoPlayback playback = new VideoPlayback(vertx, channel, rendition);
      playbacks.put(channel, playback); // the slot is taken now, before anything asynchronous
      result = start(channel, playback, rendition)
          .onFailure(e -> playbacks.remove(channel, playback));
    } catch (ChatException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(done -> message.reply(done.succeeded() ? done.result()
        : done.cause() instanceof ChatException e ? e.toReply() : new ChatException(ErrorCode.INTERNAL).toReply()));
  }

  /** Claims the channel's stream, opens the file (blocking, on a worker), then plays it on its own thread. */
  private Future<JsonObject> start(String channel, VideoPlayback playback, Rendition rendition) {
    return playback.claim().compose(granted -> {
      if (!granted) {
        return Future.failedFuture(new ChatException(ErrorCode.ALREADY_LIVE, channel + " is live already; stop that stream first."));
      }
      return vertx.<FrameSource>executeBlocking(() -> GrabberSource.open(rendition.file().toString(),
              VideoPlayback.evenSize(rendition.width()), VideoPlayback.evenSize(rendition.height())))
          .recover(e -> {
            playback.release();
            return Future.failedFuture(new ChatException(ErrorCode.BAD_VIDEO,
                rendition.fileName() + " cannot be played: " + String.valueOf(e.getMessage()).lines().findFirst().orElse("")));
          })
          .map(source -> {
            // onEnd runs on the playback thread: back to this verticle's own event loop for the map.
            playback.start(source, () -> context.runOnContext(v -> playbacks.remove(channel, playback)));
            return new JsonObject().put("channel", channel).put("title", rendition.title())
                .put("resolution", rendition.resolution());
          });
    });
  }

  /** The asked-for rendition, or a refusal that lists what exists. */
  private Rendition choose(String title, String resolution) {
    List<Rendition> renditions = library.renditions(title);
    if (renditions.isEmpty()) {
      String titles = library.toJson().getJsonArray("titles").stream()
          .map(t -> ((JsonObject) t).getString("title")).collect(Collectors.joining(", "));
      throw new ChatException(ErrorCode.NO_SUCH_VIDEO, "No video titled \"" + title + "\". "
          + (titles.isEmpty() ? "The library is empty." : "Titles: " + titles + "."));
    }
    if (resolution == null || resolution.isBlank()) {
      return renditions.stream().filter(r -> r.lines() <= DEFAULT_MAX_LINES).reduce((a, b) -> b).orElse(renditions.get(0));
    }
    return renditions.stream().filter(r -> r.resolution().equalsIgnoreCase(resolution.trim())).findFirst()
        .orElseThrow(() -> new ChatException(ErrorCode.NO_SUCH_VIDEO, title + " has no " + resolution + "; it has "
            + renditions.stream().map(Rendition::resolution).collect(Collectors.joining(", ")) + "."));
  }

  /** {title} answers {playlist}: the title's HLS master playlist, or fails 404 for a title the library lacks. */
  private void hlsMaster(Message<JsonObject> message) {
    List<Rendition> renditions = library.renditions(message.body().getString("title", ""));
    if (renditions.isEmpty()) {
      message.fail(NOT_FOUND, "No such video.");
      return;
    }
    Future.all(renditions.stream().map(hls::variant).toList())
        .onSuccess(variants -> message.reply(new JsonObject().put("playlist", MasterPlaylist.render(variants.list()))))
        .onFailure(e -> {
          log.warn("HLS: no master playlist for {}: {}", renditions.get(0).title(), e.getMessage());
          message.fail(FAILED, "The video cannot be read.");
        });
  }

  /**
   * {title, resolution, file} answers {path} of a file of the rendition's HLS folder, preparing it first if
   * needed; fails 404 for a rendition the library lacks or a name its playlist does not use.
   */
  private void hlsFile(Message<JsonObject> message) {
    JsonObject args = message.body();
    String file = args.getString("file", "");
    library.rendition(args.getString("title", ""), args.getString("resolution", "")).ifPresentOrElse(
        rendition -> hls.prepare(rendition).onComplete(prepared -> {
          if (prepared.failed()) message.fail(FAILED, "The video cannot be prepared for streaming.");
          else prepared.result().file(file).ifPresentOrElse(path -> message.reply(new JsonObject().put("path", path.toString())),
              () -> message.fail(NOT_FOUND, "No such file."));
        }),
        () -> message.fail(NOT_FOUND, "No such video."));
  }

  /** Forgotten at once, not when its thread ends: a second stop right after the first finds nothing to stop. */
  private void stop(Message<JsonObject> message) {
    VideoPlayback playback = playbacks.remove(message.body().getString("channel"));
    if (playback != null) playback.stop();
    message.reply(new JsonObject().put("stopped", playback != null));
  }

  @Override
  public Future<?> stop() {
    playbacks.values().forEach(VideoPlayback::stop);
    return hls.close();
  }
}
