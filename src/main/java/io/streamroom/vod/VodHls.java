package io.streamroom.vod;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The library as HLS for adaptive players. A rendition is cut into fMP4 segments on its first request,
 * into {@code <data dir>/hls-vod/<title>_<resolution>-<size>-<mtime>/}: copied when it is H.264 (with AAC
 * or no sound), transcoded otherwise. The folder's name changes with the file, so a changed file gets a
 * new cache and {@link #sweep} removes the old one. A preparation writes into a temp folder that is
 * renamed when complete, so a folder with a rendition's name is always whole. Used from its verticle's
 * event loop only; the FFmpeg work runs on a worker pool of its own.
 */
final class VodHls {
  private static final Logger log = LoggerFactory.getLogger(VodHls.class);
  static final String FOLDER = "hls-vod";
  /** FFmpeg's HLS muxer cuts at the first keyframe this long after the previous cut: Apple's recommended 4-6 s. */
  static final int SEGMENT_SECONDS = 4;
  /** A copy reads a whole file and a transcode keeps a core busy: two at a time on two cores, the rest wait. */
  private static final int MAX_PREPARATIONS = 2;
  /** Transcoding a film takes many minutes: only past this does Vert.x report the worker as blocked. */
  private static final long MAX_PREPARATION_MINUTES = 240;
  /** Temp folders begin with a dot, which no rendition's key does. */
  private static final String TEMP_PREFIX = ".tmp-";
  private static final Map<String, String> HLS_OPTIONS = Map.of(
      "hls_segment_type", "fmp4",
      "hls_playlist_type", "vod",
      "hls_time", String.valueOf(SEGMENT_SECONDS),
      "hls_fmp4_init_filename", "init.mp4");

  private final Vertx vertx;
  private final Path root;
  private final WorkerExecutor workers;
  /**
   * Each rendition's preparation, by key: every request for it waits on the same future. A failure stays
   * too (the file has to change, and with it the key, before it is tried again): a broken file is not
   * re-read on every request while others wait for the two workers.
   */
  private final Map<String, Future<HlsFolder>> preparations = new HashMap<>();

  VodHls(Vertx vertx, Path dataDir) {
    this.vertx = vertx;
    this.root = dataDir.resolve(FOLDER);
    this.workers = vertx.createSharedWorkerExecutor("streamroom-hls-vod", MAX_PREPARATIONS, MAX_PREPARATION_MINUTES, TimeUnit.MINUTES);
  }

  /** The cache folder's name: the file's name, size and time, so any change to the file makes a new one. */
  static String key(Rendition rendition) {
    return rendition.title() + "_" + rendition.resolution() + "-" + rendition.size() + "-" + rendition.modified();
  }

  /** The rendition's HLS folder, prepared now if no earlier request (or run) did. */
  Future<HlsFolder> prepare(Rendition rendition) {
    return preparations.computeIfAbsent(key(rendition), key -> workers.executeBlocking(() -> prepareNow(rendition, key), false));
  }

  private HlsFolder prepareNow(Rendition rendition, String key) throws Exception {
    Path folder = root.resolve(key);
    if (Files.isDirectory(folder)) return HlsFolder.read(folder); // prepared by an earlier run
    long start = System.nanoTime();
    Path temp = root.resolve(TEMP_PREFIX + key + "-" + UUID.randomUUID());
    Files.createDirectories(temp);
    try {
      MediaInfo source = MediaInfo.read(rendition.file());
      Map<String, String> options = new HashMap<>(HLS_OPTIONS);
      options.put("hls_segment_filename", temp.resolve("seg%03d.m4s").toString());
      String playlist = temp.resolve(HlsFolder.PLAYLIST).toString();
      if (source.copyable()) StreamCopy.copy(rendition.file(), playlist, "hls", options);
      else Transcoder.transcode(rendition.file(), playlist, "hls", options, 0);
      HlsFolder.read(temp); // complete, or it is not renamed
      Files.move(temp, folder, StandardCopyOption.ATOMIC_MOVE);
      log.info("HLS: prepared {} ({}) in {} ms", rendition.fileName(), source.copyable() ? "copied" : "transcoded",
          (System.nanoTime() - start) / 1_000_000);
      return HlsFolder.read(folder);
    } catch (Exception e) {
      log.warn("HLS: cannot prepare {}: {}", rendition.fileName(), e.getMessage());
      throw e;
    } finally {
      delete(temp);
    }
  }

  /**
   * A rendition as the master playlist lists it. Exact when it is prepared (its real segments and init)
   * or will be copied (the source's index and codecs are what is served); for one still to be transcoded,
   * the encoder's bit rate and no codecs, which only the encoder will tell. Blocking work on a worker.
   */
  Future<MasterPlaylist.Variant> variant(Rendition rendition) {
    return vertx.executeBlocking(() -> {
      Path folder = root.resolve(key(rendition));
      if (Files.isDirectory(folder)) return HlsFolder.read(folder).variant(rendition);
      MediaInfo source = MediaInfo.read(rendition.file());
      if (source.copyable()) return new MasterPlaylist.Variant(rendition, source.peakBitsPerSecond(), source.codecs());
      long estimate = Transcoder.videoBitrate(rendition.width(), rendition.height(), rendition.fps()) + Transcoder.AUDIO_BITRATE;
      return new MasterPlaylist.Variant(rendition, estimate, null);
    }, false);
  }

  /**
   * Forgets and deletes the caches of files that are gone or changed (keys not among {@code current}); at
   * {@code startUp} also the temp folders a crash left behind (later ones belong to running preparations).
   */
  Future<Void> sweep(Collection<Rendition> current, boolean startUp) {
    Set<String> keys = current.stream().map(VodHls::key).collect(Collectors.toSet());
    preparations.keySet().retainAll(keys);
    return vertx.executeBlocking(() -> {
      if (!Files.isDirectory(root)) return null;
      try (Stream<Path> folders = Files.list(root)) {
        for (Path folder : folders.toList()) {
          String name = folder.getFileName().toString();
          boolean unfinished = name.startsWith(TEMP_PREFIX);
          if (unfinished ? startUp : !keys.contains(name)) {
            delete(folder);
            log.info("HLS: removed {} ({})", name, unfinished ? "left unfinished" : "its video changed or is gone");
          }
        }
      }
      return null;
    }, false);
  }

  Future<Void> close() {
    return workers.close();
  }

  private static void delete(Path folder) throws IOException {
    if (!Files.exists(folder)) return;
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(file);
    }
  }
}
