package io.streamroom.tcp;

import io.streamroom.config.Setting;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The bounds that protect the server from idle and slow connections. */
class TelnetLimitsTest {
  /** Small, so the stalled client is found quickly; big enough for 5 ms of this flood to a healthy reader. */
  private static final int PENDING_LIMIT = 256 * 1024;
  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start(Map.of(
        Setting.NICK_TIMEOUT_SECONDS, "1",
        Setting.MAX_PENDING_OUTPUT, String.valueOf(PENDING_LIMIT),
        Setting.RATE_MESSAGES, "100000"));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void connectionWithoutNicknameIsClosedAfterTheTimeout() {
    try (TelnetClient silent = app.connect(); TelnetClient talker = app.user("talker")) {
      silent.expect("Choose a nickname");
      silent.expect("No nickname after 1 s. Bye.");
      silent.expectClosed();
      talker.expectNo("Bye.", Duration.ofMillis(1500)); // a user with a nickname is not timed out
      talker.send("still connected");
      talker.expect("talker: still connected");
    }
  }

  @Test
  void connectionsThatVanishWhileChoosingANicknameLeaveNoGhost() throws Exception {
    for (int i = 0; i < 20; i++) {
      try (Socket hasty = new Socket("127.0.0.1", app.tcpPort())) {
        hasty.getOutputStream().write("ghost\r\n".getBytes(StandardCharsets.UTF_8));
      }
    }
    try (TelnetClient watcher = app.user("watcher2")) {
      // Each hasty connection is closed by the time its session opens; none may keep the name or the lobby.
      long deadline = System.currentTimeMillis() + 5000;
      String who;
      do {
        watcher.send("/who");
        who = watcher.expect("* In #lobby");
      } while (who.contains("ghost") && System.currentTimeMillis() < deadline);
      assertFalse(who.contains("ghost"), who);
      try (TelnetClient real = app.user("ghost")) {
        real.send("/listusers");
        assertTrue(real.expect("* Online").contains("ghost"));
      }
    }
  }

  @Test
  void clientThatStopsReadingIsDisconnectedAndOthersKeepUp() throws Exception {
    try (Socket stalled = new Socket(); TelnetClient sender = app.user("sender"); TelnetClient reader = app.user("reader")) {
      stalled.setReceiveBufferSize(4096);
      stalled.connect(new InetSocketAddress("127.0.0.1", app.tcpPort()));
      stalled.getOutputStream().write("stalled\r\n".getBytes(StandardCharsets.UTF_8));
      reader.expect("* stalled joined #lobby");

      // ~9.5 MB: far more than the bound plus every kernel buffer on the way.
      String payload = "z".repeat(1900);
      int count = 5000;
      for (int i = 1; i <= count; i++) sender.send(i + " " + payload);
      for (int i = 1; i <= count; i++) reader.expect("sender: " + i + " ");

      // The stalled user was dropped somewhere during the flood.
      if (!reader.transcript().contains("* stalled quit")) reader.expect("* stalled quit");
      assertTrue(readsToEnd(stalled), "the server closed the stalled connection");
      sender.send("/listusers");
      String online = sender.expect("* Online");
      assertFalse(online.contains("stalled"), online);
    }
  }

  /** Drains what the kernel buffered; true when the server closed the connection (EOF or reset). */
  private static boolean readsToEnd(Socket socket) throws IOException {
    socket.setSoTimeout(10_000);
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[65536];
    try {
      while (in.read(buffer) != -1) {
        // keep draining
      }
      return true;
    } catch (SocketTimeoutException e) {
      fail("the stalled connection is still open");
      return false;
    } catch (IOException reset) {
      return true;
    }
  }
}
