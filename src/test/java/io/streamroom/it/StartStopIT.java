package io.streamroom.it;

import io.streamroom.support.ChildProcess;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fat jar as a person starts and stops it: endpoints printed, clean SIGTERM, one-line start-up errors. */
class StartStopIT {
  private static final Duration START = Duration.ofSeconds(60);
  /** Not 6667: another server on the machine may have it. */
  private static final int IRC_PORT = TestApp.freePort();

  private static Map<String, String> env(Path dataDir, int http, int tcp) {
    Map<String, String> env = new HashMap<>();
    env.put("STREAMROOM_HOST", "127.0.0.1");
    env.put("STREAMROOM_HTTP_PORT", String.valueOf(http));
    env.put("STREAMROOM_TCP_PORT", String.valueOf(tcp));
    env.put("STREAMROOM_DATA_DIR", dataDir.toString());
    env.put("STREAMROOM_VIDEOS_DIR", dataDir.resolve("videos").toString());
    env.put("STREAMROOM_IRC_PORT", String.valueOf(IRC_PORT));
    return env;
  }

  @Test
  void startsPrintsEndpointsAndStopsCleanlyOnSigterm() throws Exception {
    Path data = TestApp.tempDir();
    int http = TestApp.freePort();
    int tcp = TestApp.freePort();
    try (ChildProcess server = ChildProcess.jar(env(data, http, tcp))) {
      assertEquals("Streamroom telnet chat: telnet 127.0.0.1 " + tcp, server.awaitOutput("telnet chat:", START));
      assertEquals("Streamroom web:         http://127.0.0.1:" + http + "/", server.awaitOutput("web:", START));
      assertEquals("Streamroom IRC:         irc://127.0.0.1:" + IRC_PORT + " (IRC clients also work on " + tcp + ")",
          server.awaitOutput("IRC:", START));
      server.awaitOutput("Started in", START);
      assertTrue(Files.exists(data.resolve("postgres").resolve("postmaster.pid")), "embedded Postgres runs under the data dir");
      // Defaults on a machine without a camera: the test pattern goes live, and the empty library gets its demo.
      server.awaitOutput("Live: test pattern into #lobby at 1280x720, 30 fps", START);
      server.awaitOutput("Video library was empty: created the demo title", START);
      assertTrue(Files.size(data.resolve("videos").resolve("demo_240p.mp4")) > 0);
      assertTrue(Files.size(data.resolve("videos").resolve("demo_480p.mp4")) > 0);

      try (TelnetClient user = TelnetClient.connect(tcp)) {
        user.expect("Choose a nickname");
        user.send("stayer");
        user.expect("You joined #lobby");
        server.terminate();
        user.expect("The server is going down. Bye.");
        user.expectClosed();
      }
      assertEquals(143, server.awaitExit(Duration.ofSeconds(30)), "exit code of a JVM stopped by SIGTERM");
      server.awaitOutput("Stopped.", Duration.ofSeconds(5));
      assertFalse(Files.exists(data.resolve("postgres").resolve("postmaster.pid")), "embedded Postgres was shut down");
      assertNoStackTrace(server);
    }
  }

  @Test
  void portInUseStopsWithOneLineNamingTheSetting() throws Exception {
    try (ServerSocket taken = new ServerSocket(0);
         ChildProcess server = ChildProcess.jar(env(TestApp.tempDir(), TestApp.freePort(), taken.getLocalPort()))) {
      assertEquals(1, server.awaitExit(START));
      assertEquals(1, server.err().size(), server.err().toString());
      String line = server.err().get(0);
      assertTrue(line.startsWith("streamroom: STREAMROOM_TCP_PORT (tcp.port): cannot listen on 127.0.0.1:" + taken.getLocalPort()), line);
      assertTrue(line.contains("in use"), line);
      assertNoStackTrace(server);
    }
  }

  @Test
  void badConfigValueStopsWithOneLineNamingTheSetting() {
    Map<String, String> env = env(TestApp.tempDir(), TestApp.freePort(), TestApp.freePort());
    env.put("STREAMROOM_RATE_MESSAGES", "lots");
    try (ChildProcess server = ChildProcess.jar(env)) {
      assertEquals(1, server.awaitExit(START));
      assertEquals(java.util.List.of("streamroom: STREAMROOM_RATE_MESSAGES (rate.messages): must be a whole number, got 'lots'"),
          server.err());
      assertNoStackTrace(server);
    }
  }

  @Test
  void unreachableDatabaseStopsWithOneLineNamingTheSetting() {
    Map<String, String> env = env(TestApp.tempDir(), TestApp.freePort(), TestApp.freePort());
    int closedPort = TestApp.freePort();
    env.put("STREAMROOM_DB_URL", "postgresql://chat:secret@127.0.0.1:" + closedPort + "/chat");
    try (ChildProcess server = ChildProcess.jar(env)) {
      assertEquals(1, server.awaitExit(START));
      assertEquals(1, server.err().size(), server.err().toString());
      assertTrue(server.err().get(0).startsWith("streamroom: STREAMROOM_DB_URL (db.url): cannot use the database at 127.0.0.1:"
          + closedPort + "/chat"), server.err().get(0));
      assertNoStackTrace(server);
    }
  }

  private static void assertNoStackTrace(ChildProcess server) {
    for (String line : server.out()) assertFalse(line.startsWith("\tat ") || line.contains("Exception in thread"), line);
    for (String line : server.err()) assertFalse(line.startsWith("\tat "), line);
  }
}
