package io.streamroom.connlog;

import io.streamroom.support.TestApp;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The admin page's view of the connection log: its last records, across a rotation, read from the end. */
class LogTailTest {
  @Test
  void theLastRecordsComeOldestFirstAndReachIntoTheRotatedFile() throws Exception {
    Path dir = TestApp.tempDir();
    Files.write(RotatingLogFile.old(dir, 1), IntStream.rangeClosed(1, 5).mapToObj(i -> "old " + i).toList());
    Files.write(RotatingLogFile.current(dir), IntStream.rangeClosed(1, 3).mapToObj(i -> "new " + i).toList());

    assertEquals(List.of("new 2", "new 3"), LogTail.last(dir, 2));
    assertEquals(List.of("old 4", "old 5", "new 1", "new 2", "new 3"), LogTail.last(dir, 5));
    assertEquals(8, LogTail.last(dir, 100).size(), "only what there is");
  }

  @Test
  void aLongFileIsReadFromItsEndAcrossBlocks() throws Exception {
    Path dir = TestApp.tempDir();
    String padding = "x".repeat(300); // 10,000 lines of 300+ bytes: many 64 KiB blocks
    Files.write(RotatingLogFile.current(dir), IntStream.rangeClosed(1, 10_000).mapToObj(i -> "record " + i + " " + padding).toList());
    List<String> last = LogTail.last(dir, 1000);
    assertEquals(1000, last.size());
    assertEquals("record 9001 " + padding, last.get(0));
    assertEquals("record 10000 " + padding, last.get(999));
    assertEquals(List.of(), LogTail.last(TestApp.tempDir(), 10), "no log yet");
  }
}
