package io.streamroom.live;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.streamroom.config.Setting;
import io.streamroom.support.ApiClient;
import io.streamroom.support.BridgeClient;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sources other than the pattern: a video file (which loops, so the stream stops and starts) and a broken one. */
class LiveSourcesTest {

  @Test
  void aFileSourceStreamsInALoopAndStartStopEventsReachTelnetAndWebUsers() throws Exception {
    Path clip = PatternClip.record(TestApp.tempDir().resolve("clip.mp4"), 160, 120, 10, 10); // one second
    try (TestApp app = TestApp.start(Map.of(Setting.CAMERA, clip.toString(), Setting.CAMERA_WIDTH, "160",
        Setting.CAMERA_HEIGHT, "120"))) {
      ApiClient api = new ApiClient(app.httpPort());
      LiveViewer.awaitLive(api, "#lobby");
      try (TelnetClient telnet = app.user("viewer1");
           BridgeClient web = BridgeClient.signedIn(app.httpPort(), api.register("viewer2", "viewer2-pass"));
           LiveViewer viewer = LiveViewer.watch(app.httpPort(), "lobby")) {
        web.join("#lobby");
        long first = viewer.next().seq();
        long later = first;
        for (int i = 0; i < 15; i++) later = viewer.next().seq(); // more frames than the file has: it loops
        assertTrue(later >= first + 15, "the file plays again without a gap in the stream");
        telnet.send("/live");
        telnet.expect("* Live: #lobby (" + clip);

        // Unplugged: when the file is gone the stream stops; when it is back it starts again.
        Path aside = Files.move(clip, clip.resolveSibling("aside.mp4"));
        telnet.expect("* The live stream in #lobby stopped");
        web.expectEvent("chat.channel.#lobby", e -> "stream".equals(e.getString("type")) && !e.getBoolean("live"), "stopped");
        Files.move(aside, clip);
        telnet.expect("* #lobby is live now (" + clip + "): watch http://127.0.0.1:" + app.httpPort() + "/live/lobby.mjpeg");
        web.expectEvent("chat.channel.#lobby", e -> "stream".equals(e.getString("type")) && e.getBoolean("live")
            && clip.toString().equals(e.getString("source")), "started");
      }
    }
  }

  @Test
  void aBrokenSourceIsReportedOnceAndRetriedWithBackoff() throws Exception {
    Logger capture = (Logger) LoggerFactory.getLogger(CaptureVerticle.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    capture.addAppender(logs);
    try (TestApp app = TestApp.start(Map.of(Setting.CAMERA, "/nonexistent/camera.mp4"))) {
      Thread.sleep(3500);
      List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
      assertTrue(lines.size() >= 2 && lines.size() <= 3, "first try, then after 1 s and 2 s; no busy loop: " + lines);
      assertTrue(lines.get(0).startsWith("Live: /nonexistent/camera.mp4 failed ("), lines.get(0));
      assertTrue(lines.get(0).endsWith("retrying in 1 s"), lines.get(0));
      assertTrue(lines.get(1).endsWith("retrying in 2 s"), lines.get(1));
      assertTrue(logs.list.stream().allMatch(e -> e.getThrowableProxy() == null), "no stack traces");
      assertEquals(0, new ApiClient(app.httpPort()).get("/api/live", null).array().size(), "the channel shows no stream");
    } finally {
      capture.detachAppender(logs);
    }
  }
}
