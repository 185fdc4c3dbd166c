package io.streamroom.live;

import io.streamroom.config.Setting;
import io.streamroom.support.ApiClient;
import io.streamroom.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The test pattern feeding #lobby, watched over WebSocket and MJPEG by real clients. */
class LiveStreamTest {
  private static TestApp app;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    app = TestApp.start(Map.of(Setting.CAMERA, "test", Setting.CAMERA_WIDTH, "640", Setting.CAMERA_HEIGHT, "360",
        Setting.CAMERA_QUALITY, "100"));
    api = new ApiClient(app.httpPort());
    LiveViewer.awaitLive(api, "#lobby");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void twoViewersGetJpegFramesWithIncreasingSequenceNumbers() {
    try (LiveViewer one = LiveViewer.watch(app.httpPort(), "lobby"); LiveViewer two = LiveViewer.watch(app.httpPort(), "lobby")) {
      for (LiveViewer viewer : new LiveViewer[] {one, two}) {
        long previous = -1;
        for (int i = 0; i < 30; i++) {
          LiveViewer.Received frame = viewer.next();
          assertTrue(frame.seq() > previous, "sequence numbers increase: " + previous + " then " + frame.seq());
          previous = frame.seq();
          assertTrue(frame.isJpeg(), "a JPEG");
          assertTrue(frame.latencyMillis() >= 0 && frame.latencyMillis() < 1000, "capture time is recent: " + frame.latencyMillis());
        }
      }
      JsonObject lobby = api.get("/api/live", null).array().getJsonObject(0);
      assertEquals("#lobby", lobby.getString("channel"));
      assertEquals("test pattern", lobby.getString("source"));
      assertEquals(2, lobby.getInteger("viewers"));
      assertTrue(lobby.getInteger("fps") >= 25, lobby.encode());
    }
  }

  @Test
  void aViewerThatNeverReadsSkipsFramesAndDoesNotSlowTheOthers() throws Exception {
    try (Socket stalled = new Socket()) {
      stalled.setReceiveBufferSize(4096);
      stalled.connect(new InetSocketAddress("127.0.0.1", app.httpPort()));
      OutputStream out = stalled.getOutputStream();
      out.write("GET /live/lobby.mjpeg HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // Wait until the server has filled the stalled viewer's socket and started skipping frames for it.
      long deadline = System.currentTimeMillis() + 30_000;
      long skipped = 0;
      while (skipped == 0 && System.currentTimeMillis() < deadline) {
        Thread.sleep(500);
        skipped = api.get("/api/live", null).array().getJsonObject(0).getLong("skipped");
      }
      assertTrue(skipped > 0, "frames are skipped for the stalled viewer, not queued");
      try (LiveViewer healthy = LiveViewer.watch(app.httpPort(), "lobby")) {
        long first = healthy.next().seq();
        long start = System.nanoTime();
        long last = first;
        while (System.nanoTime() - start < 2_000_000_000L) last = healthy.next().seq();
        double fps = (last - first) / ((System.nanoTime() - start) / 1e9);
        assertTrue(fps >= 25, "the healthy viewer keeps the full rate: " + fps);
      }
    }
  }

  @Test
  void theCamerasChannelRefusesAWebcamOnTop() {
    String token = api.register("eager", "eager-pass");
    try (io.streamroom.support.BridgeClient page = io.streamroom.support.BridgeClient.signedIn(app.httpPort(), token);
         IngestClient webcam = new IngestClient(app.httpPort(), "lobby", tokenAfterJoin(page, token))) {
      assertEquals("4409 #lobby is already live", webcam.awaitClosed());
    }
  }

  private static String tokenAfterJoin(io.streamroom.support.BridgeClient page, String token) {
    page.join("#lobby");
    return token;
  }

  @Test
  void aChannelThatIsNotLiveAnswers404() {
    ApiClient.Response response = api.get("/live/quiet.mjpeg", null);
    assertEquals(404, response.status());
    assertEquals("NOT_LIVE", response.error());
    JsonArray live = api.get("/api/live", null).array();
    assertEquals(1, live.size());
  }
}
