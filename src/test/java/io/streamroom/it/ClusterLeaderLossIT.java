package io.streamroom.it;

import io.streamroom.support.ClusterNodes;
import io.streamroom.support.ClusterNodes.Node;
import io.streamroom.support.Poll;
import io.streamroom.support.TelnetClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three nodes; the leader, which runs the chat service and the camera, is killed with kill -9. The next node
 * takes over with the survivors' sessions as they were, and their users chat on without reconnecting.
 */
class ClusterLeaderLossIT {
  /** The bound: a dead node's users are shown offline and its streams stopped within this. */
  private static final Duration NOTICED_WITHIN = Duration.ofSeconds(10);

  @Test
  void whenTheLeaderIsKilledTheNextNodeTakesOverAndItsUsersChatOnWithoutReconnecting() {
    try (ClusterNodes cluster = new ClusterNodes()) {
      Node leader = cluster.start(Map.of("STREAMROOM_CAMERA", "test", "STREAMROOM_CAMERA_AUDIO", "off",
          "STREAMROOM_CAMERA_WIDTH", "320", "STREAMROOM_CAMERA_HEIGHT", "240", "STREAMROOM_CAMERA_FPS", "10"));
      List<Node> others = cluster.startTogether(2);
      try (TelnetClient ada = leader.telnet("ada"); TelnetClient bo = others.get(0).telnet("bo");
           TelnetClient cy = others.get(1).telnet("cy")) {
        cy.send("/join #side");
        cy.expect("You joined #side");
        cy.send("/status away");
        cy.expect("away");
        bo.send("/join #side");
        bo.expect("You joined #side");
        ada.send("/join #side");
        ada.expect("You joined #side");

        Poll.until("the leader's camera listed on node 2", Duration.ofSeconds(30), () -> streams(others.get(0)) == 1 ? true : null);
        long killed = System.nanoTime();
        cluster.kill(leader);
        bo.send("sent while the leader is gone"); // may have gone to the dead leader: sent again to the next one
        bo.expect(line -> line.equals("* ada quit"), "ada shown offline");
        long quitMillis = (System.nanoTime() - killed) / 1_000_000;
        System.out.println("ada shown offline " + quitMillis + " ms after the leader's kill -9");
        assertTrue(quitMillis < NOTICED_WITHIN.toMillis(), "noticed after " + quitMillis + " ms");
        cy.expect("bo: sent while the leader is gone");
        bo.expect("bo: sent while the leader is gone");

        Poll.until("the dead leader's stream gone from node 2", NOTICED_WITHIN, () -> streams(others.get(0)) == 0 ? true : null);
        cy.send("and after");
        bo.expect("cy: and after");
        bo.send("/listusers");
        assertEquals("* Online (2): bo, cy (away)", bo.expect("* Online"));
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

  private static int streams(Node node) {
    return node.api().get("/api/live", null).array().size();
  }
}
