package io.streamroom.metrics;

import io.streamroom.config.Setting;
import io.streamroom.live.PatternClip;
import io.streamroom.support.ApiClient;
import io.streamroom.support.BridgeClient;
import io.streamroom.support.IrcClient;
import io.streamroom.support.MetricsScrape;
import io.streamroom.support.Poll;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An operator's Prometheus reading /metrics while people chat over telnet, IRC and the page, and watch the live stream. */
class MetricsTest {
  private static final String TELNET_USERS = "streamroom_users_connected{adapter=\"telnet\"}";
  private static final String IRC_USERS = "streamroom_users_connected{adapter=\"irc\"}";
  private static final String WEB_USERS = "streamroom_users_connected{adapter=\"web\"}";
  private static final String SENT = "streamroom_messages_sent_total";
  private static final String TCP_DELIVERIES = "streamroom_deliveries_total{adapter=\"tcp\"}";
  private static final String WEB_DELIVERIES = "streamroom_deliveries_total{adapter=\"web\"}";
  private static final String WRITES = "streamroom_database_write_seconds_count";
  private static final String WRITE_TIME = "streamroom_database_write_seconds_sum";
  private static final Duration SOON = Duration.ofSeconds(10);
  private static TestApp app;
  private static ApiClient api;
  private static Path videos;

  @BeforeAll
  static void start() {
    videos = TestApp.tempDir();
    app = TestApp.start(Map.of(Setting.IRC_PORT, String.valueOf(TestApp.freePort()), Setting.CAMERA, "test",
        Setting.CAMERA_WIDTH, "640", Setting.CAMERA_HEIGHT, "360", Setting.CAMERA_QUALITY, "100",
        Setting.VIDEOS_DIR, videos.toString(), Setting.VIDEOS_SCAN_SECONDS, "1"));
    api = new ApiClient(app.httpPort());
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void vertxAndJvmSeriesAreThereBesideOurs() {
    MetricsScrape metrics = MetricsScrape.read(api);
    for (String name : List.of("vertx_http_server_requests_total", "vertx_net_server_active_connections",
        "vertx_eventbus_handlers", "vertx_pool_in_use", "jvm_memory_used_bytes", "jvm_threads_live_threads",
        "streamroom_database_queue", "streamroom_live_streams", "streamroom_library_files")) {
      assertTrue(metrics.has(name), name + " in:\n" + metrics.text());
    }
  }

  @Test
  void usersMessagesDeliveriesAndDatabaseWritesMoveWithTheChat() {
    MetricsScrape before = MetricsScrape.read(api);
    try (TelnetClient ann = app.user("ann"); TelnetClient bob = app.user("bob");
         IrcClient cyd = IrcClient.registered(app.ircPort(), "cyd");
         BridgeClient dee = BridgeClient.signedIn(app.httpPort(), api.register("dee", "dee-password"))) {
      cyd.join("#lobby");
      dee.join("#lobby");
      MetricsScrape connected = MetricsScrape.read(api);
      assertEquals(before.value(TELNET_USERS) + 2, connected.value(TELNET_USERS));
      assertEquals(before.value(IRC_USERS) + 1, connected.value(IRC_USERS));
      assertEquals(before.value(WEB_USERS) + 1, connected.value(WEB_USERS));

      for (int i = 1; i <= 10; i++) ann.send("load line " + i);
      bob.expect("load line 10");
      cyd.expect("load line 10");
      dee.expectEvent("chat.channel.#lobby", e -> "load line 10".equals(e.getString("text")), "load line 10 on the page");
      cyd.send("PRIVMSG #lobby :from irc");
      dee.say("#lobby", "from the page");
      ann.expect("from the page");
      bob.expect("from the page");
      cyd.expect("from the page");

      MetricsScrape after = MetricsScrape.read(api);
      assertTrue(after.value(SENT) >= before.value(SENT) + 12, "12 messages sent: " + after.value(SENT));
      // Each of the 12 reaches the three TCP users (ann, bob and cyd) and the page.
      assertTrue(after.value(TCP_DELIVERIES) >= before.value(TCP_DELIVERIES) + 36, "TCP deliveries: " + after.value(TCP_DELIVERIES));
      assertTrue(after.value(WEB_DELIVERIES) >= before.value(WEB_DELIVERIES) + 12, "web deliveries: " + after.value(WEB_DELIVERIES));
      assertTrue(after.value(WRITES) > before.value(WRITES), "batches committed");
      assertTrue(after.value(WRITE_TIME) > before.value(WRITE_TIME), "commits take time");
      assertTrue(after.value("streamroom_database_queue") >= 0);
    }
    // Users who left are no longer counted.
    Poll.until("the users' disconnections in /metrics", SOON, () -> {
      MetricsScrape gone = MetricsScrape.read(api);
      return gone.value(TELNET_USERS) == before.value(TELNET_USERS) && gone.value(IRC_USERS) == before.value(IRC_USERS)
          && gone.value(WEB_USERS) == before.value(WEB_USERS) ? gone : null;
    });
  }

  @Test
  void liveSeriesCountTheStreamItsViewersFramesAndSkippedFrames() throws Exception {
    Poll.until("#lobby live in /metrics", SOON, () -> MetricsScrape.read(api).value("streamroom_live_streams") == 1 ? true : null);
    double frames = MetricsScrape.read(api).value("streamroom_live_frames_total");
    try (Socket stalled = new Socket()) {
      stalled.setReceiveBufferSize(4096); // a viewer that never reads: the server skips frames for it
      stalled.connect(new InetSocketAddress("127.0.0.1", app.httpPort()));
      OutputStream out = stalled.getOutputStream();
      out.write("GET /live/lobby.mjpeg HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      MetricsScrape watched = Poll.until("a skipped frame in /metrics", Duration.ofSeconds(30), () -> {
        MetricsScrape now = MetricsScrape.read(api);
        return now.value("streamroom_live_frames_skipped_total") > 0 ? now : null;
      });
      assertEquals(1, watched.value("streamroom_live_viewers"));
      assertTrue(watched.value("streamroom_live_frames_total") > frames + 10, "frames arrive: " + watched.value("streamroom_live_frames_total"));
    }
    Poll.until("no viewers in /metrics", SOON, () -> MetricsScrape.read(api).value("streamroom_live_viewers") == 0 ? true : null);
  }

  @Test
  void librarySeriesFollowTheVideosFolder() throws Exception {
    Path clip = PatternClip.record(TestApp.tempDir().resolve("metrics_240p.mp4"), 320, 240, 10, 10);
    long size = Files.size(clip);
    Files.move(clip, videos.resolve(clip.getFileName()));
    MetricsScrape listed = Poll.until("the new video in /metrics", SOON, () -> {
      MetricsScrape now = MetricsScrape.read(api);
      return now.value("streamroom_library_files") == 1 ? now : null;
    });
    assertEquals(1, listed.value("streamroom_library_titles"));
    assertEquals(size, listed.value("streamroom_library_size_bytes"));
    Files.delete(videos.resolve(clip.getFileName()));
    Poll.until("the video gone from /metrics", SOON, () -> MetricsScrape.read(api).value("streamroom_library_size_bytes") == 0 ? true : null);
  }
}
