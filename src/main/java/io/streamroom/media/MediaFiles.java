package io.streamroom.media;

import io.streamroom.config.Config;
import io.streamroom.config.Setting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The recordings on disk: {@code <media dir>/<id>}, one file per row of the media table, and
 * {@code <media dir>/incoming/} for bodies being received and probed. Incoming files sit on the same
 * file system as their final place, so keeping one is a rename. In a cluster every node uses the same
 * folder, so what one node received another serves. Every method blocks: call them on a worker.
 */
public final class MediaFiles {
  private static final Logger log = LoggerFactory.getLogger(MediaFiles.class);
  /**
   * How old a file must be before a sweep takes it for a crash's leftover. Another node sharing the folder
   * may be receiving a body right now (an upload takes seconds) or be between the rename and its commit
   * (milliseconds, or as long as the database stalls): an hour is far beyond both.
   */
  static final Duration LEFTOVER_AGE = Duration.ofHours(1);
  private final Path root;
  private final Path incoming;

  /** The folder the settings name: {@code media.dir}, or {@code <data dir>/media}. */
  public static MediaFiles in(Config config) {
    String dir = config.string(Setting.MEDIA_DIR);
    return new MediaFiles(dir.isEmpty() ? config.path(Setting.DATA_DIR).resolve("media") : Path.of(dir));
  }

  public MediaFiles(Path root) {
    this.root = root.toAbsolutePath();
    this.incoming = this.root.resolve("incoming");
  }

  public Path root() {
    return root;
  }

  /** Where the recording {@code id} is kept (a UUID's text: no path can be smuggled in). */
  public Path file(UUID id) {
    return root.resolve(id.toString());
  }

  /** A new, unused name under incoming/ for a body about to be received. */
  public Path newIncoming() {
    return incoming.resolve(UUID.randomUUID() + ".part");
  }

  /** Creates the folders, and removes what a crash left in incoming/ (bodies nobody was answered for). */
  void prepare() throws IOException {
    Files.createDirectories(incoming);
    try (Stream<Path> left = Files.list(incoming)) {
      left.filter(MediaFiles::isLeftover).forEach(MediaFiles::delete);
    }
  }

  /**
   * Keeps an incoming file as {@code id}, durably: its bytes are flushed to the disk, it is renamed, and
   * the folder (which holds the name) is flushed too; after this a crash cannot lose it.
   */
  void keep(Path incomingFile, UUID id) throws IOException {
    try (FileChannel channel = FileChannel.open(incomingFile, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    Files.move(incomingFile, file(id), StandardCopyOption.ATOMIC_MOVE);
    try (FileChannel folder = FileChannel.open(root, StandardOpenOption.READ)) {
      folder.force(true);
    }
  }

  /** The ids of the recordings on disk that are old enough to be a crash's leftovers if nothing keeps them. */
  List<UUID> settled() throws IOException {
    List<UUID> ids = new ArrayList<>();
    try (Stream<Path> files = Files.list(root)) {
      files.filter(file -> Files.isRegularFile(file) && isLeftover(file)).forEach(file -> {
        String name = file.getFileName().toString();
        try {
          UUID id = UUID.fromString(name);
          if (id.toString().equals(name)) ids.add(id);
        } catch (IllegalArgumentException notOurs) {
          // not a recording: left alone
        }
      });
    }
    return ids;
  }

  private static boolean isLeftover(Path file) {
    try {
      return Files.getLastModifiedTime(file).toInstant().isBefore(Instant.now().minus(LEFTOVER_AGE));
    } catch (IOException gone) {
      return false; // removed meanwhile, by its owner or another node's sweep
    }
  }

  void delete(UUID id) {
    delete(file(id));
  }

  /** Removes a file if it is there; a failure is logged, not thrown (the start-up sweep tries again). */
  static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("Could not remove {}: {}", file, e.toString());
    }
  }
}
