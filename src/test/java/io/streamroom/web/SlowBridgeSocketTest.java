package io.streamroom.web;

import io.streamroom.config.Setting;
import io.streamroom.support.ApiClient;
import io.streamroom.support.BridgeClient;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** A browser that stops reading costs the server a bounded amount of memory: its socket is closed, the others go on. */
class SlowBridgeSocketTest {
  private static final int LINES = 3000;
  private static TestApp app;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    app = TestApp.start(Map.of(Setting.RATE_MESSAGES, "1000000"));
    api = new ApiClient(app.httpPort());
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void aSocketThatStopsReadingIsClosedAndTheOthersKeepEverything() throws Exception {
    try (Socket slow = listeningSocket(api.register("sleepy", "sleepy-pass"));
         BridgeClient reader = BridgeClient.signedIn(app.httpPort(), api.register("awake", "awake-pass"));
         TelnetClient flooder = app.user("flooder")) {
      reader.join("#lobby");
      String filler = "x".repeat(1900);
      for (int i = 0; i < LINES; i++) flooder.send(i + filler);
      flooder.send("the last line");
      for (int i = 500; i < LINES; i += 500) { // the flood takes a while to be stored and sent: wait in steps
        String prefix = i + "x";
        reader.expectEvent("chat.channel.#lobby", e -> e.getString("text", "").startsWith(prefix), "line " + i);
      }
      reader.expectEvent("chat.channel.#lobby", e -> "the last line".equals(e.getString("text")), "every line");

      // It reads again: what the server wrote before closing it, then the close (4408) and the end.
      String rest = readToEnd(slow.getInputStream());
      assertTrue(rest.contains("too slow"), "closed for being slow");
      assertFalse(rest.contains("the last line"), "closed long before the end of the flood");
    }
  }

  /** A page's bridge socket in #lobby, on a raw TCP socket with a small receive buffer that this test stops reading. */
  private static Socket listeningSocket(String token) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress("127.0.0.1", app.httpPort()));
    socket.setSoTimeout(10_000);
    OutputStream out = socket.getOutputStream();
    out.write(("GET /eventbus/websocket?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + " HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    readUntil(socket.getInputStream(), "\r\n\r\n"); // upgraded
    sendText(out, new JsonObject().put("type", "send").put("address", "chat.commands").put("replyAddress", "joined")
        .put("body", new JsonObject().put("type", "join").put("channel", "#lobby")).encode());
    readUntil(socket.getInputStream(), "\"joined\"");
    sendText(out, new JsonObject().put("type", "register").put("address", "chat.channel.#lobby").encode());
    readUntil(socket.getInputStream(), "\"registered\"");
    return socket;
  }

  /** One masked text frame, as clients must send. */
  private static void sendText(OutputStream out, String text) throws IOException {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x81);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else {
      frame.write(0x80 | 126);
      frame.write(payload.length >> 8);
      frame.write(payload.length & 0xff);
    }
    frame.write(mask);
    for (int i = 0; i < payload.length; i++) frame.write(payload[i] ^ mask[i % 4]);
    out.write(frame.toByteArray());
    out.flush();
  }

  private static void readUntil(InputStream in, String text) throws IOException {
    StringBuilder seen = new StringBuilder();
    byte[] chunk = new byte[4096];
    while (seen.indexOf(text) < 0) {
      int n;
      try {
        n = in.read(chunk);
      } catch (SocketTimeoutException e) {
        throw new AssertionError("no " + text + " in " + seen, e);
      }
      if (n < 0) fail("closed before " + text + ": " + seen);
      seen.append(new String(chunk, 0, n, StandardCharsets.ISO_8859_1));
    }
  }

  private static String readToEnd(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] chunk = new byte[64 * 1024];
    try {
      for (int n; (n = in.read(chunk)) >= 0; ) all.write(chunk, 0, n);
    } catch (SocketTimeoutException open) {
      fail("still open after " + all.size() + " bytes");
    }
    return all.toString(StandardCharsets.ISO_8859_1);
  }
}
