package io.streamroom.support;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What every kind of live stream (OBS, a browser) must give viewers and the library, read as they would read it. */
public final class LiveChecks {
  private LiveChecks() {}

  /** The channel's entry in {@code GET /api/live}, or null when it is not live. */
  public static JsonObject liveStream(ApiClient api, String channel) {
    for (Object s : api.get("/api/live", null).array()) {
      if (channel.equals(((JsonObject) s).getString("channel"))) return (JsonObject) s;
    }
    return null;
  }

  /**
   * The playlist once it lists a whole segment: a player that knows no parts (ffprobe) needs one, and the
   * first is complete about a second after the stream's first picture reaches the encoder.
   */
  public static String awaitSegment(ApiClient api, String path, Duration within) {
    return Poll.until("a whole segment in " + path, within, () -> {
      String text = api.get(path, null).body();
      return text.contains("#EXTINF:") ? text : null;
    });
  }

  /** The codecs ffprobe reads from an HLS playlist, as a player would, e.g. [h264, aac]. */
  public static List<String> hlsCodecs(int httpPort, String path) {
    try (ChildProcess ffprobe = ChildProcess.run("/usr/bin/ffprobe", "-v", "error", "-show_entries", "stream=codec_name",
        "-of", "csv=p=0", "http://127.0.0.1:" + httpPort + path)) {
      assertEquals(0, ffprobe.awaitExit(Duration.ofSeconds(30)), String.join("\n", ffprobe.err()));
      return ffprobe.out().stream().map(String::trim).filter(s -> !s.isEmpty()).distinct().toList(); // once per stream and per program
    }
  }

  /** The library title of a stream in {@code channel} ("studio-2026-...") once it is there with this many renditions. */
  public static JsonObject awaitRecording(ApiClient api, String channel, int renditions, Duration within) {
    return Poll.until("the recording of " + channel + " in /api/videos with " + renditions + " renditions", within, () -> {
      for (Object t : api.get("/api/videos", null).array()) {
        JsonObject video = (JsonObject) t;
        if (video.getString("title").startsWith(channel.substring(1) + "-") && video.getJsonArray("renditions").size() == renditions) {
          return video;
        }
      }
      return null;
    });
  }
}
