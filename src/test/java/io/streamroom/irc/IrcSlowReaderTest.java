package io.streamroom.irc;

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
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/** An IRC client that stops reading is cut like a telnet one, and the others keep up. */
class IrcSlowReaderTest {
  /** Small, so the stalled client is found quickly; big enough for 5 ms of this flood to a healthy reader. */
  private static final int PENDING_LIMIT = 256 * 1024;
  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start(Map.of(Setting.MAX_PENDING_OUTPUT, String.valueOf(PENDING_LIMIT), Setting.RATE_MESSAGES, "100000"));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void ircClientThatStopsReadingIsDisconnectedAndOthersKeepUp() throws Exception {
    try (Socket stalled = new Socket(); TelnetClient sender = app.user("slsender"); TelnetClient reader = app.user("slreader")) {
      stalled.setReceiveBufferSize(4096);
      stalled.connect(new InetSocketAddress("127.0.0.1", app.tcpPort()));
      stalled.getOutputStream().write("NICK slstalled\r\nUSER s 0 * :s\r\nJOIN #lobby\r\n".getBytes(StandardCharsets.UTF_8));
      reader.expect("* slstalled joined #lobby");

      // ~9.5 MB, split into IRC lines for the stalled client: far more than the bound and every kernel buffer.
      String payload = "z".repeat(1900);
      int count = 5000;
      for (int i = 1; i <= count; i++) sender.send(i + " " + payload);
      for (int i = 1; i <= count; i++) reader.expect("slsender: " + i + " ");

      if (!reader.transcript().contains("* slstalled quit")) reader.expect("* slstalled quit");
      readsToEnd(stalled);
      sender.send("/listusers");
      String online = sender.expect("* Online");
      assertFalse(online.contains("slstalled"), online);
    }
  }

  /** Drains what the kernel buffered, failing unless the server closed the connection (EOF or reset). */
  private static void readsToEnd(Socket socket) throws IOException {
    socket.setSoTimeout(10_000);
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[65536];
    try {
      while (in.read(buffer) != -1) {
        // keep draining
      }
    } catch (SocketTimeoutException e) {
      fail("the stalled connection is still open");
    } catch (IOException reset) {
      // closed by the server
    }
  }
}
