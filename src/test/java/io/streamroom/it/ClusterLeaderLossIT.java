package io.streamroom.it;

import io.streamroom.live.IngestClient;
import io.streamroom.support.BridgeClient;
import io.streamroom.support.ClusterNodes;
import io.streamroom.support.ClusterNodes.Node;
import io.streamroom.support.Poll;
import io.streamroom.support.TelnetClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three nodes; the leader, which runs the chat service and the camera, is killed with kill -9. The next node
 * takes over with the survivors' sessions as they were, and their users (telnet and web) chat on without reconnecting.
 */
class ClusterLeaderLossIT {
  /** The bound: a dead node's users are shown offline and its streams stopped within this. */
  private static final Duration NOTICED_WITHIN = Duration.ofSeconds(10);

  @Test
  void whenTheLeaderIsKilledTheNextNodeTakesOverAndTelnetAndWebUsersChatOnWithoutReconnecting() {
    try (ClusterNodes cluster = new ClusterNodes()) {
      Node leader = cluster.start(Map.of("STREAMROOM_CAMERA", "test", "STREAMROOM_CAMERA_AUDIO", "off",
          "STREAMROOM_CAMERA_WIDTH", "320", "STREAMROOM_CAMERA_HEIGHT", "240", "STREAMROOM_CAMERA_FPS", "10"));
      List<Node> others = cluster.startTogether(2);
      String webbyToken = others.get(0).api().register("webby", "webby-password");
      try (TelnetClient ada = leader.telnet("ada"); TelnetClient bo = others.get(0).telnet("bo");
           TelnetClient cy = others.get(1).telnet("cy");
           BridgeClient webby = BridgeClient.signedIn(others.get(0).httpPort(), webbyToken);
           BridgeClient viewer = BridgeClient.signedIn(others.get(1).httpPort(), others.get(1).api().register("viewy", "viewy-password"))) {
        cy.send("/join #side");
        cy.expect("You joined #side");
        cy.send("/status away");
        cy.expect("away");
        bo.send("/join #side");
        bo.expect("You joined #side");
        ada.send("/join #side");
        ada.expect("You joined #side");
        webby.join("#side");
        viewer.join("#side");
        // webby goes live in #side from the page (peer to peer, with the server as tracker): viewers connect to webby.
        IngestClient webcam = new IngestClient(others.get(0).httpPort(), "side", webbyToken, webby.session);
        Poll.until("the leader's camera and webby's webcam listed on node 2", Duration.ofSeconds(30), () -> {
          webcam.sendFrame();
          return streams(others.get(0)) == 2 ? true : null;
        });
        assertEquals(webby.session, viewer.command(new JsonObject().put("type", "watch").put("channel", "#side")).getString("peer"));
        long killed = System.nanoTime();
        cluster.kill(leader);
        bo.send("sent while the leader is gone"); // may have gone to the dead leader: sent again to the next one
        String webReply = sayWithoutWaiting(webby, "#side", "typed on the web while the leader is gone");
        bo.expect(line -> line.equals("* ada quit"), "ada shown offline");
        long quitMillis = (System.nanoTime() - killed) / 1_000_000;
        System.out.println("ada shown offline " + quitMillis + " ms after the leader's kill -9");
        assertTrue(quitMillis < NOTICED_WITHIN.toMillis(), "noticed after " + quitMillis + " ms");
        cy.expect("bo: sent while the leader is gone");
        bo.expect("bo: sent while the leader is gone");
        cy.expect("webby: typed on the web while the leader is gone");
        assertTrue(webby.expect(f -> webReply.equals(f.getString("address")), "the web message's reply")
            .getJsonObject("body").containsKey("id"), "stored, and the page told so");

        Poll.until("the dead leader's stream gone from node 2", NOTICED_WITHIN, () -> {
          webcam.sendFrame();
          return streams(others.get(0)) == 1 ? true : null;
        });
        JsonObject watched = viewer.command(new JsonObject().put("type", "watch").put("channel", "#side"));
        assertEquals("direct", watched.getString("path"), "the new leader's tracker knows webby's stream: " + watched.encode());
        assertEquals(webby.session, watched.getString("peer"));
        webcam.close();
        cy.send("and after");
        bo.expect("cy: and after");
        bo.send("/listusers");
        assertEquals("* Online (4): bo, cy (away), viewy, webby", bo.expect("* Online"));
        try (TelnetClient dee = others.get(1).telnet("dee")) {
          dee.send("/join #side");
          dee.expect("You joined #side");
          bo.expect("* dee joined #side");
          dee.send("new here");
          cy.expect("dee: new here");
        }
      }
    }
  }

  /**
   * Sends a page's message as the page does and returns the address its reply will come to. A ping first, as the
   * page sends every 5 s: the bridge closes a socket silent for 15 s, and the camera's start may take longer.
   */
  private static String sayWithoutWaiting(BridgeClient page, String channel, String text) {
    page.sendFrame(new JsonObject().put("type", "ping"));
    String replyAddress = UUID.randomUUID().toString();
    page.sendFrame(new JsonObject().put("type", "send").put("address", "chat.commands").put("replyAddress", replyAddress)
        .put("body", new JsonObject().put("type", "say").put("channel", channel).put("text", text)));
    return replyAddress;
  }

  private static int streams(Node node) {
    return node.api().get("/api/live", null).array().size();
  }
}
