package io.streamroom.it;

import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.streamroom.config.Setting;
import io.streamroom.support.Browser;
import io.streamroom.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Live video in real headless Chromium: watching the camera's test pattern over HLS, and going live with a (fake) webcam. */
class LivePageBrowserIT {
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static TestApp app;
  private static Browser browser;

  @BeforeAll
  static void start() {
    browser = Browser.start();
    app = TestApp.start(Map.of(Setting.CAMERA, "test", Setting.CAMERA_WIDTH, "640", Setting.CAMERA_HEIGHT, "360"));
  }

  @AfterAll
  static void stop() {
    if (app != null) app.close();
    if (browser != null) browser.close();
  }

  private Page signedIn(BrowserContext context, String name) {
    Page page = context.newPage();
    page.navigate("http://127.0.0.1:" + app.httpPort() + "/");
    page.fill("#username", name);
    page.fill("#password", name + "-password");
    page.click("#register-btn");
    assertThat(page.locator("#connection")).hasAttribute("data-state", "connected");
    return page;
  }

  private static int number(Page page, String selector) {
    String text = page.locator(selector).textContent().trim();
    return text.matches("\\d+") ? Integer.parseInt(text) : -1;
  }

  @Test
  void theLobbyShowsTheTestPatternOverHlsWithItsToneAndFigures() {
    try (BrowserContext context = browser.chromium.newContext(new NewContextOptions().setViewportSize(1200, 900))) {
      List<String> violations = Browser.cspViolations(context);
      Page page = signedIn(context, "watcher");
      assertThat(page.locator("#live-panel")).isVisible();
      // The server's camera encodes H.264 and AAC once someone asks for its HLS; the page plays it with hls.js.
      assertThat(page.locator("#live-path")).hasText("HLS, with sound");
      page.waitForFunction("() => { const v = document.querySelector('#live-av'); return v.videoWidth === 640 && v.currentTime > 1; }");
      double decoded = audioDecodedBytes(page);
      page.waitForTimeout(1000);
      assertTrue(audioDecodedBytes(page) > decoded, "the test pattern's tone is decoded as it plays");
      // The figures under the picture: frames shown, and how far behind the camera's clock the picture is.
      page.waitForCondition(() -> number(page, "#live-fps") >= 20 && number(page, "#live-latency") > 0);
      page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("live.png")));
      assertEquals(List.of(), violations, "live video works within the Content-Security-Policy");
    }
  }

  private static double audioDecodedBytes(Page page) {
    return ((Number) page.evaluate("() => document.querySelector('#live-av').webkitAudioDecodedByteCount")).doubleValue();
  }

  @Test
  void aUserGoesLiveWithTheirWebcamAndAnotherWatches() {
    try (BrowserContext streamerContext = browser.chromium.newContext();
         BrowserContext viewerContext = browser.chromium.newContext()) {
      streamerContext.grantPermissions(List.of("camera", "microphone"));
      List<String> streamerViolations = Browser.cspViolations(streamerContext);
      List<String> viewerViolations = Browser.cspViolations(viewerContext);
      Page streamer = signedIn(streamerContext, "vlogger");
      streamer.fill("#new-channel-name", "vlog");
      streamer.click("#new-channel-btn");
      assertThat(streamer.locator("#current-channel")).hasText("#vlog");
      streamer.click("#go-live-btn");

      Page viewer = signedIn(viewerContext, "fan");
      viewer.click("#channel-list li[data-channel='#vlog']");
      assertThat(viewer.locator("#live-panel")).isVisible();
      // A browser's stream comes straight from the streamer's page (PeerStreamBrowserIT has the details).
      assertThat(viewer.locator("#live-path")).hasText("direct from the streamer");
      viewer.waitForFunction("() => { const v = document.querySelector('#live-av'); return v.videoWidth > 0 && v.currentTime > 1; }");
      assertThat(viewer.locator("#live-source")).containsText("vlogger");
      assertEquals(List.of(), streamerViolations, "going live works within the Content-Security-Policy");
      assertEquals(List.of(), viewerViolations, "watching works within the Content-Security-Policy");
    }
  }
}
