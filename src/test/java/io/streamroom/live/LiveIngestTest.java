package io.streamroom.live;

import io.streamroom.support.ApiClient;
import io.streamroom.support.BridgeClient;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Browsers going live with their webcam: who may, what viewers get, and who may stop it. */
class LiveIngestTest {
  private static TestApp app;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    app = TestApp.start(java.util.Map.of(io.streamroom.config.Setting.ADMINS, "bouncer"));
    api = new ApiClient(app.httpPort());
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void aRegisteredMemberStreamsAndViewersAndTelnetUsersSeeIt() {
    String token = api.register("streamer", "streamer-pass");
    try (BridgeClient page = BridgeClient.signedIn(app.httpPort(), token); TelnetClient telnet = app.user("couch")) {
      page.join("#studio");
      telnet.send("/join #studio");
      telnet.expect("You joined #studio");
      try (IngestClient camera = new IngestClient(app.httpPort(), "studio", token)) {
        camera.sendFrame();
        telnet.expect("* #studio is live now (streamer's webcam): watch http://127.0.0.1:" + app.httpPort() + "/live/studio.mjpeg");
        LiveViewer.awaitLive(api, "#studio");
        try (LiveViewer viewer = LiveViewer.watch(app.httpPort(), "studio")) {
          long previous = -1;
          for (int i = 0; i < 5; i++) {
            camera.sendFrame();
            LiveViewer.Received frame = viewer.next();
            assertTrue(frame.isJpeg() && frame.seq() > previous);
            previous = frame.seq();
          }
        }
        try (IngestClient second = new IngestClient(app.httpPort(), "studio", token)) {
          assertEquals("4409 #studio is already live", second.awaitClosed());
        }
      }
      telnet.expect("* The live stream in #studio stopped");
    }
  }

  @Test
  void visitorsStrangersAndBadTokensCannotStream() {
    try (IngestClient visitor = new IngestClient(app.httpPort(), "lobby", api.visitor("watcher"))) {
      assertEquals("4403 visitors cannot stream", visitor.awaitClosed());
    }
    try (IngestClient forged = new IngestClient(app.httpPort(), "lobby", "not-a-token")) {
      assertEquals("4401 sign in first", forged.awaitClosed());
    }
    try (IngestClient stranger = new IngestClient(app.httpPort(), "lobby", api.register("stranger", "stranger-pass"))) {
      assertTrue(stranger.awaitClosed().startsWith("4403 "), "not in #lobby (not even online)");
    }
  }

  @Test
  void aKickedStreamersWebcamStops() {
    String token = api.register("rowdy", "rowdy-pass");
    try (TelnetClient bouncer = app.user("bouncer"); BridgeClient page = BridgeClient.signedIn(app.httpPort(), token)) {
      bouncer.send("/register bouncer-pass");
      bouncer.expect("is now your account");
      page.join("#club");
      bouncer.send("/join #club");
      bouncer.expect("You joined #club");
      try (IngestClient camera = new IngestClient(app.httpPort(), "club", token)) {
        camera.sendFrame();
        bouncer.expect("* #club is live now (rowdy's webcam)");
        bouncer.send("/kick rowdy too loud");
        assertEquals("1000 rowdy left the channel", camera.awaitClosed());
        bouncer.expect("* The live stream in #club stopped");
      }
    }
  }

  @Test
  void somethingThatIsNotAJpegEndsTheStream() {
    String token = api.register("sloppy", "sloppy-pass");
    try (BridgeClient page = BridgeClient.signedIn(app.httpPort(), token)) {
      page.join("#messy");
      try (IngestClient camera = new IngestClient(app.httpPort(), "messy", token)) {
        camera.send("not an image".getBytes());
        assertEquals("1003 frames must be JPEG images", camera.awaitClosed());
      }
    }
  }

  @Test
  void theChannelOwnerStopsABrowserStreamOthersCannot() {
    String ownerToken = api.register("stageowner", "stageowner-pass");
    assertEquals(201, api.post("/api/channels", new JsonObject().put("name", "stage"), ownerToken).status());
    String performerToken = api.register("performer", "performer-pass");
    try (BridgeClient owner = BridgeClient.signedIn(app.httpPort(), ownerToken);
         BridgeClient performer = BridgeClient.signedIn(app.httpPort(), performerToken);
         BridgeClient heckler = BridgeClient.signedIn(app.httpPort(), api.register("heckler", "heckler-pass"))) {
      owner.join("#stage");
      heckler.join("#stage");
      performer.join("#stage");
      try (IngestClient live = new IngestClient(app.httpPort(), "stage", performerToken)) {
        live.sendFrame();
        owner.expectEvent("chat.channel.#stage", e -> "stream".equals(e.getString("type")) && e.getBoolean("live"), "live");
        assertEquals("NOT_OWNER", heckler.command(new JsonObject().put("type", "stopstream").put("channel", "#stage"))
            .getString("error"));
        assertTrue(owner.command(new JsonObject().put("type", "stopstream").put("channel", "#stage")).containsKey("channel"));
        assertEquals("1000 stopped by stageowner", live.awaitClosed());
        owner.expectEvent("chat.channel.#stage", e -> "stream".equals(e.getString("type")) && !e.getBoolean("live"), "stopped");
        assertEquals("NOT_LIVE", owner.command(new JsonObject().put("type", "stopstream").put("channel", "#stage"))
            .getString("error"));
      }
    }
  }
}
