package io.streamroom.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.HazelcastInstance;
import io.streamroom.chat.Addresses;
import io.streamroom.chat.NodeDepartures;
import io.streamroom.chat.StreamStops;
import io.streamroom.metrics.Meters;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * This process as one node of a cluster: a clustered Vert.x over Hazelcast (TCP-IP join), which node leads
 * (the oldest member runs the chat service, see docs/ARCHITECTURE.md), news of nodes that leave or die,
 * published on this node only at {@link Addresses#NODE_LEFT}, and this node's address for stopping the streams it
 * serves ({@link StreamStops}).
 */
public final class ClusterNode {
  private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);
  /** Hazelcast's heartbeat: often enough that the limit below is reached soon after a node dies. */
  private static final int HEARTBEAT_SECONDS = 1;
  /**
   * A member silent this long is removed (a frozen node: within the 10 s the issue allows, with time for the
   * clean-up); a killed one is noticed at once, as its connections are refused.
   */
  private static final int MAX_NO_HEARTBEAT_SECONDS = 5;
  /** Time to reach a listed member on joining; members are on one network, and a missing one must not hold start-up long. */
  private static final int JOIN_CONNECT_SECONDS = 2;
  /** Hazelcast waits this long for other members before it settles who is in the cluster (its default, 5 s, slows every start). */
  private static final int WAIT_BEFORE_JOIN_SECONDS = 1;
  /** Nodes of one Streamroom cluster; another cluster on the same network keeps to itself under another name. */
  private static final String CLUSTER_NAME = "streamroom";
  /**
   * The addresses whose messages carry the sending node ({@link Addresses#NODE_HEADER}): a session's node is
   * where its connection is, and a live source's node is where it streams from.
   */
  private static final Set<String> STAMPED = Set.of(Addresses.COMMANDS, Addresses.LIVE_ANNOUNCE);

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  /** Whether this node runs the chat service: from start-up, or since the nodes older than it left. */
  private final AtomicBoolean leading = new AtomicBoolean();
  private volatile Runnable onTakeOver = () -> { };

  private ClusterNode(Vertx vertx, HazelcastInstance hazelcast) {
    this.vertx = vertx;
    this.hazelcast = hazelcast;
    leading.set(oldest());
  }

  /** Joins (or founds) the cluster; the future fails when Hazelcast or the event bus cannot bind. */
  public static Future<ClusterNode> start(ClusterSettings settings, Meters meters) {
    HazelcastClusterManager manager = new HazelcastClusterManager(hazelcastConfig(settings));
    VertxOptions options = new VertxOptions().setPreferNativeTransport(true); // epoll, as a single node
    options.getEventBusOptions().setHost(settings.host()).setPort(settings.busPort());
    return meters.install(Vertx.builder(), options).withClusterManager(manager).buildClustered().compose(vertx -> {
      ClusterNode node = new ClusterNode(vertx, manager.getHazelcastInstance());
      node.stampOutgoing();
      node.followMembers();
      vertx.eventBus().<JsonObject>localConsumer(Addresses.CLUSTER_NODES, m -> m.reply(new JsonObject().put("nodes",
          new JsonArray(node.hazelcast.getCluster().getMembers().stream().map(member -> member.getUuid().toString()).toList()))));
      return StreamStops.answerFor(vertx.eventBus(), node.nodeId()).map(node);
    });
  }

  private static Config hazelcastConfig(ClusterSettings settings) {
    Config config = ConfigUtil.loadConfig(); // Vert.x's own maps (subscriptions, node info) with their backups
    config.setClusterName(CLUSTER_NAME);
    config.setProperty("hazelcast.logging.type", "slf4j"); // through logback, where com.hazelcast is WARN
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.shutdownhook.enabled", "false"); // our hook stops Vert.x, which leaves the cluster
    config.setProperty("hazelcast.heartbeat.interval.seconds", String.valueOf(HEARTBEAT_SECONDS));
    config.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(MAX_NO_HEARTBEAT_SECONDS));
    config.setProperty("hazelcast.wait.seconds.before.join", String.valueOf(WAIT_BEFORE_JOIN_SECONDS));
    config.setProperty("hazelcast.local.localAddress", settings.host());
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.getNetworkConfig().setPort(settings.port()).setPortAutoIncrement(false);
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(JOIN_CONNECT_SECONDS).setMembers(settings.members());
    return config;
  }

  private void stampOutgoing() {
    String id = nodeId();
    vertx.eventBus().addOutboundInterceptor(delivery -> {
      if (STAMPED.contains(delivery.message().address())) delivery.message().headers().set(Addresses.NODE_HEADER, id);
      delivery.next();
    });
  }

  private void followMembers() {
    hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        log.info("Cluster: {} joined ({} nodes)", event.getMember().getAddress(), event.getMembers().size());
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        log.info("Cluster: {} left ({} nodes)", event.getMember().getAddress(), event.getMembers().size());
        NodeDepartures.count(vertx);
        vertx.eventBus().publish(Addresses.NODE_LEFT, new JsonObject().put("node", event.getMember().getUuid().toString()));
        if (oldest() && leading.compareAndSet(false, true)) onTakeOver.run();
      }
    });
  }

  public Vertx vertx() {
    return vertx;
  }

  /** This node's id, as Vert.x and the {@link Addresses#NODE_HEADER} name it. */
  public String nodeId() {
    return hazelcast.getCluster().getLocalMember().getUuid().toString();
  }

  /** Whether this node runs the chat service (it is the oldest member: every member sees the same order). */
  public boolean leads() {
    return leading.get();
  }

  /** What to do (on a Hazelcast thread) when the leader left and this node is now the oldest member. */
  public void onTakeOver(Runnable action) {
    onTakeOver = action;
  }

  private boolean oldest() {
    Member oldest = hazelcast.getCluster().getMembers().iterator().next();
    return oldest.localMember();
  }

}
