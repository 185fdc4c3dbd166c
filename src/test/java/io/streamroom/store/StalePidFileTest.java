package io.streamroom.store;

import io.streamroom.config.Config;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After a power loss the embedded database's postmaster.pid stays behind, and after the reboot its pid
 * may belong to some other program; PostgreSQL alone refuses to start then. The server starts anyway.
 */
class StalePidFileTest {

  @Test
  void startsWhenPostmasterPidNamesAnotherLiveProgram() throws Exception {
    Config config;
    List<String> pidFile;
    try (TestApp app = TestApp.start(); TelnetClient ada = app.user("ada")) {
      config = app.config;
      ada.send("kept across the power loss");
      ada.expect("ada: kept across the power loss");
      pidFile = Files.readAllLines(pgDir(config).resolve("postmaster.pid"));
    }
    Process other = new ProcessBuilder("sleep", "120").start(); // the program that got the old pid
    try {
      List<String> stale = new ArrayList<>(pidFile);
      stale.set(0, Long.toString(other.pid()));
      Files.write(pgDir(config).resolve("postmaster.pid"), stale);

      try (TestApp again = TestApp.start(config); TelnetClient bo = again.user("bo")) {
        // joining #lobby shows its history
        bo.expect(line -> line.startsWith("[history") && line.endsWith("ada: kept across the power loss"), "the old message");
      }
      assertTrue(other.isAlive(), "the other program was left alone");
    } finally {
      other.destroyForcibly();
    }
  }

  private static Path pgDir(Config config) {
    return config.path(io.streamroom.config.Setting.DATA_DIR).resolve("postgres");
  }
}
