package io.streamroom.it;

import io.streamroom.support.ClusterNodes;
import io.streamroom.support.ClusterNodes.Node;
import io.streamroom.support.MetricsScrape;
import io.streamroom.support.TelnetClient;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two nodes, each scraped on its own: each counts its own users and deliveries; the leader counts messages stored. */
class ClusterMetricsIT {
  private static final String TELNET_USERS = "streamroom_users_connected{adapter=\"telnet\"}";
  private static final String TCP_DELIVERIES = "streamroom_deliveries_total{adapter=\"tcp\"}";
  private static final String SENT = "streamroom_messages_sent_total";

  @Test
  void eachNodeExposesItsOwnConnectionsAndDeliveries() {
    try (ClusterNodes cluster = new ClusterNodes()) {
      Node leader = cluster.start(Map.of());
      Node other = cluster.start(Map.of());
      try (TelnetClient ann = leader.telnet("ann"); TelnetClient bob = other.telnet("bob"); TelnetClient cat = other.telnet("cat")) {
        ann.expect("* cat joined #lobby");
        MetricsScrape leaderBefore = MetricsScrape.read(leader.api());
        MetricsScrape otherBefore = MetricsScrape.read(other.api());
        assertEquals(1, leaderBefore.value(TELNET_USERS));
        assertEquals(2, otherBefore.value(TELNET_USERS));

        for (int i = 1; i <= 5; i++) ann.send("across nodes " + i);
        bob.expect("across nodes 5");
        cat.expect("across nodes 5");
        ann.expect("across nodes 5");

        MetricsScrape leaderAfter = MetricsScrape.read(leader.api());
        MetricsScrape otherAfter = MetricsScrape.read(other.api());
        assertEquals(5, leaderAfter.value(TCP_DELIVERIES) - leaderBefore.value(TCP_DELIVERIES), "ann's node: to ann");
        assertEquals(10, otherAfter.value(TCP_DELIVERIES) - otherBefore.value(TCP_DELIVERIES), "the other node: to bob and cat");
        assertTrue(leaderAfter.value(SENT) - leaderBefore.value(SENT) >= 5, "stored by the leader's chat service");
        assertEquals(0, otherAfter.value(SENT), "the other node runs no chat service");
      }
    }
  }
}
