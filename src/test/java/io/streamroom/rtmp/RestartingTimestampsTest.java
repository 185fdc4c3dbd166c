package io.streamroom.rtmp;

import io.streamroom.config.Setting;
import io.streamroom.support.ApiClient;
import io.streamroom.support.Poll;
import io.streamroom.support.TestApp;
import io.streamroom.support.TestMedia;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A publisher whose timestamps repeat (some encoders at the start) or start again from 0 (OBS after a
 * reconnect): FFmpeg's mp4 muxer refuses both, which used to end the stream. Real H.264 and AAC made by Debian's
 * ffmpeg, sent tag by tag in real time by a hand-written publisher that can set any timestamp.
 */
class RestartingTimestampsTest {
  /** Seconds of the clip: each run of it makes about as many HLS segments (a keyframe a second). */
  private static final int CLIP_SECONDS = 4;
  @TempDir
  static Path dir;
  private static TestApp app;
  private static ApiClient api;
  private static String key;
  private static List<RtmpMessage> clip;

  @BeforeAll
  static void start() throws Exception {
    TestMedia.requireFfmpeg();
    Path file = dir.resolve("clip.flv");
    List<String> args = new ArrayList<>(Ffmpeg.testSource(CLIP_SECONDS, false));
    args.addAll(List.of("-f", "flv", file.toString()));
    Ffmpeg.start(dir, args).assertSucceeds();
    clip = mediaTags(Buffer.buffer(Files.readAllBytes(file)));
    app = TestApp.start(Map.of(Setting.RTMP_PORT, String.valueOf(TestApp.freePort()), Setting.RECORD, "false"));
    api = new ApiClient(app.httpPort());
    String alice = api.register("alice", "password1");
    assertEquals(201, api.post("/api/channels", new JsonObject().put("name", "studio"), alice).status());
    key = api.post("/api/channels/studio/streamkey", new JsonObject(), alice).json().getString("key");
  }

  @AfterAll
  static void stop() {
    if (app != null) app.close();
  }

  @Test
  void aStreamWhoseTimestampsRepeatAndThenStartAgainGoesOnServingHls() {
    try (RawPublisher obs = new RawPublisher(app.config.port(Setting.RTMP_PORT))) {
      assertEquals("NetStream.Publish.Start", obs.publish(RtmpIngestVerticle.APP, key).get("code"));
      sendPaced(obs, withRepeats(clip));
      long before = Poll.until("#studio live over HLS", Duration.ofSeconds(10), () -> {
        JsonObject live = live();
        return live == null || live.getLong("hlsSegments") == 0 ? null : live.getLong("hlsSegments");
      });

      sendPaced(obs, clip.stream().filter(tag -> !sequenceHeader(tag)).toList()); // from timestamp 0 again
      assertFalse(obs.closedWithin(Duration.ofMillis(500)), "the publisher is still connected");
      JsonObject live = live();
      assertNotNull(live, "#studio is still live");
      assertTrue(live.getLong("hlsSegments") >= before + CLIP_SECONDS - 2,
          "segments made after the jump: " + before + " before, " + live.getLong("hlsSegments") + " now");
      ApiClient.Response playlist = api.get("/hls/studio/index.m3u8", null);
      assertEquals(200, playlist.status());
      assertTrue(playlist.body().contains("#EXT-X-PART:") && !playlist.body().contains("#EXT-X-ENDLIST"), playlist.body());
    }
  }

  /** The clip with three video frames in a row given the timestamp of the frame before them. */
  private static List<RtmpMessage> withRepeats(List<RtmpMessage> tags) {
    List<RtmpMessage> out = new ArrayList<>();
    long lastVideo = -1;
    int videos = 0;
    for (RtmpMessage tag : tags) {
      if (tag.type() == RtmpMessage.VIDEO && !sequenceHeader(tag)) {
        videos++;
        if (videos >= 10 && videos < 13) tag = new RtmpMessage(tag.type(), tag.streamId(), lastVideo, tag.payload());
        lastVideo = tag.timestamp();
      }
      out.add(tag);
    }
    return out;
  }

  /** Each tag when its timestamp is due, counted from now, as a live encoder sends them. */
  private static void sendPaced(RawPublisher obs, List<RtmpMessage> tags) {
    long start = System.nanoTime();
    long first = tags.get(0).timestamp();
    for (RtmpMessage tag : tags) {
      long wait = start + (tag.timestamp() - first) * 1_000_000 - System.nanoTime();
      if (wait > 0) LockSupport.parkNanos(wait);
      obs.send(tag.type() == RtmpMessage.VIDEO ? 6 : 4, tag);
    }
  }

  /** The AVC or AAC configuration a stream begins with (packet type 0); sent once per stream. */
  private static boolean sequenceHeader(RtmpMessage tag) {
    return tag.payload().getByte(1) == 0;
  }

  /** The audio and video tags of an FLV file, as RTMP messages on stream 1. */
  private static List<RtmpMessage> mediaTags(Buffer flv) {
    List<RtmpMessage> tags = new ArrayList<>();
    for (int at = flv.getInt(5) + 4; at + 11 <= flv.length(); ) {
      int type = flv.getByte(at);
      int size = flv.getMedium(at + 1);
      long timestamp = flv.getMedium(at + 4) | (flv.getUnsignedByte(at + 7) << 24);
      if (type == RtmpMessage.AUDIO || type == RtmpMessage.VIDEO) {
        tags.add(new RtmpMessage(type, 1, timestamp, flv.getBuffer(at + 11, at + 11 + size)));
      }
      at += 11 + size + 4;
    }
    return tags;
  }

  private static JsonObject live() {
    for (Object s : api.get("/api/live", null).array()) {
      if ("#studio".equals(((JsonObject) s).getString("channel"))) return (JsonObject) s;
    }
    return null;
  }
}
