package io.streamroom.it;

import com.microsoft.playwright.Page;
import io.streamroom.config.Setting;
import io.streamroom.support.ApiClient;
import io.streamroom.support.BrowserApp;
import io.streamroom.support.Poll;
import io.streamroom.support.RtmpPush;
import io.streamroom.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A stream from OBS (Debian's ffmpeg) watched in headless Chromium over low-latency HLS, with sound. */
class ObsStreamBrowserIT {
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  @RegisterExtension
  static final BrowserApp browsers = new BrowserApp(Map.of(Setting.RTMP_PORT, String.valueOf(TestApp.freePort()),
      Setting.ADMINS, "caster"));

  @Test
  void aViewerWatchesAnObsStreamWithSoundAndSeesHowFarBehindItIs() {
    ApiClient api = new ApiClient(browsers.app().httpPort());
    String caster = api.register("caster", "password1");
    JsonObject key = api.post("/api/channels/lobby/streamkey", new JsonObject(), caster).json();
    try (RtmpPush obs = RtmpPush.start(key.getString("publishUrl"), 0)) {
      Poll.until("#lobby live", Duration.ofSeconds(15), () -> api.get("/api/live", null).array().isEmpty() ? null : true);
      Page viewer = browsers.pages().registered("viewer");
      assertThat(viewer.locator("#live-panel")).isVisible();
      assertThat(viewer.locator("#live-source")).hasText("OBS/RTMP (caster)");
      assertThat(viewer.locator("#live-path")).hasText("HLS, with sound");
      viewer.waitForFunction("() => { const v = document.querySelector('#live-av'); return v.videoWidth === 640 && v.currentTime > 1; }");
      double decoded = audioDecodedBytes(viewer);
      viewer.waitForTimeout(1000);
      assertTrue(audioDecodedBytes(viewer) > decoded, "the sound is decoded as it plays");
      assertFalse((Boolean) viewer.evaluate("() => document.querySelector('#live-av').muted"), "with sound");
      viewer.waitForCondition(() -> viewer.locator("#live-latency").textContent().trim().matches("\\d+"));
      int latency = Integer.parseInt(viewer.locator("#live-latency").textContent().trim());
      assertTrue(latency > 0 && latency < 10_000, "the page shows how far behind it is: " + latency + " ms");
      assertThat(viewer.locator("#live-viewers")).hasText("1"); // the page itself, an HLS player
      viewer.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("obs-hls.png")));
    }
    Page viewer = browsers.pages().registered("latecomer");
    assertThat(viewer.locator("#live-panel")).isHidden();
    assertEquals(0, api.get("/api/live", null).array().size());
  }

  private static double audioDecodedBytes(Page page) {
    return ((Number) page.evaluate("() => document.querySelector('#live-av').webkitAudioDecodedByteCount")).doubleValue();
  }
}
