package io.streamroom.store;

import io.streamroom.config.Setting;
import io.streamroom.support.ApiClient;
import io.streamroom.support.DatabaseProcesses;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
    try (EmbeddedPostgres db = EmbeddedPostgres.builder().setDataDirectory(dir).setServerConfig("fsync", "on").start();
         TestApp app = TestApp.start(Map.of(Setting.DB_URL, DurableSettingsTest.url(db)));
         TelnetClient ada = app.user("ada");
         TelnetClient bo = app.user("bo")) {
      List<ProcessHandle> postgres = DatabaseProcesses.of(dir);
      DatabaseProcesses.signal(postgres, "STOP");
      try {
        ada.send("are you there?");
        ada.expect("? Not confirmed yet: the database is slow.");
        bo.expectNo("ada: are you there?", Duration.ofMillis(200));
      } finally {
        DatabaseProcesses.signal(postgres, "CONT");
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

  private static void awaitHealthy(TestApp app) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    ApiClient api = new ApiClient(app.httpPort());
    while (api.get("/health", null).status() != 200) {
      if (System.nanoTime() > deadline) throw new AssertionError("the database did not come back");
      Thread.sleep(200);
    }
  }
}
