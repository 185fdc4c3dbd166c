package io.streamroom.hls;

import io.streamroom.hls.Fmp4Samples.Split;
import io.streamroom.support.ChildProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
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
  private static Vertx vertx;
  private static HlsVerticle server;
  private static HttpClient http;
  private static Split av;

  @BeforeAll
  static void start() throws Exception {
    byte[] stream = Fmp4Samples.audioVideo(12);
    av = Fmp4Samples.split(stream, stream.length);
    vertx = Vertx.vertx();
    server = new HlsVerticle();
    vertx.deployVerticle(server).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void ffprobeReadsTheLiveStreamWhileItsPartsArriveInRealTime() throws Exception {
    server.on(hub -> hub.started("#test"));
    long started = System.currentTimeMillis();
    Thread source = new Thread(() -> publishInRealTime("#test", av), "paced source");
    source.start();
    try {
      HttpResponse<byte[]> twoSegments = get("/hls/test/index.m3u8?_HLS_msn=1"); // held until segment 1 is whole
      assertEquals(200, twoSegments.statusCode());
      assertTrue(System.currentTimeMillis() - started >= 1900, "two seconds of stream came in real time");

      long probing = System.nanoTime();
      try (ChildProcess ffprobe = ChildProcess.run("/usr/bin/ffprobe", "-v", "error", "-show_entries", "stream=codec_name",
          "-of", "csv=p=0", url("/hls/test/index.m3u8"))) {
        assertEquals(0, ffprobe.awaitExit(Duration.ofSeconds(20)), String.join("\n", ffprobe.err()));
        // each stream is listed twice: in its HLS program and on its own
        assertEquals(List.of("aac", "h264"), ffprobe.out().stream().filter(line -> !line.isBlank()).sorted().distinct().toList());
      }
      System.out.printf("ffprobe read the live playlist in %d ms%n", (System.nanoTime() - probing) / 1_000_000);

      HttpResponse<byte[]> response = get("/hls/test/index.m3u8");
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
    HlsMessages.publishInit(vertx.eventBus(), "#block", av.init());
    publish("#block", 0, 3);
    assertEquals(200, get("/hls/block/index.m3u8?_HLS_msn=0&_HLS_part=2").statusCode());
    assertTrue(text(get("/hls/block/index.m3u8")).endsWith("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"part-0-3.m4s\"\n"));

    long asked = System.nanoTime();
    CompletableFuture<HttpResponse<byte[]>> reload = getAsync("/hls/block/index.m3u8?_HLS_msn=0&_HLS_part=3");
    CompletableFuture<HttpResponse<byte[]>> hinted = getAsync("/hls/block/part-0-3.m4s");
    Thread.sleep(500);
    assertFalse(reload.isDone() || hinted.isDone(), "both wait for the part");
    publish("#block", 3, 4);
    HttpResponse<byte[]> part = hinted.get(5, TimeUnit.SECONDS);
    String playlist = text(reload.get(5, TimeUnit.SECONDS));
    long waitedMillis = (System.nanoTime() - asked) / 1_000_000;
    assertTrue(waitedMillis >= 500, "waited " + waitedMillis + " ms");
    System.out.printf("the blocking reload and the hinted part were answered after %d ms%n", waitedMillis);
    assertEquals(200, part.statusCode());
    assertEquals("video/mp4", part.headers().firstValue("Content-Type").orElse(""));
    assertEquals("max-age=60", part.headers().firstValue("Cache-Control").orElse(""));
    assertArrayEquals(av.fragments.get(3).bytes().getBytes(), part.body());
    assertTrue(playlist.contains("#EXT-X-PART:DURATION=0.20000,URI=\"part-0-3.m4s\"\n"), playlist);
    assertTrue(playlist.endsWith("URI=\"part-0-4.m4s\"\n"), playlist);

    publish("#block", 4, 5); // segment 0 is long enough: the next keyframe starts segment 1
    assertTrue(text(get("/hls/block/index.m3u8?_HLS_msn=0&_HLS_part=4")).endsWith("URI=\"part-1-0.m4s\"\n"));
    CompletableFuture<HttpResponse<byte[]>> nextSegment = getAsync("/hls/block/part-1-0.m4s");
    CompletableFuture<HttpResponse<byte[]>> pastSegment0 = getAsync("/hls/block/index.m3u8?_HLS_msn=0&_HLS_part=9"); // is part 1-0
    Thread.sleep(200);
    assertFalse(nextSegment.isDone() || pastSegment0.isDone());
    publish("#block", 5, 6);
    assertArrayEquals(av.fragments.get(5).bytes().getBytes(), nextSegment.get(5, TimeUnit.SECONDS).body());
    playlist = text(pastSegment0.get(5, TimeUnit.SECONDS));
    assertTrue(playlist.contains("#EXTINF:1.02324,\nseg-0.m4s\n"), playlist);
    assertTrue(playlist.contains("URI=\"part-1-0.m4s\",INDEPENDENT=YES\n"), playlist);
    assertArrayEquals(concat(av.fragments.subList(0, 5)), get("/hls/block/seg-0.m4s").body(), "a segment is its parts");

    assertEquals(400, get("/hls/block/index.m3u8?_HLS_msn=4").statusCode(), "past the live edge + 2");
    assertEquals(400, get("/hls/block/index.m3u8?_HLS_part=1").statusCode());
    assertEquals(400, get("/hls/block/index.m3u8?_HLS_msn=-1").statusCode());
    assertEquals(404, get("/hls/block/part-1-5.m4s").statusCode(), "not the next part: no waiting");
    long holding = System.nanoTime();
    HttpResponse<byte[]> tooLong = get("/hls/block/index.m3u8?_HLS_msn=3");
    long heldMillis = (System.nanoTime() - holding) / 1_000_000;
    assertEquals(503, tooLong.statusCode());
    assertTrue(heldMillis >= 2900 && heldMillis < 6000, "held three target durations: " + heldMillis + " ms");
    server.on(hub -> hub.stopped("#block"));
  }

  @Test
  void aStoppedStreamAnswersWhatWaitsAndThenIsGone() throws Exception {
    server.on(hub -> hub.started("#ending"));
    HlsMessages.publishInit(vertx.eventBus(), "#ending", av.init());
    publish("#ending", 0, 3);
    assertEquals(200, get("/hls/ending/index.m3u8?_HLS_msn=0&_HLS_part=2").statusCode());
    CompletableFuture<HttpResponse<byte[]>> reload = getAsync("/hls/ending/index.m3u8?_HLS_msn=0&_HLS_part=3");
    CompletableFuture<HttpResponse<byte[]>> hinted = getAsync("/hls/ending/part-0-3.m4s");
    Thread.sleep(200);
    server.on(hub -> hub.stopped("#ending"));

    String last = text(reload.get(5, TimeUnit.SECONDS));
    assertTrue(last.endsWith("#EXTINF:0.62324,\nseg-0.m4s\n#EXT-X-ENDLIST\n"), "the final playlist: " + last);
    assertFalse(last.contains("PRELOAD-HINT"));
    assertEquals(404, hinted.get(5, TimeUnit.SECONDS).statusCode());
    HttpResponse<byte[]> gone = get("/hls/ending/index.m3u8");
    assertEquals(404, gone.statusCode());
    assertEquals("NOT_LIVE", new JsonObject(text(gone)).getString("error"));
    assertEquals(404, get("/hls/ending/seg-0.m4s").statusCode());
  }

  @Test
  void theWindowSlidesKeepingEightSegmentsAndThePartsOfTheLastThree() throws Exception {
    server.on(hub -> hub.started("#long"));
    HlsMessages.publishInit(vertx.eventBus(), "#long", av.init());
    publish("#long", 0, 30);
    String early = awaitPlaylist("long", text -> text.contains("part-5-4.m4s"));
    assertTrue(early.contains("#EXT-X-MEDIA-SEQUENCE:0\n"), early);
    publish("#long", 30, 60);
    String playlist = awaitPlaylist("long", text -> text.contains("part-11-4.m4s")); // twelve seconds: segments 0 to 11
    assertTrue(playlist.contains("#EXT-X-MEDIA-SEQUENCE:3\n"), playlist);
    assertEquals(8, count(playlist, "#EXTINF:"), playlist);
    assertEquals(8 + 1, count(playlist, "#EXT-X-PROGRAM-DATE-TIME:"), "the segment in progress is dated too");
    assertEquals(4 * 5, count(playlist, "#EXT-X-PART:"), "the parts of segments 8, 9, 10 and 11");
    assertFalse(playlist.contains("part-7-"), playlist);

    assertEquals(404, get("/hls/long/seg-2.m4s").statusCode(), "out of the window");
    assertArrayEquals(concat(av.fragments.subList(15, 20)), get("/hls/long/seg-3.m4s").body());
    assertEquals(404, get("/hls/long/part-7-0.m4s").statusCode(), "only recent parts are kept");
    assertArrayEquals(av.fragments.get(40).bytes().getBytes(), get("/hls/long/part-8-0.m4s").body());
    assertEquals(404, get("/hls/long/seg-11.m4s").statusCode(), "in progress");
    assertEquals(11, server.ask(hub -> hub.describe("#long")).getLong("hlsSegments"));
    server.on(hub -> hub.stopped("#long"));
  }

  @Test
  void segmentsFollowTheSourcesKeyframesAndNeverGrowWithoutEnd() throws Exception {
    server.on(hub -> hub.started("#sparse"));
    HlsMessages.publishInit(vertx.eventBus(), "#sparse", av.init());
    for (int i = 0; i < 30; i++) publishSynthetic("#sparse", 1000, 0.2, i % 10 == 0); // a keyframe every 2 s
    String sparse = awaitPlaylist("sparse", text -> text.contains("part-2-9.m4s"));
    assertTrue(sparse.contains("#EXT-X-TARGETDURATION:2\n") && sparse.contains("#EXTINF:2.00000,\nseg-1.m4s"), sparse);
    assertTrue(sparse.contains("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.600,HOLD-BACK=6\n"), sparse);

    for (int i = 0; i < HlsWindow.MAX_SEGMENT_PARTS; i++) publishSynthetic("#sparse", 1000, 0.2, false); // no keyframe again
    String endless = awaitPlaylist("sparse", text -> text.contains("part-3-9.m4s"));
    assertTrue(endless.contains("#EXTINF:10.00000,\nseg-2.m4s") && endless.contains("#EXT-X-TARGETDURATION:10\n"), endless);
    assertTrue(endless.contains("URI=\"part-3-0.m4s\"\n"), "a segment cut without a keyframe: " + endless);
    server.on(hub -> hub.stopped("#sparse"));
  }

  @Test
  void aStreamHoldsAtMost48MiBWhateverItsSourceSends() throws Exception {
    server.on(hub -> hub.started("#heavy"));
    HlsMessages.publishInit(vertx.eventBus(), "#heavy", av.init());
    int sixMiB = 6 << 20;
    for (int i = 0; i < 12; i++) publishSynthetic("#heavy", sixMiB, 1.0, true); // a segment each
    publishSynthetic("#heavy", Fmp4Splitter.MAX_FRAGMENT_BYTES + 1, 1.0, true); // refused
    publishSynthetic("#heavy", 1000, 1.0, true);
    String playlist = awaitPlaylist("heavy", text -> text.contains("part-12-0.m4s"));
    // the init, the small segment in progress, and as many 6 MiB segments as fit in 48 MiB: seven, not eight
    assertTrue(playlist.contains("#EXT-X-MEDIA-SEQUENCE:5\n"), playlist);
    assertEquals(7, count(playlist, "#EXTINF:"), playlist);
    assertEquals(404, get("/hls/heavy/seg-4.m4s").statusCode());
    assertEquals(sixMiB, get("/hls/heavy/seg-5.m4s").body().length);
    assertEquals(1000, get("/hls/heavy/part-12-0.m4s").body().length, "the fragment over the cap was dropped");
    server.on(hub -> hub.stopped("#heavy"));
  }

  @Test
  void aNewInitSegmentStartsANewPeriodWithADiscontinuityAndItsOwnMap() throws Exception {
    byte[] videoStream = Fmp4Samples.videoOnly(4);
    Split video = Fmp4Samples.split(videoStream, videoStream.length);
    server.on(hub -> hub.started("#restart"));
    HlsMessages.publishInit(vertx.eventBus(), "#restart", av.init());
    publish("#restart", 0, 7);
    HlsMessages.publishInit(vertx.eventBus(), "#restart", video.init()); // the source restarted, without sound
    video.fragments.subList(0, 7).forEach(fragment -> HlsMessages.publishFragment(vertx.eventBus(), "#restart", fragment, now()));
    String playlist = awaitPlaylist("restart", text -> text.contains("part-3-1.m4s"));
    assertTrue(playlist.contains("#EXT-X-MAP:URI=\"init-0.mp4\"\n#EXT-X-PROGRAM-DATE-TIME:"), playlist);
    assertTrue(playlist.contains("seg-1.m4s\n#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"init-1.mp4\"\n#EXT-X-PROGRAM-DATE-TIME:"), playlist);
    assertTrue(playlist.contains("#EXTINF:0.40000,\nseg-1.m4s"), "the segment in progress ended with its period: " + playlist);
    assertFalse(playlist.contains("DISCONTINUITY-SEQUENCE"), playlist);
    assertArrayEquals(av.init().getBytes(), get("/hls/restart/init-0.mp4").body());
    assertArrayEquals(video.init().getBytes(), get("/hls/restart/init-1.mp4").body());

    HlsMessages.publishInit(vertx.eventBus(), "#restart", av.init()); // and again, with sound
    publish("#restart", 0, 60);
    String later = awaitPlaylist("restart", text -> text.contains("part-15-4.m4s"));
    // segments 0-1 (init 0), 2-3 (init 1, cut at the next init), 4-15 (init 2): the two discontinuities left the window
    assertTrue(later.contains("#EXT-X-MEDIA-SEQUENCE:7\n#EXT-X-DISCONTINUITY-SEQUENCE:2\n"), later);
    assertFalse(later.contains("#EXT-X-DISCONTINUITY\n"), later);
    assertEquals(1, count(later, "#EXT-X-MAP:URI=\"init-2.mp4\""), later);
    assertEquals(404, get("/hls/restart/init-0.mp4").statusCode(), "no segment plays with it any more");
    assertEquals(404, get("/hls/restart/init-1.mp4").statusCode());
    server.on(hub -> hub.stopped("#restart"));
  }

  @Test
  void badNamesUnknownChannelsAndUnknownFilesAre404() throws Exception {
    server.on(hub -> hub.started("#names"));
    HlsMessages.publishInit(vertx.eventBus(), "#names", av.init());
    publish("#names", 0, 1);
    awaitPlaylist("names", text -> text.contains("part-0-0.m4s"));
    assertEquals(200, get("/hls/names/init-0.mp4").statusCode());
    assertEquals(200, get("/hls/NAMES/part-0-0.m4s").statusCode(), "channel names are case-insensitive");
    for (String path : List.of("/hls/nowhere/index.m3u8", "/hls/Bad!Name/index.m3u8", "/hls/-x/init-0.mp4",
        "/hls/" + "n".repeat(40) + "/index.m3u8")) {
      HttpResponse<byte[]> response = get(path);
      assertEquals(404, response.statusCode(), path);
      assertEquals("NOT_LIVE", new JsonObject(text(response)).getString("error"), path);
    }
    for (String file : List.of("init-00.mp4", "init-0.mp4x", "init-1.mp4", "seg-01.m4s", "seg-0.mp4", "part-0.m4s", "part-0-00.m4s",
        "part-0-0-0.m4s", "seg-99999999999999999999.m4s", "part-0-9999999999.m4s", "index.m3u", "init-0.mp4%00")) {
      HttpResponse<byte[]> response = get("/hls/names/" + file);
      assertEquals(404, response.statusCode(), file);
      assertEquals("NOT_FOUND", new JsonObject(text(response)).getString("error"), file);
    }
    for (String path : List.of("/hls/names/..", "/hls/names/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/hls/names/init-0.mp4/x")) {
      assertEquals(404, get(path).statusCode(), path); // the router's 404, or ours
    }
    server.on(hub -> hub.stopped("#names"));
  }

  @Test
  void waitingRequestsAreBoundedAndAllReleasedWhenTheStreamStops() throws Exception {
    server.on(hub -> hub.started("#crowd"));
    HlsMessages.publishInit(vertx.eventBus(), "#crowd", av.init());
    publishSynthetic("#crowd", 1000, 10, true);
    publishSynthetic("#crowd", 1000, 10, true); // a 10 s segment: requests are held for 30 s
    awaitPlaylist("crowd", text -> text.contains("#EXT-X-TARGETDURATION:10\n"));
    long before = server.ask(hub -> hub.describe("#crowd")).getLong("hlsRequests");

    HttpClientAgent crowd = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port),
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
      HttpResponse<byte[]> oneMore = get("/hls/crowd/index.m3u8?_HLS_msn=3");
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

  /** Publishes the clip's fragments from {@code from} (inclusive) to {@code to}, as fast as the bus takes them. */
  private static long syntheticClock;

  private static void publish(String channel, int from, int to) {
    av.fragments.subList(from, to).forEach(fragment -> HlsMessages.publishFragment(vertx.eventBus(), channel, fragment, now()));
  }

  /**
   * A fragment of noise that the hub takes for what it says it is: it does not look inside. Its decode time
   * grows like a source's clock (one clock for every channel: it only has to go forward).
   */
  private static void publishSynthetic(String channel, int bytes, double seconds, boolean independent) {
    byte[] noise = new byte[bytes];
    new Random(bytes).nextBytes(noise);
    HlsMessages.publishFragment(vertx.eventBus(), channel,
        new Fmp4Fragment(Buffer.buffer(noise), syntheticClock, 1000, seconds, independent), now());
    syntheticClock += Math.round(seconds * 1000);
  }

  /** The whole clip, each fragment when its last sample would have been captured, as a live source sends it. */
  private static void publishInRealTime(String channel, Split clip) {
    long start = System.currentTimeMillis();
    HlsMessages.publishInit(vertx.eventBus(), channel, clip.init());
    double at = 0;
    for (Fmp4Fragment fragment : clip.fragments) {
      try {
        Thread.sleep(Math.max(0, start + Math.round((at + fragment.durationSeconds()) * 1000) - System.currentTimeMillis()));
      } catch (InterruptedException stopped) {
        return;
      }
      HlsMessages.publishFragment(vertx.eventBus(), channel, fragment, start + Math.round(at * 1000));
      at += fragment.durationSeconds();
    }
  }

  private static String awaitPlaylist(String name, Predicate<String> ready) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    while (true) {
      HttpResponse<byte[]> response = get("/hls/" + name + "/index.m3u8");
      if (response.statusCode() == 200 && ready.test(text(response))) return text(response);
      if (System.currentTimeMillis() > deadline) throw new AssertionError("playlist never ready: " + text(response));
      Thread.sleep(20);
    }
  }

  private static HttpResponse<byte[]> get(String path) throws Exception {
    return getAsync(path).get(20, TimeUnit.SECONDS);
  }

  private static CompletableFuture<HttpResponse<byte[]>> getAsync(String path) {
    return http.sendAsync(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + server.port + path;
  }

  private static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  private static byte[] concat(List<Fmp4Fragment> fragments) {
    Buffer all = Buffer.buffer();
    fragments.forEach(fragment -> all.appendBuffer(fragment.bytes()));
    return all.getBytes();
  }

  private static int count(String text, String part) {
    return text.split(Pattern.quote(part), -1).length - 1;
  }

  private static long now() {
    return System.currentTimeMillis();
  }

  /** An HTTP verticle with nothing but the hub's two routes. */
  static final class HlsVerticle extends VerticleBase {
    private HlsHub hub;
    volatile int port;

    @Override
    public Future<?> start() {
      hub = new HlsHub(vertx);
      Router router = Router.router(vertx);
      router.get("/hls/:name/index.m3u8").handler(hub::playlist);
      router.get("/hls/:name/:file").handler(hub::file);
      return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").onSuccess(listening -> port = listening.actualPort());
    }

    /** Runs on the verticle's event loop, where the hub lives, and waits for it. */
    <T> T ask(Function<HlsHub, T> action) throws Exception {
      CompletableFuture<T> done = new CompletableFuture<>();
      context.runOnContext(v -> {
        try {
          done.complete(action.apply(hub));
        } catch (RuntimeException e) {
          done.completeExceptionally(e);
        }
      });
      return done.get(10, TimeUnit.SECONDS);
    }

    void on(java.util.function.Consumer<HlsHub> action) throws Exception {
      ask(hub -> {
        action.accept(hub);
        return null;
      });
    }
  }
}
