package io.streamroom.bench;

import com.microsoft.playwright.Page;
import io.streamroom.config.Setting;
import io.streamroom.support.ApiClient;
import io.streamroom.support.Browser;
import io.streamroom.support.Pages;
import io.streamroom.support.TestApp;
import io.vertx.core.json.JsonObject;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * A browser stream watched by 4 viewers directly (peer to peer), then by 4 viewers through the server,
 * in headless Chromium on this machine. The streamer's "camera" is a canvas that draws the wall clock as
 * 24 black or white blocks; each viewer reads the blocks back from every frame it presents
 * (requestVideoFrameCallback), so the latency is camera to screen. Prints latency p50/p95 per path, the
 * server's CPU (this JVM: the app and Playwright's Java client) and the relay's bytes per second.
 * Run: mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.streamroom.bench.PeerStreamBenchmark
 */
public final class PeerStreamBenchmark {
  private static final int VIEWERS = 4;
  private static final long WARMUP_MILLIS = 5_000;
  private static final long MEASURE_MILLIS = 15_000;
  private static final String CLOCK_CAMERA = """
      navigator.mediaDevices.getUserMedia = async (constraints) => {
        const canvas = document.createElement('canvas'); canvas.width = 640; canvas.height = 360;
        const g = canvas.getContext('2d');
        const draw = () => { const t = Date.now() % 16777216; g.fillStyle = '#808080'; g.fillRect(0, 0, 640, 360);
          for (let i = 0; i < 24; i++) { g.fillStyle = (t >> i) & 1 ? '#fff' : '#000'; g.fillRect(i * 26, 0, 26, 60); } };
        draw(); setInterval(draw, 5);
        const stream = canvas.captureStream(30);
        if (constraints.audio) { const audio = new AudioContext(); const tone = audio.createOscillator();
          const out = audio.createMediaStreamDestination(); tone.connect(out); tone.start(); stream.addTrack(out.stream.getAudioTracks()[0]); }
        return stream;
      };""";
  private static final String READ_CLOCK = """
      window.latencies = []; window.measuring = false;
      const canvas = document.createElement('canvas'); canvas.width = 640; canvas.height = 360;
      const g = canvas.getContext('2d', { willReadFrequently: true });
      const watch = () => { const v = document.querySelector('#live-av');
        if (!v || !v.requestVideoFrameCallback) { setTimeout(watch, 200); return; }
        const frame = () => { if (v.videoWidth) { g.drawImage(v, 0, 0, 640, 360); const row = g.getImageData(0, 30, 640, 1).data;
            let t = 0; for (let i = 0; i < 24; i++) if (row[(i * 26 + 13) * 4 + 1] > 128) t |= 1 << i;
            const late = (Date.now() % 16777216 - t + 16777216) % 16777216; if (window.measuring && late < 10000) window.latencies.push(late); }
          v.requestVideoFrameCallback(frame); };
        v.requestVideoFrameCallback(frame); };
      document.addEventListener('DOMContentLoaded', watch);""";

  public static void main(String[] args) throws Exception {
    try (Browser browser = Browser.start(List.of("--autoplay-policy=no-user-gesture-required"))) {
      run(browser, "direct", VIEWERS, "direct from the streamer");
      run(browser, "relayed", 0, "through the server");
    }
    System.exit(0);
  }

  private static void run(Browser browser, String label, int directLimit, String pathText) throws Exception {
    try (TestApp app = TestApp.start(Map.of(Setting.LIVE_DIRECT_VIEWERS, String.valueOf(directLimit)));
         Pages pages = new Pages(browser, app.httpPort())) {
      Page streamer = pages.registered("bench" + label + "streamer", CLOCK_CAMERA);
      streamer.click("#go-live-btn");
      assertThat(streamer.locator("#live-badge")).isVisible();
      List<Page> viewers = new ArrayList<>();
      for (int i = 0; i < VIEWERS; i++) {
        Page viewer = pages.registered("bench" + label + i, READ_CLOCK);
        assertThat(viewer.locator("#live-path")).hasText(pathText);
        viewers.add(viewer);
      }
      Thread.sleep(WARMUP_MILLIS);
      ApiClient api = new ApiClient(app.httpPort());
      JsonObject before = api.get("/api/live", null).array().getJsonObject(0);
      viewers.forEach(v -> v.evaluate("() => { window.latencies = []; window.measuring = true; }"));
      long cpuBefore = processCpuNanos();
      long start = System.nanoTime();
      Thread.sleep(MEASURE_MILLIS);
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpu = (processCpuNanos() - cpuBefore) / 1e9 / seconds;
      JsonObject after = api.get("/api/live", null).array().getJsonObject(0);
      List<Long> latencies = new ArrayList<>();
      for (Page viewer : viewers) {
        for (Object value : (List<?>) viewer.evaluate("() => window.latencies")) latencies.add(((Number) value).longValue());
      }
      latencies.sort(null);
      System.out.printf("%-8s viewers %d (direct %d, relayed %d): frames %d, latency p50 %d ms, p95 %d ms; server CPU %.1f%% of a core; "
              + "relay in %.0f kB/s, out %.0f kB/s%n", label, VIEWERS, after.getInteger("direct"), after.getInteger("relayed"),
          latencies.size(), percentile(latencies, 50), percentile(latencies, 95), cpu * 100,
          rate(before, after, "relayBytesIn", seconds), rate(before, after, "relayBytesOut", seconds));
      streamer.click("#go-live-btn");
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static double rate(JsonObject before, JsonObject after, String key, double seconds) {
    return (after.getLong(key, 0L) - before.getLong(key, 0L)) / 1000.0 / seconds;
  }

  private static long percentile(List<Long> sorted, int p) {
    return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }
}
