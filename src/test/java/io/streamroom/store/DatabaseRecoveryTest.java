package io.streamroom.store;

import io.streamroom.config.Setting;
import io.streamroom.support.DatabaseProcesses;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The database dies or hangs under a running server; the server notices, says so on /health, and recovers alone. */
class DatabaseRecoveryTest {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void killedEmbeddedDatabaseIsRestartedAndChatCarriesOn() throws Exception {
    try (TestApp app = TestApp.start(); TelnetClient ada = app.user("ada")) {
      Path pgDir = app.config.path(Setting.DATA_DIR).resolve("postgres");
      long oldPostmaster = DatabaseProcesses.postmasterPid(pgDir);
      assertEquals(200, awaitHealth(app, 200, Duration.ofSeconds(5)));

      DatabaseProcesses.kill(pgDir);
      awaitHealth(app, 503, Duration.ofSeconds(5));
      awaitWatch(app, false, Duration.ofSeconds(5));
      awaitHealth(app, 200, Duration.ofSeconds(30));
      assertTrue(app.app().databaseWatch().isUp());
      assertTrue(DatabaseProcesses.postmasterPid(pgDir) != oldPostmaster, "a new postmaster runs");

      ada.send("said after the restart");
      ada.expect("ada: said after the restart"); // the echo comes only once the row is committed
      long stored = app.app().pool().preparedQuery("SELECT count(*) FROM messages WHERE body = $1")
          .execute(io.vertx.sqlclient.Tuple.of("said after the restart"))
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).iterator().next().getLong(0);
      assertEquals(1, stored);
    }
  }

  @Test
  void hangingDatabaseIsReportedAs503AndRecoversWhenItResumes() throws Exception {
    Path pgDir = TestApp.tempDir();
    try (EmbeddedPostgres external = EmbeddedPostgres.builder().setDataDirectory(pgDir).setServerConfig("fsync", "on").start();
         TestApp app = TestApp.start(Map.of(Setting.DB_URL, DurableSettingsTest.url(external)))) {
      assertEquals(200, awaitHealth(app, 200, Duration.ofSeconds(5)));
      List<ProcessHandle> processes = DatabaseProcesses.of(pgDir);
      DatabaseProcesses.signal(processes, "STOP");
      try {
        awaitHealth(app, 503, Duration.ofSeconds(6)); // never 500: a hang is answered before Vert.x's procedure timeout
        awaitWatch(app, false, Duration.ofSeconds(5));
      } finally {
        DatabaseProcesses.signal(processes, "CONT");
      }
      awaitHealth(app, 200, Duration.ofSeconds(15));
      assertTrue(app.app().databaseWatch().isUp());
    }
  }

  private static void awaitWatch(TestApp app, boolean up, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (app.app().databaseWatch().isUp() != up) {
      if (System.nanoTime() > deadline) fail("the database watch did not see the database " + (up ? "up" : "down") + " within " + within);
      Thread.sleep(50);
    }
  }

  /** Polls /health until it answers {@code status}; any other status than 200 or 503 fails at once. */
  private int awaitHealth(TestApp app, int status, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    List<Integer> seen = new java.util.ArrayList<>();
    while (System.nanoTime() < deadline) {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/health"))
          .timeout(Duration.ofSeconds(10)).build();
      int got = http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
      seen.add(got);
      if (got != 200 && got != 503) fail("/health answered " + got + "; seen " + seen);
      if (got == status) return got;
      Thread.sleep(100);
    }
    fail("/health did not answer " + status + " within " + within + "; seen " + seen);
    return -1;
  }
}
