package io.streamroom.rtmp;

import io.streamroom.config.Setting;
import io.streamroom.support.ApiClient;
import io.streamroom.support.MjpegClient;
import io.streamroom.support.Poll;
import io.streamroom.support.RtmpPush;
import io.streamroom.support.TestApp;
import io.streamroom.support.TestMedia;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An OBS stream watched the simple way, as JPEG frames over MJPEG: the server decodes the H.264 only while
 * someone watches. Observed through /api/live's {@code frames}, the JPEG frames the hub received.
 */
class ObsMjpegTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  /** The JPEG rate cap (camera.fps), a third of the push's 30 fps. */
  private static final int JPEG_FPS = 10;
  private static TestApp app;
  private static ApiClient api;
  private static String publishUrl;

  @BeforeAll
  static void start() {
    TestMedia.requireFfmpeg();
    app = TestApp.start(Map.of(Setting.RTMP_PORT, String.valueOf(TestApp.freePort()), Setting.CAMERA_FPS, String.valueOf(JPEG_FPS),
        Setting.RECORD, "false"));
    api = new ApiClient(app.httpPort());
    String alice = api.register("alice", "password1");
    assertEquals(201, api.post("/api/channels", new JsonObject().put("name", "studio"), alice).status());
    publishUrl = api.post("/api/channels/studio/streamkey", new JsonObject(), alice).json().getString("publishUrl");
  }

  @AfterAll
  static void stop() {
    if (app != null) app.close();
  }

  @Test
  void anMjpegViewerSeesTheObsStreamsPicturesAtTheCappedRateWhichAreMadeOnlyWhileSomeoneWatches() throws Exception {
    try (RtmpPush obs = RtmpPush.start(publishUrl, 0)) {
      Poll.until("#studio live", WAIT, () -> live());
      pause(Duration.ofSeconds(2)); // live with nobody watching pictures
      assertEquals(0, live().getLong("frames"), "no JPEG is made for nobody");

      try (MjpegClient viewer = MjpegClient.open(app.httpPort(), "/live/studio.mjpeg", WAIT)) {
        BufferedImage picture = ImageIO.read(new ByteArrayInputStream(viewer.nextJpeg()));
        assertNotNull(picture, "a JPEG");
        assertEquals(640, picture.getWidth());
        assertEquals(360, picture.getHeight());
        assertTrue(colours(picture) > 100, "the test card's colours, not a blank or one-plane picture: " + colours(picture));
        long started = System.nanoTime();
        for (int i = 0; i < 2 * JPEG_FPS; i++) viewer.nextJpeg();
        double fps = 2 * JPEG_FPS / ((System.nanoTime() - started) / 1e9);
        assertTrue(fps > JPEG_FPS * 0.6 && fps < JPEG_FPS * 1.4, "capped at " + JPEG_FPS + " of the push's 30 fps: " + fps);
      }

      long made = Poll.until("JPEG frames stop after the viewer left", WAIT, () -> {
        long before = live().getLong("frames");
        pause(Duration.ofMillis(1500));
        return live().getLong("frames") == before ? before : null;
      });
      assertTrue(made > 2 * JPEG_FPS, "frames were counted while watched: " + made);
      assertEquals("/hls/studio/index.m3u8", live().getString("hls"), "the stream itself goes on");
    }
  }

  private static void pause(Duration time) {
    try {
      Thread.sleep(time.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Distinct colours among a grid of the picture's pixels. */
  private static int colours(BufferedImage picture) {
    Set<Integer> seen = new HashSet<>();
    for (int y = 0; y < picture.getHeight(); y += 8) {
      for (int x = 0; x < picture.getWidth(); x += 8) seen.add(picture.getRGB(x, y));
    }
    return seen.size();
  }

  private static JsonObject live() {
    for (Object s : api.get("/api/live", null).array()) {
      if ("#studio".equals(((JsonObject) s).getString("channel"))) return (JsonObject) s;
    }
    return null;
  }
}
