package io.streamroom.bench;

import com.microsoft.playwright.Page;
import io.streamroom.support.Browser;
import io.streamroom.support.Pages;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * Glass-to-glass latency of the page's LL-HLS player in headless Chromium, watching the server camera's test
 * pattern. Two readings of the same moment, every {@link #EVERY} once playback has started:
 * <ul>
 *   <li>what the page shows in {@code #live-latency}: now minus hls.js's playingDate (the capture time of the
 *   frame at the playhead, from EXT-X-PROGRAM-DATE-TIME);</li>
 *   <li>the picture itself: the pattern draws its capture clock (HH:MM:SS.mmm, seven-segment digits) into
 *   every frame, and the next frame the video element presents is drawn into a canvas and its digits read
 *   back, against the time it is displayed. This one does not trust the playlist's dates.</li>
 * </ul>
 * The tone and the picture come out of one capture and one encoder, in the same parts, so the sound is as late.
 */
final class BrowserLatency {
  static final Duration EVERY = Duration.ofMillis(500);

  /** Latencies in ms (pixel clock readings that could not be read are left out), and frames shown and dropped. */
  record Result(long[] shown, long[] pixel, double framesPerSecond, long dropped, String path) {}

  private static final String CLOCK_READER = """
      window.benchSample = () => new Promise(resolve => {
        const v = document.querySelector('#live-av');
        const text = document.querySelector('#live-latency').textContent;
        const shown = text === '' ? null : Number(text);
        setTimeout(() => resolve({ shown, pixel: null }), 2000);
        v.requestVideoFrameCallback((now, meta) => {
          const w = v.videoWidth, h = v.videoHeight;
          const canvas = window.benchCanvas ??= document.createElement('canvas');
          if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
          const g = canvas.getContext('2d', { willReadFrequently: true });
          g.drawImage(v, 0, 0, w, h);
          // TestPattern.draw: digits h/10 high, half as wide, gap h/50, stroke h/80, from (w/16, h/8)
          const digit = Math.max(6, Math.floor(h / 10)), dw = Math.floor(digit / 2), gap = Math.max(2, Math.floor(digit / 5));
          const t = Math.max(2, Math.floor(digit / 8)), left = Math.floor(w / 16), top = Math.floor(h / 8), half = Math.floor(digit / 2);
          const span = left + 12 * (dw + gap);
          const data = g.getImageData(0, top, span, digit).data;
          const lit = (x, y) => data[((Math.floor(y) - top) * span + Math.floor(x)) * 4 + 1] > 128;
          const SEGMENTS = [0x3F, 0x06, 0x5B, 0x4F, 0x66, 0x6D, 0x7D, 0x07, 0x7F, 0x6F];
          const read = i => {
            const x = left + i * (dw + gap), y = top, low = y + half + (digit - half) / 2;
            const centres = [[x + dw / 2, y + t / 2], [x + dw - t / 2, y + half / 2], [x + dw - t / 2, low], [x + dw / 2, y + digit - t / 2],
              [x + t / 2, low], [x + t / 2, y + half / 2], [x + dw / 2, y + half]];
            return SEGMENTS.indexOf(centres.reduce((bits, [cx, cy], k) => bits | (lit(cx, cy) ? 1 << k : 0), 0));
          };
          const d = [0, 1, 3, 4, 6, 7, 9, 10, 11].map(read);
          if (d.some(n => n < 0)) { resolve({ shown, pixel: null }); return; }
          const clock = ((d[0] * 10 + d[1]) * 60 + d[2] * 10 + d[3]) * 60000 + (d[4] * 10 + d[5]) * 1000 + d[6] * 100 + d[7] * 10 + d[8];
          const at = new Date(Date.now() + (meta.expectedDisplayTime - performance.now()));
          const local = ((at.getHours() * 60 + at.getMinutes()) * 60 + at.getSeconds()) * 1000 + at.getMilliseconds();
          resolve({ shown, pixel: (local - clock + 86400000) % 86400000 });
        });
      });
      window.benchFrames = () => { const q = document.querySelector('#live-av').getVideoPlaybackQuality();
        return { total: q.totalVideoFrames, dropped: q.droppedVideoFrames }; };""";

  private BrowserLatency() {}

  /** Opens the page on the server's #lobby as a new user and samples for {@code window} once the video plays. */
  static Result measure(int httpPort, Duration window) throws InterruptedException {
    try (Browser browser = Browser.start(); Pages pages = new Pages(browser, httpPort)) {
      Page page = pages.registered("watcher", CLOCK_READER);
      assertThat(page.locator("#live-path")).hasAttribute("data-path", "hls");
      page.waitForFunction("() => { const v = document.querySelector('#live-av'); return v.videoWidth > 0 && v.currentTime > 1; }",
          null, new Page.WaitForFunctionOptions().setTimeout(30_000));
      String path = page.locator("#live-path").textContent();
      List<Long> shown = new ArrayList<>();
      List<Long> pixel = new ArrayList<>();
      Map<?, ?> framesBefore = (Map<?, ?>) page.evaluate("() => window.benchFrames()");
      long started = System.nanoTime();
      for (long tick = 0; tick < window.toMillis() / EVERY.toMillis(); tick++) {
        Map<?, ?> sample = (Map<?, ?>) page.evaluate("() => window.benchSample()");
        if (sample.get("shown") instanceof Number n) shown.add(n.longValue());
        if (sample.get("pixel") instanceof Number n) pixel.add(n.longValue());
        long next = started + (tick + 1) * EVERY.toNanos();
        Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      Map<?, ?> framesAfter = (Map<?, ?>) page.evaluate("() => window.benchFrames()");
      double fps = (number(framesAfter, "total") - number(framesBefore, "total")) / seconds;
      long dropped = number(framesAfter, "dropped") - number(framesBefore, "dropped");
      return new Result(sorted(shown), sorted(pixel), fps, dropped, path);
    }
  }

  private static long number(Map<?, ?> map, String key) {
    return ((Number) map.get(key)).longValue();
  }

  private static long[] sorted(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).sorted().toArray();
  }
}
