package io.streamroom.vod;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.streamroom.config.Setting;
import io.streamroom.live.PatternClip;
import io.streamroom.support.ApiClient;
import io.streamroom.support.BridgeClient;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A temporary library of clips the test records itself: listing, serving, and playing into a channel. */
class VideoLibraryTest {
  private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
  private static Path library;
  private static TestApp app;
  private static ApiClient api;

  @BeforeAll
  static void start() throws Exception {
    library = TestApp.tempDir();
    PatternClip.record(library.resolve("wild_240p.mp4"), 320, 240, 10, 20);   // 2 s at 10 fps
    PatternClip.record(library.resolve("wild_480p.mp4"), 640, 480, 10, 20);
    PatternClip.record(library.resolve("long_240p.mp4"), 320, 240, 10, 300);  // 30 s
    Files.writeString(library.resolve("notes.txt"), "not a video");
    Files.write(library.resolve("broken_480p.mp4"), new byte[] {1, 2, 3, 4});
    Files.createDirectories(library.resolve("sub"));
    Files.copy(library.resolve("wild_240p.mp4"), library.resolve("sub").resolve("wild_240p.mp4"));
    LOGS.start();
    ((Logger) LoggerFactory.getLogger(VideoLibrary.class)).addAppender(LOGS);
    app = TestApp.start(Map.of(Setting.VIDEOS_DIR, library.toString(), Setting.VIDEOS_SCAN_SECONDS, "1",
        Setting.ADMINS, "curator"));
    api = new ApiClient(app.httpPort());
    api.register("curator", "curator-pass");
  }

  @AfterAll
  static void stop() {
    app.close();
    ((Logger) LoggerFactory.getLogger(VideoLibrary.class)).detachAppender(LOGS);
  }

  private static JsonObject title(String name) {
    JsonArray titles = api.get("/api/videos", null).array();
    for (int i = 0; i < titles.size(); i++) {
      if (name.equals(titles.getJsonObject(i).getString("title"))) return titles.getJsonObject(i);
    }
    return null;
  }

  /** An admin (STREAMROOM_ADMINS) logged in over telnet, in #lobby. */
  private static TelnetClient curator() {
    TelnetClient curator = app.connect();
    curator.expect("Choose a nickname");
    curator.send("/login curator curator-pass");
    curator.expect("You joined #lobby");
    return curator;
  }

  @Test
  void titlesAreListedWithTheirRenditionsAndBadFilesAreSkipped() {
    JsonObject wild = title("wild");
    JsonArray renditions = wild.getJsonArray("renditions");
    assertEquals(2, renditions.size());
    JsonObject low = renditions.getJsonObject(0);
    assertEquals("240p", low.getString("resolution"));
    assertEquals(320, low.getInteger("width"));
    assertEquals(240, low.getInteger("height"));
    assertEquals(10.0, low.getDouble("fps"), 0.01);
    assertEquals(2.0, low.getDouble("duration"), 0.2);
    assertTrue(low.getLong("size") > 0);
    assertEquals("/videos/wild_240p.mp4", low.getString("url"));
    assertEquals("480p", renditions.getJsonObject(1).getString("resolution"));
    String all = api.get("/api/videos", null).body();
    assertTrue(!all.contains("notes") && !all.contains("broken"), all);

    try (TelnetClient user = app.user("browser1")) {
      user.send("/videos");
      user.expect("* Video: wild (0:02): 240p, 480p");
    }
  }

  @Test
  void eachSkippedFileIsLoggedOnceNotOnEveryScan() throws Exception {
    Thread.sleep(2500); // two more scans
    List<String> lines = LOGS.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertEquals(1, lines.stream().filter(l -> l.equals("Video library: skipping notes.txt: not named <title>_<resolution>.mp4")).count(), lines.toString());
    assertEquals(1, lines.stream().filter(l -> l.startsWith("Video library: skipping broken_480p.mp4: cannot be read as a video")).count(), lines.toString());
  }

  @Test
  void filesAddedOrRemovedShowUpWithoutARestart() throws Exception {
    Path added = PatternClip.record(library.resolve("fresh_360p.mp4"), 640, 360, 10, 10);
    long deadline = System.currentTimeMillis() + 5000;
    while (title("fresh") == null && System.currentTimeMillis() < deadline) Thread.sleep(200);
    assertEquals("360p", title("fresh").getJsonArray("renditions").getJsonObject(0).getString("resolution"));
    Files.delete(added);
    deadline = System.currentTimeMillis() + 5000;
    while (title("fresh") != null && System.currentTimeMillis() < deadline) Thread.sleep(200);
    assertEquals(null, title("fresh"));
  }

  @Test
  void filesAreServedWithRangeRequests() throws Exception {
    byte[] file = Files.readAllBytes(library.resolve("wild_480p.mp4"));
    HttpResponse<byte[]> part = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + app.httpPort() + "/videos/wild_480p.mp4")).header("Range", "bytes=100-1099").build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(206, part.statusCode());
    assertEquals("bytes 100-1099/" + file.length, part.headers().firstValue("Content-Range").orElseThrow());
    assertArrayEquals(Arrays.copyOfRange(file, 100, 1100), part.body());
    assertTrue(part.headers().firstValue("Content-Type").orElseThrow().startsWith("video/mp4"));
    assertTrue(part.headers().firstValue("Content-Disposition").isEmpty(), "never offered as a download");
  }

  @Test
  void namesOutsideTheLibraryAreNotFound() {
    for (String path : new String[] {"/videos/notes.txt", "/videos/sub/wild_240p.mp4", "/videos/", "/videos/..%2Fpom.xml", "/videos/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/videos/broken_480p.mp4", "/videos/nothing_240p.mp4", "/videos/wild_240p.mp4%2F..%2F..%2Fx"}) {
      assertEquals(404, api.get(path, null).status(), path);
    }
  }

  @Test
  void aVideoPlaysIntoTheChannelAtItsOwnRateAndEndsAtItsEnd() throws Exception {
    try (TelnetClient curator = curator(); TelnetClient guest = app.user("couchguest")) {
      curator.send("/play wild 240p");
      curator.expect("* Playing wild (240p) in #lobby.");
      guest.expect("* #lobby is live now (video wild (240p))");
      try (io.streamroom.live.LiveViewerAccess viewer = io.streamroom.live.LiveViewerAccess.watch(app.httpPort(), "lobby")) {
        long first = viewer.nextSeq();
        long start = System.nanoTime();
        long last = first;
        for (int i = 0; i < 8; i++) last = viewer.nextSeq();
        double fps = (last - first) / ((System.nanoTime() - start) / 1e9);
        assertTrue(fps > 7 && fps < 13, "about the file's 10 fps: " + fps);
      }
      guest.expect("* The live stream in #lobby stopped"); // the end of the file
    }
  }

  @Test
  void stopEndsAPlaybackAndOnlyOwnersOrAdminsPlay() {
    String visitorToken = api.visitor("peeker2");
    try (TelnetClient curator = curator(); TelnetClient guest = app.user("nosyguest");
         BridgeClient visitor = BridgeClient.signedIn(app.httpPort(), visitorToken)) {
      guest.send("/play long");
      guest.expect("! Only the channel's owner or an admin can do that.");
      assertEquals("NOT_OWNER", visitor.command(new JsonObject().put("type", "play").put("channel", "#lobby")
          .put("title", "long")).getString("error"));

      curator.send("/play nope");
      curator.expect("! No video titled \"nope\". Titles: long, wild.");
      curator.send("/play wild 1080p");
      curator.expect("! wild has no 1080p; it has 240p, 480p.");

      curator.send("/play long");
      curator.expect("* Playing long (240p) in #lobby.");
      curator.send("/play wild");
      curator.expect("! #lobby is live already; stop that stream first.");
      guest.send("/stop");
      guest.expect("! Only the channel's owner or an admin can do that.");
      curator.send("/stop");
      curator.expectAll("* Stopped the stream in #lobby.", "* The live stream in #lobby stopped");
      curator.send("/stop");
      curator.expect("! No stream from a browser or OBS, nor a video, is live in #lobby");
    }
  }
}
