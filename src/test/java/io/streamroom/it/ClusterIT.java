package io.streamroom.it;

import io.streamroom.live.PatternClip;
import io.streamroom.support.ApiClient;
import io.streamroom.support.BridgeClient;
import io.streamroom.support.ClusterNodes;
import io.streamroom.support.ClusterNodes.Node;
import io.streamroom.support.MediaClient;
import io.streamroom.support.MjpegClient;
import io.streamroom.support.Poll;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestMedia;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three nodes as separate processes on one PostgreSQL: users on different nodes share channels, the user
 * list, private messages and kicks, and a stream captured on one node is watched on another.
 */
class ClusterIT {
  private static ClusterNodes cluster;
  private static Node one;
  private static Node two;
  private static Node three;

  @BeforeAll
  static void start() {
    cluster = new ClusterNodes();
    // The first node leads (it runs the chat service) and runs the only camera: a small test pattern.
    one = cluster.start(Map.of("STREAMROOM_ADMINS", "boss", "STREAMROOM_CAMERA", "test", "STREAMROOM_CAMERA_AUDIO", "off",
        "STREAMROOM_CAMERA_WIDTH", "320", "STREAMROOM_CAMERA_HEIGHT", "240", "STREAMROOM_CAMERA_FPS", "10"));
    List<Node> others = cluster.startTogether(2);
    two = others.get(0);
    three = others.get(1);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) cluster.close();
  }

  private static boolean isMessage(JsonObject event, String from, String text) {
    return "message".equals(event.getString("type")) && from.equals(event.getString("from")) && text.equals(event.getString("text"));
  }

  @Test
  void telnetAndWebUsersOnThreeNodesChatInOneChannelAndSeeTheSameUsers() {
    String token = two.api().register("webbo", "webbo-password");
    try (TelnetClient ada = one.telnet("ada"); BridgeClient bo = BridgeClient.signedIn(two.httpPort(), token);
         TelnetClient cy = three.telnet("cy")) {
      JsonObject joined = bo.join("#lobby");
      assertTrue(joined.getJsonArray("members").contains("ada") && joined.getJsonArray("members").contains("cy"), joined.encode());
      ada.expect("* webbo joined #lobby");
      cy.expect("* webbo joined #lobby");

      ada.send("hello from node one");
      cy.expect("ada: hello from node one");
      bo.expectEvent("chat.channel.#lobby", e -> isMessage(e, "ada", "hello from node one"), "ada's message on node 2");
      assertTrue(bo.say("#lobby", "hello from node two").containsKey("id"));
      ada.expect("webbo: hello from node two");
      cy.expect("webbo: hello from node two");
      cy.send("hello from node three");
      ada.expect("cy: hello from node three");
      bo.expectEvent("chat.channel.#lobby", e -> isMessage(e, "cy", "hello from node three"), "cy's message on node 2");

      ada.send("/listusers");
      String onOne = ada.expect("* Online");
      cy.send("/listusers");
      assertEquals(onOne, cy.expect("* Online"), "the same list on node 3 as on node 1");
      assertTrue(onOne.contains("ada") && onOne.contains("webbo") && onOne.contains("cy"), onOne);
      JsonArray onTwo = bo.command(new JsonObject().put("type", "users")).getJsonArray("users");
      assertEquals(onOne.substring(onOne.indexOf(": ") + 2), String.join(", ", onTwo.stream()
          .map(u -> ((JsonObject) u).getString("name")).toList()), "the same list on node 2");
    }
  }

  @Test
  void privateMessagesAndKicksReachUsersOnOtherNodes() {
    two.api().register("boss", "boss-password");
    try (TelnetClient boss = TelnetClient.connect(two.tcpPort()); TelnetClient troll = three.telnet("troll");
         TelnetClient dan = one.telnet("dan")) {
      boss.expect("Choose a nickname");
      boss.send("/login boss boss-password");
      boss.expect("You joined #lobby");

      boss.send("/msg troll please stop");
      troll.expect("[private] boss: please stop");
      troll.send("/msg dan psst");
      dan.expect("[private] troll: psst");
      dan.expectNo("please stop", Duration.ofMillis(300));

      boss.send("/kick troll spamming");
      boss.expect("* Kicked troll.");
      troll.expect("You were kicked by boss: spamming");
      troll.expectClosed();
      dan.expect("* troll was kicked from #lobby by boss: spamming");
    }
  }

  @Test
  void aStreamCapturedOnOneNodeIsWatchedOverMjpegOnAnotherAndItsFramesCrossOnlyWhileWatched() {
    JsonObject onTwo = Poll.until("#lobby live on node 2", Duration.ofSeconds(30), () -> lobby(two));
    assertEquals("test pattern", onTwo.getString("source"));
    try (MjpegClient viewer = MjpegClient.open(two.httpPort(), "/live/lobby.mjpeg", Duration.ofSeconds(10))) {
      for (int i = 0; i < 3; i++) {
        byte[] jpeg = viewer.nextJpeg();
        assertTrue(jpeg.length > 100 && (jpeg[0] & 0xff) == 0xff && (jpeg[1] & 0xff) == 0xd8, "a JPEG from node 1's camera");
      }
      assertEquals(1, lobby(two).getInteger("viewers"));
      assertTrue(lobby(two).getLong("frames") >= 3, lobby(two).encode());
    }
    JsonObject onThree = lobby(three);
    assertEquals("test pattern", onThree.getString("source"), "every node lists the stream");
    assertEquals(0, onThree.getLong("frames"), "no frame went to a node where nobody watches");
  }

  /** The node's /api/live entry for #lobby, or null. */
  private static JsonObject lobby(Node node) {
    JsonArray streams = node.api().get("/api/live", null).array();
    return streams.stream().map(JsonObject.class::cast).filter(s -> "#lobby".equals(s.getString("channel"))).findFirst().orElse(null);
  }

  @Test
  void aVoiceMessageSentOnOneNodePlaysOnAnotherAndEveryNodeShowsTheSameLibrary() throws Exception {
    TestMedia.requireFfmpeg();
    String token = two.api().register("voicy", "voicy-password");
    Path clip = TestMedia.voiceWebm(2);
    String id = new MediaClient(two.httpPort()).upload(clip, "audio/webm", token).json().getString("id");
    try (BridgeClient voicy = BridgeClient.signedIn(two.httpPort(), token)) {
      voicy.join("#lobby");
      JsonObject sent = voicy.command(new JsonObject().put("type", "say").put("channel", "#lobby").put("media", id));
      assertTrue(sent.getLong("id") != null, sent.encode());
    }
    HttpResponse<byte[]> elsewhere = new MediaClient(three.httpPort()).get("/media/" + id, null);
    assertEquals(200, elsewhere.statusCode(), "a channel's recording opens on any node");
    assertArrayEquals(Files.readAllBytes(clip), elsewhere.body());

    Path part = cluster.videosDir().resolve(".cluster-clip.part");
    PatternClip.record(part, 320, 240, 10, 20);
    Files.move(part, cluster.videosDir().resolve("clusterclip_240p.mp4"), StandardCopyOption.ATOMIC_MOVE);
    for (Node node : List.of(one, three)) {
      Poll.until("the new title listed on every node", Duration.ofSeconds(20),
          () -> node.api().get("/api/videos", null).body().contains("clusterclip") ? true : null);
    }
    ApiClient.Response master = three.api().get("/hls/vod/clusterclip/master.m3u8", null);
    assertEquals(200, master.status(), master.body());
    assertTrue(master.body().contains("240p/index.m3u8"), master.body());
  }
}
