package io.streamroom.it;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.streamroom.config.Setting;
import io.streamroom.live.PatternClip;
import io.streamroom.support.Browser;
import io.streamroom.support.TestApp;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The library view in real headless Chromium: a title plays in the page's video element and can seek. */
class LibraryBrowserIT {
  @Test
  void aTitlePlaysInThePageAndSwitchingResolutionKeepsThePosition() throws Exception {
    Path library = TestApp.tempDir();
    PatternClip.record(library.resolve("parade_240p.mp4"), 320, 240, 30, 150);
    PatternClip.record(library.resolve("parade_480p.mp4"), 640, 480, 30, 150);
    try (Browser browser = Browser.start();
         TestApp app = TestApp.start(Map.of(Setting.VIDEOS_DIR, library.toString()));
         BrowserContext context = browser.chromium.newContext()) {
      List<String> violations = Browser.cspViolations(context);
      Page page = context.newPage();
      page.navigate("http://127.0.0.1:" + app.httpPort() + "/");
      page.fill("#username", "cinephile");
      page.fill("#password", "cinephile-password");
      page.click("#register-btn");
      assertThat(page.locator("#connection")).hasAttribute("data-state", "connected");

      page.click("#library-btn");
      page.click("#video-list li[data-title='parade']");
      assertThat(page.locator("#library-video")).hasAttribute("data-title", "parade");
      page.locator("#library-video").evaluate("v => { v.muted = true; return v.play(); }");
      page.waitForCondition(() -> ((Number) page.locator("#library-video").evaluate("v => v.currentTime")).doubleValue() > 0.5);
      page.locator("#library-video").evaluate("v => { v.currentTime = 3; }"); // a seek: needs range requests
      page.waitForCondition(() -> ((Number) page.locator("#library-video").evaluate("v => v.currentTime")).doubleValue() >= 3);

      String other = page.locator("#library-video").getAttribute("data-resolution").equals("240p") ? "480p" : "240p";
      page.selectOption("#resolution-select", other);
      assertThat(page.locator("#library-video")).hasAttribute("data-resolution", other);
      page.waitForCondition(() -> ((Number) page.locator("#library-video").evaluate("v => v.readyState")).intValue() >= 1);
      double position = ((Number) page.locator("#library-video").evaluate("v => v.currentTime")).doubleValue();
      assertTrue(position >= 2.5, "the position survives the switch: " + position);
      page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "screenshots", "library.png")));
      assertEquals(List.of(), violations, "the library works within the Content-Security-Policy");
    }
  }
}
