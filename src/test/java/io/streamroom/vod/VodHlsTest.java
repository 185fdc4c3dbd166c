package io.streamroom.vod;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.streamroom.config.Setting;
import io.streamroom.support.RawHttp;
import io.streamroom.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The library as adaptive HLS, the way a player reaches it: master playlist, media playlists, segments. */
class VodHlsTest {
  private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern EXTINF = Pattern.compile("#EXTINF:([0-9.]+),");
  private static Path library;
  private static Path cache;
  private static TestApp app;

  @BeforeAll
  static void start() throws Exception {
    library = TestApp.tempDir();
    Clips.h264(library.resolve("clip_360p.mp4"), 640, 360, 6);
    Clips.h264(library.resolve("clip_240p.mp4"), 426, 240, 6);
    Clips.silent(library.resolve("mute_240p.mp4"), 320, 240, 6);
    Clips.mpeg4(library.resolve("legacy_240p.mp4"), 320, 240, 6);
    Files.copy(library.resolve("legacy_240p.mp4"), library.resolve("twin_240p.mp4")); // transcoded: slow enough to overlap
    Files.copy(library.resolve("clip_360p.mp4"), library.resolve("peak_360p.mp4"));
    Files.copy(library.resolve("clip_240p.mp4"), library.resolve("change_240p.mp4"));
    Path data = TestApp.tempDir();
    cache = data.resolve("hls-vod");
    Files.createDirectories(cache.resolve(".tmp-clip_360p-crashed")); // left by a crash: removed at start-up
    LOGS.start();
    ((Logger) LoggerFactory.getLogger(VodHls.class)).addAppender(LOGS);
    app = TestApp.start(java.util.Map.of(Setting.VIDEOS_DIR, library.toString(), Setting.DATA_DIR, data.toString(),
        Setting.VIDEOS_SCAN_SECONDS, "1"));
  }

  @AfterAll
  static void stop() {
    app.close();
    ((Logger) LoggerFactory.getLogger(VodHls.class)).detachAppender(LOGS);
  }

  @Test
  void theMasterPlaylistListsEveryRenditionBestFirstWithBandwidthResolutionAndCodecs() {
    HttpResponse<String> master = get("/hls/vod/clip/master.m3u8");
    assertEquals(200, master.statusCode());
    assertEquals("application/vnd.apple.mpegurl", master.headers().firstValue("content-type").orElseThrow());
    List<String> lines = master.body().lines().toList();
    assertEquals("#EXTM3U", lines.get(0));
    assertTrue(lines.contains("#EXT-X-INDEPENDENT-SEGMENTS"), master.body());
    List<String> variants = lines.stream().filter(l -> l.startsWith("#EXT-X-STREAM-INF:")).toList();
    assertEquals(2, variants.size(), master.body());
    assertEquals("360p/index.m3u8", lines.get(lines.indexOf(variants.get(0)) + 1));
    assertEquals("240p/index.m3u8", lines.get(lines.indexOf(variants.get(1)) + 1));
    assertTrue(variants.get(0).contains("RESOLUTION=640x360,FRAME-RATE=30.000,CODECS=\"avc1.64001E,mp4a.40.2\""), variants.get(0));
    assertTrue(variants.get(1).matches(".*RESOLUTION=426x240,.*CODECS=\"avc1\\.6400[0-9A-F]{2},mp4a\\.40\\.2\""), variants.get(1));
    for (String variant : variants) {
      long peak = attribute(variant, "BANDWIDTH");
      long average = attribute(variant, "AVERAGE-BANDWIDTH");
      assertTrue(average > 100_000 && peak >= average && peak < 10 * average, variant);
    }
    assertTrue(attribute(variants.get(0), "AVERAGE-BANDWIDTH") > attribute(variants.get(1), "AVERAGE-BANDWIDTH"));

    String mute = get("/hls/vod/mute/master.m3u8").body();
    assertTrue(mute.matches("(?s).*RESOLUTION=320x240,FRAME-RATE=30.000,CODECS=\"avc1\\.[0-9A-F]{6}\"\n240p/index.m3u8\n"), mute);
  }

  @Test
  void theAdvertisedPeakIsTheBitRateOfTheBusiestSegment() {
    // Asked before the rendition is prepared: the master reads it from the source's index.
    long advertised = attribute(get("/hls/vod/peak/master.m3u8").body(), "BANDWIDTH");
    String playlist = get("/hls/vod/peak/360p/index.m3u8").body();
    double busiest = 0;
    for (Matcher m = Pattern.compile("#EXTINF:([0-9.]+),\n(\\S+)").matcher(playlist); m.find(); ) {
      busiest = Math.max(busiest, getBytes("/hls/vod/peak/360p/" + m.group(2)).body().length * 8 / Double.parseDouble(m.group(1)));
    }
    assertEquals(busiest, advertised, busiest * 0.05, "within 5 %");
  }

  @Test
  void eachRenditionIsAVodPlaylistOfFmp4SegmentsAsLongAsTheFile() {
    for (String rendition : List.of("clip/360p", "clip/240p", "mute/240p")) {
      HttpResponse<String> playlist = get("/hls/vod/" + rendition + "/index.m3u8");
      assertEquals(200, playlist.statusCode(), rendition);
      assertEquals("application/vnd.apple.mpegurl", playlist.headers().firstValue("content-type").orElseThrow());
      String text = playlist.body();
      assertTrue(text.contains("#EXT-X-PLAYLIST-TYPE:VOD") && text.contains("#EXT-X-MAP:URI=\"init.mp4\"")
          && text.trim().endsWith("#EXT-X-ENDLIST"), text);
      List<Double> lengths = new ArrayList<>();
      for (Matcher m = EXTINF.matcher(text); m.find(); ) lengths.add(Double.parseDouble(m.group(1)));
      assertEquals(List.of(4.0, 2.0), lengths, "cut at the keyframe after 4 s: " + text);
      List<String> files = new ArrayList<>(List.of("init.mp4"));
      text.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).forEach(files::add);
      for (String file : files) {
        HttpResponse<byte[]> bytes = getBytes("/hls/vod/" + rendition + "/" + file);
        assertEquals(200, bytes.statusCode(), file);
        assertEquals("video/mp4", bytes.headers().firstValue("content-type").orElseThrow());
        assertTrue(bytes.body().length > 500, file);
      }
    }
  }

  @Test
  void ffprobeReadsH264AndAacFromEveryVariantOfEveryTitle() {
    String base = "http://127.0.0.1:" + app.httpPort() + "/hls/vod/";
    assertEquals(List.of("h264,640,360", "aac", "h264,426,240", "aac"), Clips.streams(base + "clip/master.m3u8"));
    assertEquals(List.of("h264,320,240"), Clips.streams(base + "mute/master.m3u8"));
    assertEquals(List.of("h264,320,240", "aac"), Clips.streams(base + "legacy/master.m3u8"), "MPEG-4 video is transcoded");
    assertEquals(6.0, Clips.duration(base + "clip/360p/index.m3u8"), 0.1);
    assertEquals(6.0, Clips.duration(base + "legacy/240p/index.m3u8"), 0.1);
    assertTrue(LOGS.list.stream().anyMatch(e -> e.getFormattedMessage().startsWith("HLS: prepared legacy_240p.mp4 (transcoded)")));
    // Prepared, the transcoded rendition's codecs are known too.
    assertTrue(get("/hls/vod/legacy/master.m3u8").body().contains("CODECS=\"avc1.42C0"), "OpenH264's constrained baseline");
  }

  @Test
  void concurrentFirstRequestsWaitForOnePreparation() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> requests = IntStream.range(0, 8).mapToObj(i -> HTTP.sendAsync(
        request("/hls/vod/twin/240p/index.m3u8"), HttpResponse.BodyHandlers.ofString())).toList();
    List<String> bodies = requests.stream().map(CompletableFuture::join).map(r -> r.statusCode() + " " + r.body()).toList();
    assertEquals(1, bodies.stream().distinct().count(), bodies.toString());
    assertTrue(bodies.get(0).startsWith("200 #EXTM3U"), bodies.get(0));
    assertEquals(1, LOGS.list.stream().filter(e -> e.getFormattedMessage().startsWith("HLS: prepared twin_240p.mp4")).count());
    assertEquals(1, cacheFolders("twin_240p-").size());
  }

  @Test
  void aChangedFileGetsANewCacheAndARemovedOneLosesIt() throws Exception {
    assertEquals(200, get("/hls/vod/change/240p/index.m3u8").statusCode());
    List<String> before = cacheFolders("change_240p-");
    assertEquals(1, before.size());

    Path shorter = Clips.h264(TestApp.tempDir().resolve("change_240p.mp4"), 426, 240, 3);
    Files.move(shorter, library.resolve("change_240p.mp4"), StandardCopyOption.REPLACE_EXISTING);
    String playlist = "";
    for (long deadline = System.nanoTime() + 10_000_000_000L; !playlist.contains("#EXTINF:3.0") && System.nanoTime() < deadline; ) {
      Thread.sleep(200);
      playlist = get("/hls/vod/change/240p/index.m3u8").body();
    }
    assertTrue(playlist.contains("#EXTINF:3.000000,"), "the new file, not the old cache: " + playlist);
    List<String> after = cacheFolders("change_240p-");
    assertEquals(1, after.size(), after.toString());
    assertFalse(after.equals(before), "a new folder for the new file");

    Files.delete(library.resolve("change_240p.mp4"));
    for (long deadline = System.nanoTime() + 10_000_000_000L; !cacheFolders("change_240p-").isEmpty() && System.nanoTime() < deadline; ) {
      Thread.sleep(200);
    }
    assertEquals(List.of(), cacheFolders("change_240p-"));
    assertEquals(404, get("/hls/vod/change/240p/index.m3u8").statusCode());
    assertEquals(List.of(), cacheFolders(".tmp-"), "what a crash left was removed at start-up");
  }

  @Test
  void namesOutsideTheLibraryOrThePlaylistAreNotFound() throws Exception {
    assertEquals(200, get("/hls/vod/clip/360p/index.m3u8").statusCode());
    Path folder = cache.resolve(cacheFolders("clip_360p-").get(0));
    Files.writeString(folder.resolve("secret.txt"), "in the folder, but not in the playlist");
    for (String path : List.of("/hls/vod/nope/master.m3u8", "/hls/vod/clip/1080p/index.m3u8", "/hls/vod/clip/360p/nope.m4s",
        "/hls/vod/clip/360p/secret.txt", "/hls/vod/clip/360p/seg009.m4s", "/hls/vod/clip/360p/", "/hls/vod/clip/360p",
        "/hls/vod/clip/360p/init.mp4/x", "/hls/vod/index.m3u8", "/hls/vod/clip/index.m3u8", "/hls/vod/", "/hls/vod",
        "/hls/vod/clip/masterXm3u8",
        "/hls/vod/clip%2F360p/index.m3u8", "/hls/vod/clip/360p%2Findex.m3u8", "/hls/vod/clip/360p/..%2F..%2Fmaster.m3u8",
        "/hls/vod/clip/..%2F..%2F..%2Fpom.xml", "/hls/vod/clip_360p.mp4/master.m3u8",
        "/hls/vod/clip/360p/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/hls/vod/clip/360p/%2e%2e")) {
      HttpResponse<String> response = get(path);
      assertEquals(404, response.statusCode(), path);
      assertTrue(response.body().contains("\"error\":\"NO_SUCH_VIDEO\""), path + ": " + response.body());
    }
    // Dot segments are resolved before routing: these leave /hls/vod, or land on a name the playlist lacks.
    for (String path : List.of("/hls/vod/clip/360p/../../../../pom.xml", "/hls/vod/../../etc/passwd",
        "/hls/vod/clip/360p/../360p/secret.txt", "/hls/vod/%2e%2e/clip/master.m3u8")) {
      try (RawHttp raw = new RawHttp(app.httpPort())) {
        raw.write("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        String response = raw.readResponse(Duration.ofSeconds(5));
        assertTrue(response.startsWith("HTTP/1.1 404"), path + ": " + response);
      }
    }
  }

  private static long attribute(String streamInf, String name) {
    Matcher m = Pattern.compile("[:,]" + name + "=([0-9]+)").matcher(streamInf);
    assertTrue(m.find(), name + " in " + streamInf);
    return Long.parseLong(m.group(1));
  }

  private static List<String> cacheFolders(String prefix) throws Exception {
    try (Stream<Path> folders = Files.list(cache)) {
      return folders.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted().toList();
    }
  }

  private static HttpRequest request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path)).build();
  }

  private static HttpResponse<String> get(String path) {
    try {
      return HTTP.send(request(path), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(path, e);
    }
  }

  private static HttpResponse<byte[]> getBytes(String path) {
    try {
      return HTTP.send(request(path), HttpResponse.BodyHandlers.ofByteArray());
    } catch (Exception e) {
      throw new AssertionError(path, e);
    }
  }
}
