package io.streamroom.it;

import io.streamroom.support.ChildProcess;
import io.streamroom.support.DatabaseProcesses;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged jar killed with kill -9 comes back on the same data dir by itself, with what it acknowledged. */
class CrashRestartIT {
  private static final Duration START = Duration.ofSeconds(60);

  static Map<String, String> env(Path dataDir) {
    Map<String, String> env = new HashMap<>();
    env.put("STREAMROOM_HOST", "127.0.0.1");
    env.put("STREAMROOM_HTTP_PORT", String.valueOf(TestApp.freePort()));
    env.put("STREAMROOM_TCP_PORT", String.valueOf(TestApp.freePort()));
    env.put("STREAMROOM_DATA_DIR", dataDir.toString());
    env.put("STREAMROOM_VIDEOS_DIR", dataDir.resolve("videos").toString());
    env.put("STREAMROOM_VIDEOS_DEMO", "false");
    env.put("STREAMROOM_CAMERA", "off");
    env.put("STREAMROOM_IRC_PORT", "0"); // a second server on the same data dir must fail on the lock, not on the port
    return env;
  }

  @Test
  void restartsOnTheSameDataDirAfterKill9AndKeepsWhatItAcknowledged() throws Exception {
    Path data = TestApp.tempDir();
    Map<String, String> env = env(data);
    long orphan;
    try (ChildProcess first = ChildProcess.jar(env)) {
      first.awaitOutput("Started in", START);
      try (TelnetClient ada = TelnetClient.connect(Integer.parseInt(env.get("STREAMROOM_TCP_PORT")))) {
        ada.expect("Choose a nickname");
        ada.send("ada");
        ada.expect("You joined #lobby");
        ada.send("said before the crash");
        ada.expect("ada: said before the crash");
      }
      orphan = DatabaseProcesses.postmasterPid(data.resolve("postgres"));
      first.kill(); // kill -9: no shutdown hook runs
      first.awaitExit(Duration.ofSeconds(10));
    }
    assertTrue(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false),
        "the embedded postmaster outlives the killed JVM (pg_ctl daemonizes it): the case under test");

    Map<String, String> again = env(data);
    try (ChildProcess second = ChildProcess.jar(again)) {
      second.awaitOutput("Started in", START);
      second.awaitOutput("Stopping the PostgreSQL server (pid " + orphan + ") left running", Duration.ofSeconds(1));
      try (TelnetClient bo = TelnetClient.connect(Integer.parseInt(again.get("STREAMROOM_TCP_PORT")))) {
        bo.expect("Choose a nickname");
        bo.send("bo");
        bo.expect("You joined #lobby");
        bo.send("/history");
        bo.expect(line -> line.startsWith("[history") && line.endsWith("ada: said before the crash"), "the message from before the crash");
      }
      second.terminate();
      assertEquals(143, second.awaitExit(Duration.ofSeconds(30)));
    }
  }

  @Test
  void secondServerOnTheSameDataDirIsRefusedWithOneLine() throws Exception {
    Path data = TestApp.tempDir();
    Map<String, String> firstEnv = env(data);
    try (ChildProcess first = ChildProcess.jar(firstEnv)) {
      first.awaitOutput("Started in", START);
      try (ChildProcess second = ChildProcess.jar(env(data))) {
        assertEquals(1, second.awaitExit(START));
        assertEquals(List.of("streamroom: STREAMROOM_DATA_DIR (data.dir): another Streamroom (pid " + first.pid()
            + ") is using the data dir " + data.toAbsolutePath() + "; stop it or choose another data dir"), second.err());
      }
      try (TelnetClient ada = TelnetClient.connect(Integer.parseInt(firstEnv.get("STREAMROOM_TCP_PORT")))) {
        ada.expect("Choose a nickname");
        ada.send("ada");
        ada.expect("You joined #lobby"); // the first server was not disturbed
        ada.send("still here");
        ada.expect("ada: still here");
      }
      first.terminate();
      assertEquals(143, first.awaitExit(Duration.ofSeconds(30)));
    }
  }
}
