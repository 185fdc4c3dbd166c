package io.streamroom.web;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.streamroom.support.ApiClient;
import io.streamroom.support.BridgeClient;
import io.streamroom.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A WebSocket frame over the 1 MiB limit closes that socket with one short log line, nothing more. */
class OversizedFramesTest {
  private static final int OVERSIZED = 2 * 1024 * 1024;
  private static TestApp app;
  private static ApiClient api;
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();

  @BeforeAll
  static void start() {
    app = TestApp.start();
    api = new ApiClient(app.httpPort());
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @BeforeEach
  void captureLog() {
    log.start();
    root().addAppender(log);
  }

  @AfterEach
  void releaseLog() {
    root().detachAppender(log);
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  @Test
  void anOversizedFrameToTheBridgeIsOneWarningWithoutAStackTrace() throws Exception {
    String token = api.register("bigsender", "bigsender-pass");
    // closed: 1009, or 1006 (an error here) when the server closes while the client is still sending
    sendOversized("/eventbus/websocket?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    assertOneShortWarning();
    try (BridgeClient web = BridgeClient.signedIn(app.httpPort(), token)) {
      assertTrue(web.join("#lobby").containsKey("history"), "the bridge still serves");
    }
  }

  @Test
  void anOversizedFrameToTheLiveIngestIsOneWarningWithoutAStackTrace() throws Exception {
    String token = api.register("bigcamera", "bigcamera-pass");
    try (BridgeClient page = BridgeClient.signedIn(app.httpPort(), token)) {
      page.join("#lobby");
      sendOversized("/live/lobby/ingest?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)); // closed: 1009, or 1006 when the client is still sending
    }
    assertOneShortWarning();
    assertEquals(200, api.get("/api/live", null).status(), "the server still serves");
  }

  /** @return the close code the server sent */
  private static int sendOversized(String path) throws Exception {
    CompletableFuture<Integer> closed = new CompletableFuture<>();
    WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + app.httpPort() + path), new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            closed.complete(status);
            return null;
          }

          @Override
          public void onError(WebSocket ws, Throwable error) {
            closed.complete(-1);
          }
        }).join();
    Thread.sleep(300); // accepted (token checked) before the frame comes
    socket.sendBinary(ByteBuffer.allocate(OVERSIZED), true).exceptionally(e -> null);
    return closed.get(10, TimeUnit.SECONDS);
  }

  private void assertOneShortWarning() throws InterruptedException {
    Thread.sleep(300); // the log line is written on the event loop
    List<ILoggingEvent> loud = List.copyOf(log.list).stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
    assertEquals(1, loud.size(), "one line: " + loud);
    ILoggingEvent line = loud.get(0);
    assertEquals(Level.WARN, line.getLevel(), line.toString());
    assertNull(line.getThrowableProxy(), "no stack trace: " + line);
    assertTrue(line.getFormattedMessage().contains("127.0.0.1"), "names the remote address: " + line.getFormattedMessage());
  }
}
