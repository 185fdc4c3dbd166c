package io.streamroom.connlog;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last lines of the connection log, read backwards from the end of the current file (and of the newest
 * rotated one when the current file holds fewer), so a full 10,000-record file is not read to show 100.
 * Blocking: call it on a worker thread.
 */
final class LogTail {
  /** Read from the end in pieces this big. */
  private static final int BLOCK_BYTES = 64 * 1024;

  private LogTail() {}

  /** @return at most {@code count} lines, oldest first; fewer when the files hold fewer */
  static List<String> last(Path dir, int count) throws IOException {
    Deque<String> lines = new ArrayDeque<>(lastLines(RotatingLogFile.current(dir), count));
    if (lines.size() < count) {
      List<String> older = lastLines(RotatingLogFile.old(dir, 1), count - lines.size());
      for (int i = older.size() - 1; i >= 0; i--) lines.addFirst(older.get(i));
    }
    return new ArrayList<>(lines);
  }

  /** The file's last {@code count} complete lines, oldest first; none for a missing file. */
  private static List<String> lastLines(Path file, int count) throws IOException {
    if (count <= 0 || !Files.exists(file)) return List.of();
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long end = in.length();
      long start = end;
      byte[] block = new byte[BLOCK_BYTES];
      int newlines = 0;
      // Find where the (count+1)-th line break from the end is: the last `count` lines start after it.
      while (start > 0 && newlines <= count) {
        int size = (int) Math.min(BLOCK_BYTES, start);
        start -= size;
        in.seek(start);
        in.readFully(block, 0, size);
        for (int i = size - 1; i >= 0; i--) {
          if (block[i] == '\n' && start + i != end - 1 && ++newlines > count) {
            start += i + 1;
            break;
          }
        }
      }
      byte[] tail = new byte[(int) (end - start)];
      in.seek(start);
      in.readFully(tail);
      List<String> lines = new ArrayList<>(List.of(new String(tail, StandardCharsets.UTF_8).split("\n")));
      lines.removeIf(String::isEmpty);
      return lines.size() > count ? lines.subList(lines.size() - count, lines.size()) : lines;
    } catch (NoSuchFileException e) {
      return List.of(); // rotated away meanwhile
    }
  }
}
