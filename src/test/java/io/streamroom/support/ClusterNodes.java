package io.streamroom.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Streamroom nodes of one cluster, each a {@code java -jar target/streamroom.jar} process with its own data
 * dir and ports, all on one {@link TestPostgres} and sharing one media folder and one video library. The first node started founds the cluster and leads it.
 */
public final class ClusterNodes implements AutoCloseable {
  /** A JVM, Hazelcast's join and Flyway's check on two busy cores. */
  private static final Duration START = Duration.ofSeconds(90);
  /** Shared by every node: a token from one node is good on the others. */
  private static final String JWT_SECRET = "cluster-test-secret-cluster-test-secret";

  /** One running node. */
  public record Node(ChildProcess process, int httpPort, int tcpPort, int clusterPort) {
    public TelnetClient telnet(String nick) {
      TelnetClient client = TelnetClient.connect(tcpPort);
      client.expect("Choose a nickname");
      client.send(nick);
      client.expect("You joined #lobby");
      return client;
    }

    public ApiClient api() {
      return new ApiClient(httpPort);
    }
  }

  private final TestPostgres postgres = TestPostgres.start();
  /** The folders every node shares, as a cluster's nodes share an NFS mount: media files and the library. */
  private final Path shared = TestApp.tempDir();
  private final List<Node> nodes = new ArrayList<>();

  /** Starts a node that joins the nodes already started; {@code extra} adds or overrides STREAMROOM_ variables. */
  public Node start(Map<String, String> extra) {
    Node node = launch(extra);
    node.process().awaitOutput("Started in", START);
    return node;
  }

  /** The video library's folder, which every node shares. */
  public Path videosDir() {
    return shared.resolve("videos");
  }

  /** Starts several nodes at once (they join the ones already running), and waits for all of them. */
  public List<Node> startTogether(int count) {
    List<Node> started = new ArrayList<>();
    for (int i = 0; i < count; i++) started.add(launch(Map.of()));
    started.forEach(node -> node.process().awaitOutput("Started in", START));
    return started;
  }

  private Node launch(Map<String, String> extra) {
    var data = TestApp.tempDir();
    Node node = new Node(null, TestApp.freePort(), TestApp.freePort(), TestApp.freePort());
    Map<String, String> env = new HashMap<>();
    env.put("STREAMROOM_HOST", "127.0.0.1");
    env.put("STREAMROOM_HTTP_PORT", String.valueOf(node.httpPort()));
    env.put("STREAMROOM_TCP_PORT", String.valueOf(node.tcpPort()));
    env.put("STREAMROOM_DATA_DIR", data.toString());
    env.put("STREAMROOM_MEDIA_DIR", shared.resolve("media").toString());
    env.put("STREAMROOM_VIDEOS_DIR", videosDir().toString());
    env.put("STREAMROOM_VIDEOS_DEMO", "false");
    env.put("STREAMROOM_CAMERA", "off");
    env.put("STREAMROOM_RTMP_PORT", "0");
    env.put("STREAMROOM_IRC_PORT", "0"); // the nodes share one machine; IRC also works on each chat port
    env.put("STREAMROOM_SIGNUPS_PER_HOUR", "100000"); // every test user signs up from 127.0.0.1
    env.put("STREAMROOM_DB_URL", postgres.url());
    env.put("STREAMROOM_JWT_SECRET", JWT_SECRET);
    env.put("STREAMROOM_CLUSTER", "true");
    env.put("STREAMROOM_CLUSTER_HOST", "127.0.0.1");
    env.put("STREAMROOM_CLUSTER_PORT", String.valueOf(node.clusterPort()));
    env.put("STREAMROOM_CLUSTER_MEMBERS", String.join(",", nodes.stream().map(n -> "127.0.0.1:" + n.clusterPort()).toList()));
    env.putAll(extra);
    Node running = new Node(ChildProcess.jar(env), node.httpPort(), node.tcpPort(), node.clusterPort());
    nodes.add(running);
    return running;
  }

  /** kill -9 of a node's JVM: no shutdown hook, no goodbye to the cluster. */
  public void kill(Node node) {
    node.process().kill();
    node.process().awaitExit(Duration.ofSeconds(10));
  }

  /** Stops every node (the later ones first, the leader last), then the database. */
  @Override
  public void close() {
    for (int i = nodes.size() - 1; i >= 0; i--) nodes.get(i).process().close();
    postgres.close();
  }
}
