package io.streamroom.store;

import io.streamroom.config.Setting;
import io.streamroom.support.ApiClient;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A database that stops answering (its processes frozen with SIGSTOP, as a stalled disk or a long lock
 * would): the sender is told the truth, neither "sent" nor "nothing was sent", the message appears once
 * when the database comes back, and typing it again does not post it twice.
 */
class StalledDatabaseTest {
  @Test
  void aStalledWriteIsUnconfirmedThenAppearsOnceAndARetryIsNoCopy() throws Exception {
    Path dir = TestApp.tempDir();
    try (EmbeddedPostgres db = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(true).start();
         TestApp app = TestApp.start(Map.of(Setting.DB_URL, "postgresql://postgres@localhost:" + db.getPort() + "/postgres"));
         TelnetClient ada = app.user("ada");
         TelnetClient bo = app.user("bo")) {
      List<Long> postgres = processes(dir);
      signal("STOP", postgres);
      try {
        ada.send("are you there?");
        ada.expect("? Not confirmed yet: the database is slow.");
        bo.expectNo("ada: are you there?", Duration.ofMillis(200));
      } finally {
        signal("CONT", postgres);
      }
      bo.expect("ada: are you there?");
      awaitHealthy(app);
      ada.send("are you there?");
      ada.expect("* That line was stored already; it was not posted twice.");
      bo.expectNo("ada: are you there?", Duration.ofMillis(500));
      String token = new ApiClient(app.httpPort()).visitor("counter");
      long copies = new ApiClient(app.httpPort()).get("/api/channels/lobby/messages?limit=100", token).json()
          .getJsonArray("messages").stream().filter(m -> m.toString().contains("are you there?")).count();
      assertEquals(1, copies);
    }
  }

  /** The postmaster (first line of postmaster.pid) and every process it started. */
  static List<Long> processes(Path dataDir) throws Exception {
    long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
    ProcessHandle handle = ProcessHandle.of(postmaster).orElseThrow();
    return Stream.concat(Stream.of(handle), handle.descendants()).map(ProcessHandle::pid).toList();
  }

  static void signal(String signal, List<Long> pids) throws Exception {
    String[] command = Stream.concat(Stream.of("kill", "-" + signal), pids.stream().map(String::valueOf)).toArray(String[]::new);
    assertEquals(0, new ProcessBuilder(command).inheritIO().start().waitFor());
  }

  private static void awaitHealthy(TestApp app) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    ApiClient api = new ApiClient(app.httpPort());
    while (api.get("/health", null).status() != 200) {
      if (System.nanoTime() > deadline) throw new AssertionError("the database did not come back");
      Thread.sleep(200);
    }
  }
}
