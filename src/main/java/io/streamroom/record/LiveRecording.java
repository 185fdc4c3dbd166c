package io.streamroom.record;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;

/**
 * A live stream being recorded: its fragmented MP4 is appended to {@code <data>/recordings/<title>.mp4.part}
 * as it is made (a valid file at every fragment, so a crash loses at most the last one), with
 * {@code <title>.json} beside it saying whose it is. When it is closed, the {@link RecordingVerticle} puts it
 * in the library; one left behind by a crash is put there at the next start. Blocking: the stream's thread.
 */
public final class LiveRecording extends OutputStream {
  static final String PART = ".mp4.part";
  static final String ABOUT = ".json";
  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm");

  private final String title;
  private final FileChannel file;
  private final OutputStream out;
  private final Consumer<String> onClosed;
  private boolean closed;

  private LiveRecording(String title, FileChannel file, Consumer<String> onClosed) {
    this.title = title;
    this.file = file;
    // Unbuffered: Fmp4Output writes each init segment and fragment whole, so what a crash leaves ends at a fragment.
    this.out = java.nio.channels.Channels.newOutputStream(file);
    this.onClosed = onClosed;
  }

  /**
   * Starts recording a stream of {@code streamer} in {@code channel} under a new title such as
   * {@code lobby-2026-11-21-1015} ({@code -2}, {@code -3}… when that minute has one already).
   * @param videos the library folder, whose titles must not be taken either
   * @param onClosed gets the title once the recording is complete on disk (on the closing thread)
   */
  public static LiveRecording begin(Path folder, Path videos, String channel, String streamer, Consumer<String> onClosed) throws IOException {
    Files.createDirectories(folder);
    Instant started = Instant.now();
    String base = channel.substring(1) + "-" + MINUTE.format(started.atZone(ZoneId.systemDefault()));
    for (int n = 1; ; n++) {
      String title = n == 1 ? base : base + "-" + n;
      if (taken(folder, videos, title)) continue;
      Files.writeString(folder.resolve(title + ABOUT), new JsonObject().put("channel", channel).put("streamer", streamer)
          .put("started", started.toString()).encode());
      FileChannel file = FileChannel.open(folder.resolve(title + PART), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      return new LiveRecording(title, file, onClosed);
    }
  }

  private static boolean taken(Path folder, Path videos, String title) throws IOException {
    if (Files.exists(folder.resolve(title + PART)) || Files.exists(folder.resolve(title + ABOUT))) return true;
    if (!Files.isDirectory(videos)) return false;
    try (var files = Files.list(videos)) {
      return files.anyMatch(f -> f.getFileName().toString().startsWith(title + "_"));
    }
  }

  public String title() {
    return title;
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    out.write(bytes, offset, length);
  }

  /** Flushes to disk (the library copy is made from this file) and hands the recording on. */
  @Override
  public void close() throws IOException {
    if (closed) return;
    closed = true;
    try {
      out.flush();
      file.force(true);
    } finally {
      file.close();
      onClosed.accept(title);
    }
  }
}
