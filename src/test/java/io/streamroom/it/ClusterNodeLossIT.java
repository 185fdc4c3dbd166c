package io.streamroom.it;

import io.streamroom.live.IngestClient;
import io.streamroom.rtmp.RawPublisher;
import io.streamroom.support.BridgeClient;
import io.streamroom.support.ChildProcess;
import io.streamroom.support.ClusterNodes;
import io.streamroom.support.ClusterNodes.Node;
import io.streamroom.support.Poll;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two nodes; one is killed with kill -9, and the other goes on with its users told who and what went. */
class ClusterNodeLossIT {
  /** The bound: a dead node's users are shown offline and its streams stopped within this. */
  private static final Duration NOTICED_WITHIN = Duration.ofSeconds(10);

  @Test
  void aKilledNodesUsersAndStreamsAreGoneElsewhereWithinTenSecondsWhileTheOthersChatOn() {
    try (ClusterNodes cluster = new ClusterNodes()) {
      Node leader = cluster.start(Map.of());
      int rtmpPort = TestApp.freePort();
      Node doomed = cluster.start(Map.of("STREAMROOM_CAMERA", "test", "STREAMROOM_CAMERA_AUDIO", "off",
          "STREAMROOM_CAMERA_WIDTH", "320", "STREAMROOM_CAMERA_HEIGHT", "240", "STREAMROOM_CAMERA_FPS", "10",
          "STREAMROOM_RTMP_PORT", String.valueOf(rtmpPort)));
      String owner = leader.api().register("obsowner", "obsowner-pass");
      var created = leader.api().post("/api/channels", new JsonObject().put("name", "obs"), owner);
      assertEquals(201, created.status(), created.body());
      var streamKey = doomed.api().post("/api/channels/obs/streamkey", new JsonObject(), owner);
      String key = streamKey.json().getString("key");
      assertTrue(key != null, streamKey.body());
      try (TelnetClient ada = leader.telnet("ada"); TelnetClient eve = leader.telnet("eve"); TelnetClient cy = doomed.telnet("cy");
           BridgeClient page = BridgeClient.signedIn(leader.httpPort(), owner)) {
        page.join("#obs"); // the page a webcam streams from
        Poll.until("node 2's camera live on node 1", Duration.ofSeconds(30), () -> lobbyLive(leader) ? true : null);
        // Claimed on node 2 but not yet announced: only the claim's lease can free #obs once node 2 is gone.
        RawPublisher obs = new RawPublisher(rtmpPort); // closed by the kill
        assertEquals("NetStream.Publish.Start", obs.publish("live", key).get("code"));
        ada.expect("* cy joined #lobby");
        cy.send("still here");
        ada.expect("cy: still here");

        long killed = System.nanoTime();
        cluster.kill(doomed);
        for (int i = 0; i < 5; i++) { // nothing the survivors do fails meanwhile
          eve.send("while node 2 is gone " + i);
          ada.expect("eve: while node 2 is gone " + i);
        }
        ada.expect(line -> line.equals("* cy quit"), "cy shown offline");
        long quitMillis = (System.nanoTime() - killed) / 1_000_000;
        ada.expect(line -> line.equals("* The live stream in #lobby stopped"), "node 2's stream stopped");
        long streamMillis = (System.nanoTime() - killed) / 1_000_000;
        System.out.println("cy shown offline " + quitMillis + " ms and the stream stopped " + streamMillis + " ms after kill -9");
        assertTrue(streamMillis < NOTICED_WITHIN.toMillis(), "noticed after " + streamMillis + " ms");
        ada.send("/listusers");
        String online = ada.expect("* Online");
        assertTrue(online.contains("ada") && online.contains("eve") && !online.contains("cy"), online);
        assertTrue(!lobbyLive(leader), "node 1 no longer lists the stream");
        eve.send("after");
        ada.expect("eve: after");

        String refused = "4409 #obs is already live";
        String answer = refused;
        while (answer.equals(refused) && System.nanoTime() - killed < NOTICED_WITHIN.plusSeconds(2).toNanos()) {
          try (IngestClient webcam = new IngestClient(leader.httpPort(), "obs", owner)) {
            answer = Poll.until("#obs live, or the webcam refused", Duration.ofSeconds(5),
                () -> webcamOutcome(leader, webcam));
          }
        }
        long freedMillis = (System.nanoTime() - killed) / 1_000_000;
        System.out.println("#obs, claimed on node 2 without a stream, free for a webcam " + freedMillis + " ms after kill -9");
        assertEquals("live", answer, "the dead node's claim ran out");
      }
    }
  }

  @Test
  void aFrozenNodeWhoseSocketsStayOpenIsDroppedByTheHeartbeatWithinTenSeconds() {
    try (ClusterNodes cluster = new ClusterNodes()) {
      Node leader = cluster.start(Map.of());
      Node frozen = cluster.start(Map.of());
      try (TelnetClient ada = leader.telnet("ada"); TelnetClient cy = frozen.telnet("cy")) {
        ada.expect("* cy joined #lobby");
        long stopped = System.nanoTime();
        ChildProcess.run("kill", "-STOP", String.valueOf(frozen.process().pid())).awaitExit(Duration.ofSeconds(5));
        ada.expect(line -> line.equals("* cy quit"), "cy shown offline once the heartbeats stop");
        long quitMillis = (System.nanoTime() - stopped) / 1_000_000;
        System.out.println("cy shown offline " + quitMillis + " ms after its node froze");
        assertTrue(quitMillis < NOTICED_WITHIN.toMillis(), "noticed after " + quitMillis + " ms");
      } finally {
        cluster.kill(frozen);
      }
    }
  }

  /** "live" once the webcam's channel is listed, the close reason if it was refused, null while neither. */
  private static String webcamOutcome(Node node, IngestClient webcam) {
    boolean live = node.api().get("/api/live", null).array().stream().map(JsonObject.class::cast)
        .anyMatch(s -> "#obs".equals(s.getString("channel")));
    if (live) return "live";
    String refused = webcam.closedReason();
    if (refused != null) return refused;
    try {
      webcam.sendFrame();
      return null;
    } catch (RuntimeException closedMeanwhile) {
      return webcam.awaitClosed();
    }
  }

  private static boolean lobbyLive(Node node) {
    return node.api().get("/api/live", null).array().stream().map(JsonObject.class::cast)
        .anyMatch(s -> "#lobby".equals(s.getString("channel")));
  }
}
