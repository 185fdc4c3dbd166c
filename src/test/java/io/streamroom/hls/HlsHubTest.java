package io.streamroom.hls;

import static io.streamroom.hls.HlsTestServer.concat;
import static io.streamroom.hls.HlsTestServer.text;

import io.streamroom.support.ChildProcess;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Live fragmented MP4 from the bus, watched as LL-HLS over a real HTTP server by real players and plain requests. */
class HlsHubTest {
  private static final Pattern PROGRAM_DATE_TIME = Pattern.compile("#EXT-X-PROGRAM-DATE-TIME:(\\S+)");
  private static HlsTestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new HlsTestServer();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void ffprobeReadsTheLiveStreamWhileItsPartsArriveInRealTime() throws Exception {
    server.on(hub -> hub.started("#test"));
    long started = System.currentTimeMillis();
    Thread source = new Thread(() -> server.publishInRealTime("#test", server.av), "paced source");
    source.start();
    try {
      HttpResponse<byte[]> twoSegments = server.get("/hls/test/index.m3u8?_HLS_msn=1"); // held until segment 1 is whole
      assertEquals(200, twoSegments.statusCode());
      assertTrue(System.currentTimeMillis() - started >= 1900, "two seconds of stream came in real time");

      long probing = System.nanoTime();
      try (ChildProcess ffprobe = ChildProcess.run("/usr/bin/ffprobe", "-v", "error", "-show_entries", "stream=codec_name",
          "-of", "csv=p=0", server.url("/hls/test/index.m3u8"))) {
        assertEquals(0, ffprobe.awaitExit(Duration.ofSeconds(20)), String.join("\n", ffprobe.err()));
        // each stream is listed twice: in its HLS program and on its own
        assertEquals(List.of("aac", "h264"), ffprobe.out().stream().filter(line -> !line.isBlank()).sorted().distinct().toList());
      }
      System.out.printf("ffprobe read the live playlist in %d ms%n", (System.nanoTime() - probing) / 1_000_000);

      HttpResponse<byte[]> response = server.get("/hls/test/index.m3u8");
      assertEquals("application/vnd.apple.mpegurl", response.headers().firstValue("Content-Type").orElse(""));
      assertEquals("no-cache", response.headers().firstValue("Cache-Control").orElse(""));
      String playlist = text(response);
      List<String> lines = playlist.lines().toList();
      assertEquals(List.of("#EXTM3U", "#EXT-X-VERSION:9", "#EXT-X-TARGETDURATION:1"), lines.subList(0, 3));
      assertTrue(lines.contains("#EXT-X-PART-INF:PART-TARGET=0.224"), playlist); // the first part, with the sound's priming
      assertTrue(lines.contains("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.672,HOLD-BACK=3"), playlist);
      assertTrue(lines.contains("#EXT-X-MAP:URI=\"init-0.mp4\""), playlist);
      assertTrue(lines.stream().anyMatch(line -> line.matches("#EXT-X-PART:DURATION=0\\.20000,URI=\"part-\\d+-0\\.m4s\",INDEPENDENT=YES")));
      assertTrue(lines.stream().anyMatch(line -> line.matches("#EXT-X-PART:DURATION=0\\.20000,URI=\"part-\\d+-[1-4]\\.m4s\"")));
      assertTrue(lines.get(lines.size() - 1).matches("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"part-\\d+-\\d\\.m4s\""), playlist);
      Matcher date = PROGRAM_DATE_TIME.matcher(playlist);
      assertTrue(date.find(), playlist);
      long capturedAt = Instant.parse(date.group(1)).toEpochMilli();
      assertTrue(capturedAt >= started && capturedAt <= System.currentTimeMillis(), "segments dated by when they were captured");

      JsonObject figures = server.ask(hub -> hub.describe("#test"));
      assertEquals("/hls/test/index.m3u8", figures.getString("hls"));
      assertTrue(figures.getInteger("hlsViewers") >= 2, "this test's client and ffprobe: " + figures.encode());
      assertTrue(figures.getLong("hlsRequests") >= 4 && figures.getLong("hlsBytesOut") > 100_000 && figures.getLong("hlsSegments") >= 2,
          figures.encode());
    } finally {
      source.interrupt();
      source.join();
      server.on(hub -> hub.stopped("#test"));
    }
  }

  @Test
  void aBlockingReloadAndTheHintedPartAreAnsweredOnlyOnceThePartExists() throws Exception {
    server.on(hub -> hub.started("#block"));
    server.publishInit("#block", server.av.init());
    server.publish("#block", 0, 3);
    assertEquals(200, server.get("/hls/block/index.m3u8?_HLS_msn=0&_HLS_part=2").statusCode());
    assertTrue(text(server.get("/hls/block/index.m3u8")).endsWith("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"part-0-3.m4s\"\n"));

    long asked = System.nanoTime();
    CompletableFuture<HttpResponse<byte[]>> reload = server.getAsync("/hls/block/index.m3u8?_HLS_msn=0&_HLS_part=3");
    CompletableFuture<HttpResponse<byte[]>> hinted = server.getAsync("/hls/block/part-0-3.m4s");
    Thread.sleep(500);
    assertFalse(reload.isDone() || hinted.isDone(), "both wait for the part");
    server.publish("#block", 3, 4);
    HttpResponse<byte[]> part = hinted.get(5, TimeUnit.SECONDS);
    String playlist = text(reload.get(5, TimeUnit.SECONDS));
    long waitedMillis = (System.nanoTime() - asked) / 1_000_000;
    assertTrue(waitedMillis >= 500, "waited " + waitedMillis + " ms");
    System.out.printf("the blocking reload and the hinted part were answered after %d ms%n", waitedMillis);
    assertEquals(200, part.statusCode());
    assertEquals("video/mp4", part.headers().firstValue("Content-Type").orElse(""));
    assertEquals("max-age=60", part.headers().firstValue("Cache-Control").orElse(""));
    assertArrayEquals(server.av.fragments.get(3).bytes().getBytes(), part.body());
    assertTrue(playlist.contains("#EXT-X-PART:DURATION=0.20000,URI=\"part-0-3.m4s\"\n"), playlist);
    assertTrue(playlist.endsWith("URI=\"part-0-4.m4s\"\n"), playlist);

    server.publish("#block", 4, 5); // segment 0 is long enough: the next keyframe starts segment 1
    assertTrue(text(server.get("/hls/block/index.m3u8?_HLS_msn=0&_HLS_part=4")).endsWith("URI=\"part-1-0.m4s\"\n"));
    CompletableFuture<HttpResponse<byte[]>> nextSegment = server.getAsync("/hls/block/part-1-0.m4s");
    CompletableFuture<HttpResponse<byte[]>> pastSegment0 = server.getAsync("/hls/block/index.m3u8?_HLS_msn=0&_HLS_part=9"); // is part 1-0
    Thread.sleep(200);
    assertFalse(nextSegment.isDone() || pastSegment0.isDone());
    server.publish("#block", 5, 6);
    assertArrayEquals(server.av.fragments.get(5).bytes().getBytes(), nextSegment.get(5, TimeUnit.SECONDS).body());
    playlist = text(pastSegment0.get(5, TimeUnit.SECONDS));
    assertTrue(playlist.contains("#EXTINF:1.02324,\nseg-0.m4s\n"), playlist);
    assertTrue(playlist.contains("URI=\"part-1-0.m4s\",INDEPENDENT=YES\n"), playlist);
    assertArrayEquals(concat(server.av.fragments.subList(0, 5)), server.get("/hls/block/seg-0.m4s").body(), "a segment is its parts");

    assertEquals(400, server.get("/hls/block/index.m3u8?_HLS_msn=4").statusCode(), "past the live edge + 2");
    assertEquals(400, server.get("/hls/block/index.m3u8?_HLS_part=1").statusCode());
    assertEquals(400, server.get("/hls/block/index.m3u8?_HLS_msn=-1").statusCode());
    assertEquals(404, server.get("/hls/block/part-1-5.m4s").statusCode(), "not the next part: no waiting");
    long holding = System.nanoTime();
    HttpResponse<byte[]> tooLong = server.get("/hls/block/index.m3u8?_HLS_msn=3");
    long heldMillis = (System.nanoTime() - holding) / 1_000_000;
    assertEquals(503, tooLong.statusCode());
    assertTrue(heldMillis >= 2900 && heldMillis < 6000, "held three target durations: " + heldMillis + " ms");
    server.on(hub -> hub.stopped("#block"));
  }

  @Test
  void aStoppedStreamAnswersWhatWaitsAndThenIsGone() throws Exception {
    server.on(hub -> hub.started("#ending"));
    server.publishInit("#ending", server.av.init());
    server.publish("#ending", 0, 3);
    assertEquals(200, server.get("/hls/ending/index.m3u8?_HLS_msn=0&_HLS_part=2").statusCode());
    CompletableFuture<HttpResponse<byte[]>> reload = server.getAsync("/hls/ending/index.m3u8?_HLS_msn=0&_HLS_part=3");
    CompletableFuture<HttpResponse<byte[]>> hinted = server.getAsync("/hls/ending/part-0-3.m4s");
    Thread.sleep(200);
    server.on(hub -> hub.stopped("#ending"));

    String last = text(reload.get(5, TimeUnit.SECONDS));
    assertTrue(last.endsWith("#EXTINF:0.62324,\nseg-0.m4s\n#EXT-X-ENDLIST\n"), "the final playlist: " + last);
    assertFalse(last.contains("PRELOAD-HINT"));
    assertEquals(404, hinted.get(5, TimeUnit.SECONDS).statusCode());
    HttpResponse<byte[]> gone = server.get("/hls/ending/index.m3u8");
    assertEquals(404, gone.statusCode());
    assertEquals("NOT_LIVE", new JsonObject(text(gone)).getString("error"));
    assertEquals(404, server.get("/hls/ending/seg-0.m4s").statusCode());
  }

  @Test
  void badNamesUnknownChannelsAndUnknownFilesAre404() throws Exception {
    server.on(hub -> hub.started("#names"));
    server.publishInit("#names", server.av.init());
    server.publish("#names", 0, 1);
    server.awaitPlaylist("names", text -> text.contains("part-0-0.m4s"));
    assertEquals(200, server.get("/hls/names/init-0.mp4").statusCode());
    assertEquals(200, server.get("/hls/NAMES/part-0-0.m4s").statusCode(), "channel names are case-insensitive");
    for (String path : List.of("/hls/nowhere/index.m3u8", "/hls/Bad!Name/index.m3u8", "/hls/-x/init-0.mp4",
        "/hls/" + "n".repeat(40) + "/index.m3u8")) {
      HttpResponse<byte[]> response = server.get(path);
      assertEquals(404, response.statusCode(), path);
      assertEquals("NOT_LIVE", new JsonObject(text(response)).getString("error"), path);
    }
    for (String file : List.of("init-00.mp4", "init-0.mp4x", "init-1.mp4", "seg-01.m4s", "seg-0.mp4", "part-0.m4s", "part-0-00.m4s",
        "part-0-0-0.m4s", "seg-99999999999999999999.m4s", "part-0-9999999999.m4s", "index.m3u", "init-0.mp4%00")) {
      HttpResponse<byte[]> response = server.get("/hls/names/" + file);
      assertEquals(404, response.statusCode(), file);
      assertEquals("NOT_FOUND", new JsonObject(text(response)).getString("error"), file);
    }
    for (String path : List.of("/hls/names/..", "/hls/names/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/hls/names/init-0.mp4/x")) {
      assertEquals(404, server.get(path).statusCode(), path); // the router's 404, or ours
    }
    server.on(hub -> hub.stopped("#names"));
  }

  @Test
  void waitingRequestsAreBoundedAndAllReleasedWhenTheStreamStops() throws Exception {
    server.on(hub -> hub.started("#crowd"));
    server.publishInit("#crowd", server.av.init());
    server.publishSynthetic("#crowd", 1000, 10, true);
    server.publishSynthetic("#crowd", 1000, 10, true); // a 10 s segment: requests are held for 30 s
    server.awaitPlaylist("crowd", text -> text.contains("#EXT-X-TARGETDURATION:10\n"));
    long before = server.ask(hub -> hub.describe("#crowd")).getLong("hlsRequests");

    HttpClientAgent crowd = server.vertx().createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()),
        new PoolOptions().setHttp1MaxSize(HlsChannel.MAX_WAITING + 10));
    try {
      long connecting = System.nanoTime();
      List<Future<String>> held = IntStream.range(0, HlsChannel.MAX_WAITING).mapToObj(i -> crowd
          .request(HttpMethod.GET, "/hls/crowd/index.m3u8?_HLS_msn=3")
          .compose(request -> request.send().compose(response -> response.body().map(body -> response.statusCode() + " " + body))))
          .toList();
      long deadline = System.currentTimeMillis() + 20_000;
      while (server.ask(hub -> hub.describe("#crowd")).getLong("hlsRequests") < before + HlsChannel.MAX_WAITING) {
        assertTrue(System.currentTimeMillis() < deadline, "the crowd did not arrive");
        Thread.sleep(50);
      }
      System.out.printf("%d requests held after %d ms%n", HlsChannel.MAX_WAITING, (System.nanoTime() - connecting) / 1_000_000);
      HttpResponse<byte[]> oneMore = server.get("/hls/crowd/index.m3u8?_HLS_msn=3");
      assertEquals(503, oneMore.statusCode());
      assertEquals("BUSY", new JsonObject(text(oneMore)).getString("error"));
      assertTrue(held.stream().noneMatch(Future::isComplete), "all still held");
      assertTrue(server.ask(hub -> hub.describe("#crowd")).getInteger("hlsViewers") >= HlsChannel.MAX_WAITING,
          "each connection waiting for the playlist is a player");

      server.on(hub -> hub.stopped("#crowd"));
      List<String> answers = Future.all(held).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS).list();
      assertTrue(answers.stream().allMatch(answer -> answer.startsWith("200 #EXTM3U") && answer.endsWith("#EXT-X-ENDLIST\n")),
          answers.get(0));
    } finally {
      crowd.close();
    }
  }
}
