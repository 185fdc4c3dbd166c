package io.streamroom.connlog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/** Reading a data dir's connection log files as a person would: line by line, oldest file first. */
public final class LogFiles {
  /** The one form every record has. */
  static final Pattern FORMAT = Pattern.compile(
      "^\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\] [A-Z_]+ \\| Source: .+ \\| Details: .*$");
  private static final long WAIT_MILLIS = 10_000;

  private LogFiles() {}

  public static Path current(Path dir) {
    return dir.resolve("connection_log.txt");
  }

  static Path old(Path dir, int n) {
    return dir.resolve("connection_log." + n + ".txt");
  }

  /** The lines of one file; none when it does not exist. */
  static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every record in the data dir: the oldest rotated file first, the current file last. */
  static List<String> all(Path dir) {
    List<String> records = new ArrayList<>();
    int oldest = 0;
    while (Files.exists(old(dir, oldest + 1))) oldest++;
    for (int n = oldest; n >= 1; n--) records.addAll(lines(old(dir, n)));
    records.addAll(lines(current(dir)));
    return records;
  }

  /** Waits (the log is written by a thread of its own) until the records hold one that passes {@code test}. */
  public static List<String> awaitRecord(Path dir, Predicate<String> test, String description) {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (true) {
      List<String> records = all(dir);
      if (records.stream().anyMatch(test)) return records;
      if (System.currentTimeMillis() > deadline) {
        fail("No record " + description + " in the connection log; last records: "
            + records.subList(Math.max(0, records.size() - 15), records.size()));
      }
      sleep(20);
    }
  }

  /** The records of one kind whose details contain {@code text}. */
  static List<String> find(List<String> records, ConnectionEvent type, String text) {
    return records.stream().filter(r -> type(r).equals(type.name()) && details(r).contains(text)).toList();
  }

  static String type(String record) {
    return record.substring(record.indexOf("] ") + 2, record.indexOf(" | Source: "));
  }

  static String source(String record) {
    return record.substring(record.indexOf(" | Source: ") + 11, record.indexOf(" | Details: "));
  }

  static String details(String record) {
    return record.substring(record.indexOf(" | Details: ") + 12);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
