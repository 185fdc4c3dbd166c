package io.streamroom.it;

import com.microsoft.playwright.Page;
import io.streamroom.config.Setting;
import io.streamroom.support.ApiClient;
import io.streamroom.support.BridgeClient;
import io.streamroom.support.BrowserApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Live streams from a browser to browsers, peer to peer, in real headless Chromium with a fake camera and
 * microphone: the server only tracks and signals; past the direct-viewer limit, and when a viewer's direct
 * connection cannot come up, the server relays the stream with its sound.
 */
class PeerStreamBrowserIT {
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  /** Keeps every RTCPeerConnection the page makes, so the test can read its getStats(). */
  private static final String KEEP_PEERS = "window.peers = []; const Native = RTCPeerConnection;"
      + "window.RTCPeerConnection = class extends Native { constructor(config) { super(config); window.peers.push(this); } };";
  /** A viewer behind a wall: relay-only ICE with no TURN server gathers no candidate, so nothing connects. */
  private static final String BLOCKED = "window.peers = []; const Native = RTCPeerConnection;"
      + "window.RTCPeerConnection = class extends Native { constructor(config) {"
      + " super({ ...config, iceTransportPolicy: 'relay' }); window.peers.push(this); } };";
  private static ApiClient api;

  @RegisterExtension
  static final BrowserApp browsers = new BrowserApp(Map.of(Setting.LIVE_DIRECT_VIEWERS, "2"));

  @BeforeAll
  static void start() {
    api = new ApiClient(browsers.app().httpPort());
  }

  @Test
  void viewersGetPictureAndSoundDirectlyUpToTheLimitThenThroughTheServer() {
    Page streamer = browsers.pages().registered("p2pstreamer");
    streamer.click("#go-live-btn");
    assertThat(streamer.locator("#live-badge")).isVisible();

    Page first = browsers.pages().registered("p2pfirst", KEEP_PEERS);
    assertThat(first.locator("#live-path")).hasText("direct from the streamer");
    JsonObject before = inbound(first);
    first.waitForTimeout(1500);
    JsonObject after = inbound(first);
    assertTrue(after.getLong("video") > before.getLong("video"), "video bytes grow: " + before + " -> " + after);
    assertTrue(after.getLong("audio") > before.getLong("audio"), "audio bytes grow: " + before + " -> " + after);
    assertEquals("host", after.getString("local"), "a host candidate pair: " + after);
    assertEquals("host", after.getString("remote"), "a host candidate pair: " + after);
    assertThat(first.locator("#live-latency")).hasText(java.util.regex.Pattern.compile("\\d+"));

    Page second = browsers.pages().registered("p2psecond", KEEP_PEERS);
    assertThat(second.locator("#live-path")).hasText("direct from the streamer");
    Page third = browsers.pages().registered("p2pthird", KEEP_PEERS); // the limit is 2
    assertThat(third.locator("#live-path")).hasText("through the server");
    assertPlaysWithSound(third);
    third.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("live-relayed.png")));

    JsonObject stream = api.get("/api/live", null).array().getJsonObject(0);
    assertEquals(2, stream.getInteger("direct"), stream.encode());
    assertEquals(1, stream.getInteger("relayed"), stream.encode());
    String memberToken = api.register("p2pmember", "p2pmember-password");
    try (BridgeClient member = BridgeClient.signedIn(browsers.app().httpPort(), memberToken)) {
      member.command(new JsonObject().put("type", "join").put("channel", "#lobby"));
      JsonObject peers = api.get("/api/channels/lobby/peers", memberToken).json();
      assertEquals("p2pstreamer", peers.getString("streamer"), peers.encode());
      assertEquals(new JsonArray(List.of("p2pfirst", "p2psecond")), peers.getJsonArray("direct"));
      assertEquals(new JsonArray(List.of("p2pthird")), peers.getJsonArray("relayed"));
    }

    // Stopping ends every connection, and everyone is told.
    streamer.click("#go-live-btn");
    for (Page viewer : List.of(first, second, third)) {
      assertThat(viewer.locator("#live-panel")).isHidden();
      assertThat(viewer.locator("#messages .notice").last()).hasText(java.util.regex.Pattern.compile("stream in #lobby stopped"));
    }
    first.waitForFunction("() => window.peers.every(p => p.connectionState === 'closed')");
    assertEquals(0, api.get("/api/live", null).array().size());
  }

  @Test
  void aViewerWhoseDirectConnectionCannotComeUpWatchesThroughTheServer() {
    Page streamer = browsers.pages().registered("wallstreamer");
    streamer.click("#go-live-btn");
    assertThat(streamer.locator("#live-badge")).isVisible();
    Page walled = browsers.pages().registered("walledviewer", BLOCKED);
    assertThat(walled.locator("#live-path")).hasText("through the server", // after the 5 s for the direct path
        new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(15_000));
    assertPlaysWithSound(walled);
    JsonObject stream = api.get("/api/live", null).array().getJsonObject(0);
    assertEquals(0, stream.getInteger("direct"), stream.encode());
    assertEquals(1, stream.getInteger("relayed"), stream.encode());
    streamer.click("#go-live-btn");
  }

  @Test
  void onlyTheStreamerAndItsDirectViewersSignalEachOtherAndOnlyMembersSeeTheTracker() {
    Page streamer = browsers.pages().registered("sigstreamer", KEEP_PEERS);
    streamer.click("#go-live-btn");
    assertThat(streamer.locator("#live-badge")).isVisible();
    String streamerPeer;
    String outsiderToken = api.register("sigoutsider", "sigoutsider-password");
    String memberToken = api.register("sigmember", "sigmember-password");
    try (BridgeClient member = BridgeClient.signedIn(browsers.app().httpPort(), memberToken);
         BridgeClient outsider = BridgeClient.signedIn(browsers.app().httpPort(), outsiderToken)) {
      member.command(new JsonObject().put("type", "join").put("channel", "#lobby"));
      JsonObject watched = member.command(new JsonObject().put("type", "watch").put("channel", "#lobby"));
      assertEquals("direct", watched.getString("path"), watched.encode());
      streamerPeer = watched.getString("peer");
      JsonObject offer = member.expectEvent("chat.session." + member.session, e -> "signal".equals(e.getString("type")), "the offer");
      assertTrue(offer.getJsonObject("data").getJsonObject("sdp").getString("sdp").contains("m=audio"), "the offer has sound");

      JsonObject data = new JsonObject().put("candidate", new JsonObject().put("candidate", "").put("sdpMid", "0"));
      JsonObject refused = outsider.command(new JsonObject().put("type", "signal").put("channel", "#lobby").put("peer", streamerPeer).put("data", data));
      assertEquals("NOT_IN_CHANNEL", refused.getString("error"), refused.encode());
      assertEquals("NOT_IN_CHANNEL", outsider.command(new JsonObject().put("type", "watch").put("channel", "#lobby")).getString("error"));
      assertEquals(403, api.get("/api/channels/lobby/peers", outsiderToken).status());

      outsider.command(new JsonObject().put("type", "join").put("channel", "#lobby")); // a member, but not its peer
      refused = outsider.command(new JsonObject().put("type", "signal").put("channel", "#lobby").put("peer", streamerPeer).put("data", data));
      assertEquals("NOT_PEER", refused.getString("error"), refused.encode());
      refused = outsider.command(new JsonObject().put("type", "signal").put("channel", "#lobby").put("peer", member.session).put("data", data));
      assertEquals("NOT_PEER", refused.getString("error"), "viewers do not signal each other");
      JsonObject big = new JsonObject().put("sdp", new JsonObject().put("type", "answer").put("sdp", "x".repeat(20_000)));
      assertEquals("TOO_LARGE", member.command(new JsonObject().put("type", "signal").put("channel", "#lobby")
          .put("peer", streamerPeer).put("data", big)).getString("error"));
      assertEquals("BAD_REQUEST", member.command(new JsonObject().put("type", "signal").put("channel", "#lobby")
          .put("peer", streamerPeer)).getString("error"));
      streamer.waitForFunction("() => window.peers.length === 1 && window.peers[0].connectionState !== 'closed'");
    }
    // The viewer signed out: the streamer's page is told and closes its connection to it.
    streamer.waitForFunction("() => window.peers[0].connectionState === 'closed'");
    streamer.click("#go-live-btn");
  }

  /** The page's newest peer connection: inbound audio and video bytes and the selected pair's candidate types. */
  private static JsonObject inbound(Page page) {
    page.waitForFunction("() => window.peers.length > 0 && window.peers.at(-1).connectionState === 'connected'");
    return new JsonObject((String) page.evaluate("async () => { const stats = await window.peers.at(-1).getStats();"
        + "const out = { audio: 0, video: 0 }; let pair = null; const byId = new Map();"
        + "stats.forEach(s => { byId.set(s.id, s); if (s.type === 'inbound-rtp') out[s.kind] = s.bytesReceived;"
        + " if (s.type === 'transport' && s.selectedCandidatePairId) pair = s.selectedCandidatePairId; });"
        + "const selected = byId.get(pair); out.local = byId.get(selected.localCandidateId).candidateType;"
        + "out.remote = byId.get(selected.remoteCandidateId).candidateType; return JSON.stringify(out); }"));
  }

  /** The relayed stream plays, and the player decodes sound and picture. */
  private static void assertPlaysWithSound(Page page) {
    page.waitForFunction("() => { const v = document.querySelector('#live-av');"
        + "return v.currentTime > 1 && v.webkitAudioDecodedByteCount > 0 && v.webkitVideoDecodedByteCount > 0 && v.videoWidth > 0; }",
        null, new Page.WaitForFunctionOptions().setTimeout(15_000));
  }
}
