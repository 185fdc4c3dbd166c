package io.streamroom.connlog;

import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code connection_log.txt} and its older files: one record a line, at most {@code maxRecords} a file.
 * When the current file is full, the next record first moves it to {@code connection_log.1.txt} (the
 * older ones move up one number, and the one past {@code keepFiles} is deleted). The records already in
 * the current file are counted when it is opened, so a restart continues where the last run stopped.
 * Blocking and not thread-safe: only the log's writer thread (and start-up) use it.
 */
final class RotatingLogFile implements AutoCloseable {
  static final String NAME = "connection_log";
  /** Buffered this much between flushes; the writer flushes whenever it has nothing more to write. */
  private static final int BUFFER_CHARS = 64 * 1024;

  private final Path dir;
  private final int maxRecords;
  private final int keepFiles;
  private Writer out;
  /** Records in the current file. */
  private int records;

  RotatingLogFile(Path dir, int maxRecords, int keepFiles) throws IOException {
    if (maxRecords < 1 || keepFiles < 0) throw new IllegalArgumentException("maxRecords >= 1 and keepFiles >= 0");
    this.dir = dir;
    this.maxRecords = maxRecords;
    this.keepFiles = keepFiles;
    Files.createDirectories(dir);
    open();
  }

  static Path current(Path dir) {
    return dir.resolve(NAME + ".txt");
  }

  /** {@code connection_log.<n>.txt}: 1 is the newest of the older files. */
  static Path old(Path dir, int n) {
    return dir.resolve(NAME + "." + n + ".txt");
  }

  void append(String line) throws IOException {
    if (out == null) open(); // the last write failed: try again
    if (records >= maxRecords) rotate();
    try {
      out.write(line);
      out.write('\n');
      records++;
    } catch (IOException e) {
      closeQuietly();
      throw e;
    }
  }

  void flush() throws IOException {
    if (out == null) return;
    try {
      out.flush();
    } catch (IOException e) {
      closeQuietly();
      throw e;
    }
  }

  int records() {
    return records;
  }

  private void open() throws IOException {
    Path file = current(dir);
    records = 0;
    boolean endsMidLine = false;
    if (Files.exists(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        byte[] buffer = new byte[64 * 1024];
        int read;
        int last = '\n';
        while ((read = in.read(buffer)) > 0) {
          for (int i = 0; i < read; i++) if (buffer[i] == '\n') records++;
          last = buffer[read - 1];
        }
        endsMidLine = last != '\n';
      }
    }
    out = new BufferedWriter(new OutputStreamWriter(new FileOutputStream(file.toFile(), true), StandardCharsets.UTF_8),
        BUFFER_CHARS);
    if (endsMidLine) { // cut off by a crash mid-write: end that record so the next starts on its own line
      out.write('\n');
      records++;
    }
  }

  private void rotate() throws IOException {
    out.close();
    out = null;
    // The oldest kept file goes, and any left over from a larger connection.log.files.
    int oldest = Math.max(keepFiles, 1);
    Files.deleteIfExists(old(dir, oldest));
    while (Files.deleteIfExists(old(dir, ++oldest))) {
      // next
    }
    for (int n = keepFiles - 1; n >= 1; n--) {
      if (Files.exists(old(dir, n))) Files.move(old(dir, n), old(dir, n + 1), StandardCopyOption.REPLACE_EXISTING);
    }
    if (keepFiles > 0) {
      Files.move(current(dir), old(dir, 1), StandardCopyOption.REPLACE_EXISTING);
    } else {
      Files.deleteIfExists(current(dir));
    }
    open();
  }

  private void closeQuietly() {
    try {
      if (out != null) out.close();
    } catch (IOException ignored) {
      // the write that failed is what gets reported
    } finally {
      out = null;
    }
  }

  @Override
  public void close() throws IOException {
    if (out != null) out.close();
    out = null;
  }
}
