package io.streamroom.rtmp;

import io.streamroom.config.Setting;
import io.streamroom.support.ApiClient;
import io.streamroom.support.LiveChecks;
import io.streamroom.support.Poll;
import io.streamroom.support.RtmpPush;
import io.streamroom.support.TestApp;
import io.streamroom.support.TestMedia;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A streamer going live from OBS (played by Debian's ffmpeg) as README describes, and what viewers and the library get. */
class ObsStreamTest {
  private static TestApp app;
  private static ApiClient api;
  private static String alice;
  private static String bob;

  @BeforeAll
  static void start() {
    TestMedia.requireFfmpeg();
    app = TestApp.start(Map.of(Setting.RTMP_PORT, String.valueOf(TestApp.freePort())));
    api = new ApiClient(app.httpPort());
    alice = api.register("alice", "password1");
    bob = api.register("bob", "password1");
    for (String channel : List.of("studio", "garage")) {
      assertEquals(201, api.post("/api/channels", new JsonObject().put("name", channel), alice).status());
    }
  }

  @AfterAll
  static void stop() {
    if (app != null) app.close();
  }

  @Test
  void aStreamFromObsIsServedAsHlsWithH264AndAacAndKeptInTheLibrary() {
    JsonObject key = streamKey("studio", alice);
    assertEquals("rtmp://127.0.0.1:" + app.config.port(Setting.RTMP_PORT) + "/live", key.getString("url"));
    assertEquals(key.getString("url") + "/" + key.getString("key"), key.getString("publishUrl"));
    try (RtmpPush obs = RtmpPush.start(key.getString("publishUrl"), 0)) {
      JsonObject live = Poll.until("#studio live", Duration.ofSeconds(15), () -> liveStream("#studio"));
      assertEquals("OBS/RTMP (alice)", live.getString("source"));
      assertEquals("/hls/studio/index.m3u8", live.getString("hls"));
      String playlist = LiveChecks.awaitSegment(api, "/hls/studio/index.m3u8", Duration.ofSeconds(10));
      assertTrue(playlist.contains("#EXT-X-PART:"), playlist);
      assertEquals(List.of("h264", "aac"), LiveChecks.hlsCodecs(app.httpPort(), "/hls/studio/index.m3u8"));
    }
    Poll.until("#studio stopped", Duration.ofSeconds(15), () -> liveStream("#studio") == null ? true : null);

    JsonObject title = LiveChecks.awaitRecording(api, "#studio", 2, Duration.ofSeconds(60)); // the source and its 240p
    JsonArray renditions = title.getJsonArray("renditions");
    assertEquals(List.of("240p", "360p"), List.of(renditions.getJsonObject(0).getString("resolution"),
        renditions.getJsonObject(1).getString("resolution")));
    String master = api.get("/hls/vod/" + title.getString("title") + "/master.m3u8", null).body();
    assertTrue(master.contains("RESOLUTION=640x360") && master.contains("RESOLUTION=426x240"), master);
    assertTrue(master.contains("360p/index.m3u8") && master.contains("240p/index.m3u8"), master);

    String path = "/api/videos/" + title.getString("title");
    assertEquals(403, api.delete(path, bob).status());
    assertEquals(200, api.delete(path, alice).status());
    assertEquals(404, api.delete(path, alice).status());
  }

  @Test
  void aWrongOrReplacedKeyIsRefusedAtOnce() {
    String url = "rtmp://127.0.0.1:" + app.config.port(Setting.RTMP_PORT) + "/live/";
    try (RtmpPush wrong = RtmpPush.start(url + "not-a-key", 5)) {
      long started = System.nanoTime();
      assertNotEquals(0, wrong.awaitExit(Duration.ofSeconds(10)), "ffmpeg is refused");
      assertTrue(System.nanoTime() - started < 3_000_000_000L, "at once, not after a timeout");
    }
    String old = streamKey("garage", alice).getString("key");
    streamKey("garage", alice); // a new key: the old one stops working
    try (RtmpPush replaced = RtmpPush.start(url + old, 5)) {
      assertNotEquals(0, replaced.awaitExit(Duration.ofSeconds(10)), "ffmpeg is refused: " + replaced.errors());
    }
    assertEquals(null, liveStream("#garage"));
  }

  @Test
  void onlyTheChannelsOwnerGetsAKeyAndAChannelHasOneStreamAtATime() {
    assertEquals(403, api.post("/api/channels/studio/streamkey", new JsonObject(), bob).status());
    assertEquals(403, api.post("/api/channels/studio/streamkey", new JsonObject(), api.visitor("peeker")).status());
    assertEquals(401, api.post("/api/channels/studio/streamkey", new JsonObject(), null).status());

    String url = streamKey("garage", alice).getString("publishUrl");
    try (RtmpPush first = RtmpPush.start(url, 0)) {
      Poll.until("#garage live", Duration.ofSeconds(15), () -> liveStream("#garage"));
      try (RtmpPush second = RtmpPush.start(url, 5)) {
        assertNotEquals(0, second.awaitExit(Duration.ofSeconds(10)), "the second publisher is refused");
      }
      assertTrue(liveStream("#garage") != null, "the first stream goes on");
    }
  }

  @Test
  void severalChannelsAreLiveFromObsAtOnceEachWithItsOwnHls() {
    List<String> channels = List.of("stage", "booth");
    List<RtmpPush> pushes = new java.util.ArrayList<>();
    try {
      for (String channel : channels) {
        assertEquals(201, api.post("/api/channels", new JsonObject().put("name", channel), alice).status());
        pushes.add(RtmpPush.start(streamKey(channel, alice).getString("publishUrl"), 0));
      }
      for (String channel : channels) {
        Poll.until("#" + channel + " live", Duration.ofSeconds(15), () -> liveStream("#" + channel));
        Poll.until("#" + channel + "'s parts", Duration.ofSeconds(10), () -> {
          String playlist = api.get("/hls/" + channel + "/index.m3u8", null).body();
          return playlist.contains("#EXT-X-PART:") ? playlist : null;
        });
      }
      assertTrue(channels.stream().allMatch(channel -> liveStream("#" + channel) != null), "both streams go on");
    } finally {
      pushes.forEach(RtmpPush::close);
    }
  }

  private static JsonObject streamKey(String channel, String token) {
    ApiClient.Response response = api.post("/api/channels/" + channel + "/streamkey", new JsonObject(), token);
    assertEquals(200, response.status(), response.body());
    return response.json();
  }

  private static JsonObject liveStream(String channel) {
    return LiveChecks.liveStream(api, channel);
  }
}
