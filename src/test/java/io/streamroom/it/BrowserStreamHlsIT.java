package io.streamroom.it;

import com.microsoft.playwright.Page;
import io.streamroom.support.ApiClient;
import io.streamroom.support.BrowserApp;
import io.streamroom.support.LiveChecks;
import io.streamroom.support.Poll;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stream from a browser's webcam and microphone (headless Chromium's fake devices) is, like an OBS stream,
 * served over low-latency HLS as H.264 and AAC, and in the library once the streamer stops.
 */
class BrowserStreamHlsIT {
  /** A player of the stream's HLS with the page's own player (hls.js), in any page of the site. */
  private static final String PLAY_HLS = "async () => { const { HlsPlayer } = await import('/js/hlsplayer.js');"
      + " const video = document.createElement('video'); video.id = 'hls-test'; document.body.append(video);"
      + " window.player = new HlsPlayer('/hls/lobby/index.m3u8', video, { onFatal: (d) => { window.fatal = d; } }); }";

  @RegisterExtension
  static final BrowserApp browsers = new BrowserApp(Map.of());

  @Test
  void aBrowsersStreamIsServedOverHlsWithSoundAndKeptInTheLibraryWhenItStops() {
    ApiClient api = new ApiClient(browsers.app().httpPort());
    Page streamer = browsers.pages().registered("webcaster");
    streamer.click("#go-live-btn");
    assertThat(streamer.locator("#live-badge")).isVisible();
    JsonObject live = Poll.until("#lobby live", Duration.ofSeconds(15), () -> LiveChecks.liveStream(api, "#lobby"));
    assertEquals("/hls/lobby/index.m3u8", live.getString("hls"));

    String playlist = LiveChecks.awaitSegment(api, "/hls/lobby/index.m3u8", Duration.ofSeconds(20));
    assertTrue(playlist.contains("#EXT-X-PART:"), playlist);
    assertEquals(List.of("h264", "aac"), LiveChecks.hlsCodecs(browsers.app().httpPort(), "/hls/lobby/index.m3u8"));

    Page viewer = browsers.pages().open(800, 600);
    viewer.evaluate(PLAY_HLS);
    viewer.waitForFunction("() => { const v = document.querySelector('#hls-test'); return window.fatal || v.currentTime > 1; }",
        null, new Page.WaitForFunctionOptions().setTimeout(20_000));
    assertEquals(null, viewer.evaluate("() => window.fatal ?? null"), "hls.js plays it");
    double decoded = audioDecodedBytes(viewer);
    viewer.waitForTimeout(1000);
    assertTrue(audioDecodedBytes(viewer) > decoded, "the microphone's sound is decoded as it plays");

    streamer.click("#go-live-btn"); // the streamer stops
    Poll.until("#lobby stopped", Duration.ofSeconds(15), () -> LiveChecks.liveStream(api, "#lobby") == null ? true : null);
    // The webcam is 640x360: the source rendition and a 240p one.
    JsonObject title = LiveChecks.awaitRecording(api, "#lobby", 2, Duration.ofSeconds(90));
    JsonArray renditions = title.getJsonArray("renditions");
    assertEquals(List.of("240p", "360p"), List.of(renditions.getJsonObject(0).getString("resolution"),
        renditions.getJsonObject(1).getString("resolution")));
  }

  private static double audioDecodedBytes(Page page) {
    return ((Number) page.evaluate("() => document.querySelector('#hls-test').webkitAudioDecodedByteCount")).doubleValue();
  }
}
