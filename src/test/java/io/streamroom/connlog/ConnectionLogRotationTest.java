package io.streamroom.connlog;

import io.streamroom.config.Setting;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.streamroom.connlog.LogFiles.awaitRecord;
import static io.streamroom.connlog.LogFiles.current;
import static io.streamroom.connlog.LogFiles.lines;
import static io.streamroom.connlog.LogFiles.old;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The log kept bounded: rotated at connection.log.max.records, connection.log.files old files kept. */
class ConnectionLogRotationTest {

  /** A guest comes and quits: two records (connection established, connection closed). */
  private static void guestVisits(TestApp app, Path dir, String nick) {
    try (TelnetClient guest = app.user(nick)) {
      guest.send("/quit");
      guest.expectClosed();
    }
    awaitRecord(dir, r -> r.endsWith("Details: " + nick + ", quit"), "of " + nick + " quitting");
  }

  private static List<String> nicks(List<String> records) {
    return records.stream().map(LogFiles::details).toList();
  }

  @Test
  void theLogRotatesAtItsLimitKeepsSoManyOldFilesAndCountsOnAfterARestart() {
    Path dir = TestApp.tempDir();
    Map<Setting, String> settings = Map.of(Setting.DATA_DIR, dir.toString(),
        Setting.CONNECTION_LOG_MAX_RECORDS, "5", Setting.CONNECTION_LOG_FILES, "2");
    try (TestApp first = TestApp.start(settings)) {
      for (String nick : List.of("rota", "rotb", "rotc")) guestVisits(first, dir, nick);
    }
    assertEquals(5, lines(old(dir, 1)).size());
    assertEquals(List.of("rotc, quit"), nicks(lines(current(dir))), "six records: one past the first full file");

    try (TestApp second = TestApp.start(settings)) {
      for (String nick : List.of("rotd", "rote", "rotf", "rotg", "roth", "roti")) guestVisits(second, dir, nick);
    }
    // 18 records: 1-5 (deleted), 6-10, 11-15, 16-18. The restart went on counting the current file's one record.
    List<String> oldest = lines(old(dir, 2));
    List<String> older = lines(old(dir, 1));
    List<String> newest = lines(current(dir));
    assertEquals(List.of(5, 5, 3), List.of(oldest.size(), older.size(), newest.size()));
    assertEquals("rotc, quit", LogFiles.details(oldest.get(0)));
    assertEquals("rotf, quit", LogFiles.details(older.get(1)));
    assertEquals(List.of("nickname prompt", "roti, quit"), nicks(newest.subList(1, 3)));
    assertFalse(Files.exists(old(dir, 3)), "only connection.log.files old files are kept");
    assertTrue(LogFiles.all(dir).stream().noneMatch(r -> r.contains("rota") || r.contains("rotb")), "the oldest records are gone");
    LogFiles.all(dir).forEach(r -> assertTrue(LogFiles.FORMAT.matcher(r).matches(), r));
  }

  @Test
  void aFullQueueDropsAndCountsRecordsInsteadOfWaiting() throws Exception {
    Path dir = TestApp.tempDir();
    ConnectionLog log = new ConnectionLog(dir, 1000, 1, 10); // the writer is not started yet: nothing drains
    int accepted = 0;
    for (int i = 0; i < 25; i++) {
      if (log.record(ConnectionEvent.LOGIN, "127.0.0.1:1 telnet", "user" + i)) accepted++;
    }
    assertEquals(10, accepted);
    assertEquals(15, log.dropped());
    log.close(); // writes what was queued
    assertEquals(10, lines(current(dir)).size());
    assertFalse(log.record(ConnectionEvent.LOGIN, "127.0.0.1:1 telnet", "too late"), "a closed log takes nothing");
  }

  @Test
  void whateverTheDetailsHoldARecordIsOneLine() throws Exception {
    Path dir = TestApp.tempDir();
    ConnectionLog log = ConnectionLog.open(dir, 100, 1);
    log.record(ConnectionEvent.KICK, "10.0.0.1:2\r\n telnet", "boss kicked eve: line one\nline two\r\u2028\u2029\u0085\u000b\u001b[31m end");
    log.record(ConnectionEvent.BAN, ConnectionLog.source("::1", 4242, "web"), "x".repeat(5000));
    log.record(ConnectionEvent.TIMEOUT, null, null);
    log.close();
    List<String> records = lines(current(dir));
    assertEquals(3, records.size(), records.toString());
    records.forEach(r -> assertTrue(LogFiles.FORMAT.matcher(r).matches(), r));
    assertTrue(records.get(0).endsWith("KICK | Source: 10.0.0.1:2   telnet | Details: boss kicked eve: line one line two      [31m end"),
        records.get(0));
    assertEquals("[::1]:4242 web", LogFiles.source(records.get(1)));
    assertEquals(LogLine.MAX_FIELD_CHARS + 3, LogFiles.details(records.get(1)).length(), "cut, and marked with ...");
    assertTrue(records.get(2).endsWith("TIMEOUT | Source: unknown | Details: "), records.get(2));
  }

  @Test
  void aRecordCutOffByACrashIsEndedAndCountedWhenTheLogOpens() throws Exception {
    Path dir = TestApp.tempDir();
    Files.writeString(current(dir), "[2026-11-21 10:15:02.118] LOGIN | Source: 127.0.0.1:1 telnet | Details: ali");
    ConnectionLog log = ConnectionLog.open(dir, 3, 1);
    for (int i = 0; i < 3; i++) log.record(ConnectionEvent.CONNECTION_ESTABLISHED, "127.0.0.1:2 telnet", "nickname prompt " + i);
    log.close();
    assertEquals(List.of("ali", "nickname prompt 0", "nickname prompt 1"), nicks(lines(old(dir, 1))));
    assertEquals(List.of("nickname prompt 2"), nicks(lines(current(dir))));
  }

  @Test
  void withNoOldFilesKeptAFullLogStartsOver() throws Exception {
    Path dir = TestApp.tempDir();
    Files.writeString(old(dir, 1), "left from a run that kept old files\n");
    ConnectionLog log = ConnectionLog.open(dir, 2, 0);
    for (int i = 0; i < 5; i++) log.record(ConnectionEvent.LOGIN, "127.0.0.1:3 web", "record " + i);
    log.close();
    assertEquals(List.of("record 4"), nicks(lines(current(dir))));
    assertFalse(Files.exists(old(dir, 1)));
  }
}
