package io.streamroom.it;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.streamroom.config.Setting;
import io.streamroom.live.PatternClip;
import io.streamroom.support.Browser;
import io.streamroom.support.TestApp;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The library view in real headless Chromium: a title plays adaptively over HLS in the page and can seek. */
class LibraryBrowserIT {
  @Test
  void aTitlePlaysAdaptivelyOverHlsAndChoosingAQualityKeepsThePosition() throws Exception {
    Path library = TestApp.tempDir();
    PatternClip.record(library.resolve("parade_240p.mp4"), 320, 240, 30, 150);
    PatternClip.record(library.resolve("parade_480p.mp4"), 640, 480, 30, 150);
    try (Browser browser = Browser.start();
         TestApp app = TestApp.start(Map.of(Setting.VIDEOS_DIR, library.toString()));
         BrowserContext context = browser.chromium.newContext()) {
      List<String> violations = Browser.cspViolations(context);
      List<String> requested = new CopyOnWriteArrayList<>();
      Page page = context.newPage();
      page.onRequest(request -> requested.add(request.url()));
      page.navigate("http://127.0.0.1:" + app.httpPort() + "/");
      page.fill("#username", "cinephile");
      page.fill("#password", "cinephile-password");
      page.click("#register-btn");
      assertThat(page.locator("#connection")).hasAttribute("data-state", "connected");

      page.click("#library-btn");
      page.click("#video-list li[data-title='parade']");
      Locator video = page.locator("#library-video");
      assertThat(video).hasAttribute("data-title", "parade");
      assertThat(video).hasAttribute("data-resolution", "auto");
      assertThat(video).hasAttribute("data-playing", Pattern.compile("240p|480p"));
      assertThat(page.locator("#resolution-select option[value=auto]")).hasText(Pattern.compile("Auto \\((240|480)p\\)"));
      assertTrue(requested.stream().anyMatch(url -> url.endsWith("/hls/vod/parade/master.m3u8")), requested.toString());
      video.evaluate("v => { v.muted = true; return v.play(); }");
      page.waitForCondition(() -> currentTime(video) > 0.5);
      video.evaluate("v => { v.currentTime = 3; }");
      page.waitForCondition(() -> currentTime(video) >= 3);

      String other = video.getAttribute("data-playing").equals("240p") ? "480p" : "240p";
      page.selectOption("#resolution-select", other);
      assertThat(video).hasAttribute("data-playing", other);
      assertThat(video).hasAttribute("data-resolution", other);
      assertTrue(currentTime(video) >= 2.5, "the position survives the switch: " + currentTime(video));
      page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "screenshots", "library.png")));
      assertTrue(requested.stream().noneMatch(url -> url.contains("/videos/parade_")), "no mp4 file was needed: " + requested);
      assertEquals(List.of(), violations, "the library works within the Content-Security-Policy");
    }
  }

  private static double currentTime(Locator video) {
    return ((Number) video.evaluate("v => v.currentTime")).doubleValue();
  }
}
