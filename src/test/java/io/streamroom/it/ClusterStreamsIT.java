package io.streamroom.it;

import io.streamroom.live.IngestClient;
import io.streamroom.rtmp.RawPublisher;
import io.streamroom.support.BridgeClient;
import io.streamroom.support.ClusterNodes;
import io.streamroom.support.ClusterNodes.Node;
import io.streamroom.support.Poll;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two nodes: a stream is stopped on the node it comes from whichever node its owner types on, and one stream
 * per channel holds across nodes for browsers too.
 */
class ClusterStreamsIT {
  private static ClusterNodes cluster;
  private static Node one;
  private static Node two;
  private static int rtmpPort;

  @BeforeAll
  static void start() {
    cluster = new ClusterNodes();
    rtmpPort = TestApp.freePort();
    one = cluster.start(Map.of("STREAMROOM_RTMP_PORT", String.valueOf(rtmpPort)));
    two = cluster.start(Map.of());
  }

  @AfterAll
  static void stop() {
    if (cluster != null) cluster.close();
  }

  @Test
  void anOwnerOnOneNodeStopsABrowserStreamOnAnotherEveryTime() {
    String ownerToken = two.api().register("impresario", "impresario-pass");
    assertEquals(201, two.api().post("/api/channels", new JsonObject().put("name", "hall"), ownerToken).status());
    String performerToken = one.api().register("performer", "performer-pass");
    try (TelnetClient owner = TelnetClient.connect(two.tcpPort());
         BridgeClient performer = BridgeClient.signedIn(one.httpPort(), performerToken)) {
      owner.expect("Choose a nickname");
      owner.send("/login impresario impresario-pass");
      owner.expect("You joined #lobby");
      owner.send("/join #hall");
      owner.expect("You joined #hall");
      performer.join("#hall");
      // A point-to-point stop would reach each node's live hub in turn: twice in a row reaches the wrong one once.
      for (int round = 0; round < 2; round++) {
        try (IngestClient webcam = new IngestClient(one.httpPort(), "hall", performerToken)) {
          webcam.sendFrame();
          owner.expect("* #hall is live now (performer's webcam)");
          Poll.until("#hall listed on node 2", Duration.ofSeconds(10), () -> live(two, "#hall") ? true : null);
          owner.send("/stop");
          owner.expect("Stopped the stream in #hall.");
          assertEquals("1000 stopped by impresario", webcam.awaitClosed());
          owner.expect("* The live stream in #hall stopped");
          Poll.until("#hall gone from both nodes", Duration.ofSeconds(10),
              () -> !live(one, "#hall") && !live(two, "#hall") ? true : null);
        }
      }
      owner.send("/stop");
      owner.expect("! No stream");
    }
  }

  @Test
  void aBrowserCannotGoLiveInAChannelThatAnObsStreamOnAnotherNodeHasClaimed() {
    String token = one.api().register("obsowner", "obsowner-pass");
    assertEquals(201, one.api().post("/api/channels", new JsonObject().put("name", "obs"), token).status());
    String key = one.api().post("/api/channels/obs/streamkey", new JsonObject(), token).json().getString("key");
    try (BridgeClient page = BridgeClient.signedIn(two.httpPort(), token);
         RawPublisher obs = new RawPublisher(rtmpPort)) {
      page.join("#obs");
      // Published but no media yet: node 1 holds #obs's claim and has announced nothing, so node 2's hub knows of
      // the claim only through the cluster's map.
      assertEquals("NetStream.Publish.Start", obs.publish("live", key).get("code"));
      try (IngestClient webcam = new IngestClient(two.httpPort(), "obs", token)) { // refused before its first frame
        assertEquals("4409 #obs is already live", webcam.awaitClosed());
      }
    }
  }

  private static boolean live(Node node, String channel) {
    return node.api().get("/api/live", null).array().stream().map(JsonObject.class::cast)
        .anyMatch(s -> channel.equals(s.getString("channel")));
  }
}
