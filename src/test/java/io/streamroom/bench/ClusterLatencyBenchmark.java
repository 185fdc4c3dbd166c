package io.streamroom.bench;

import io.streamroom.support.ClusterNodes;
import io.streamroom.support.ClusterNodes.Node;
import io.streamroom.support.TelnetClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * What a message between two telnet users costs when they are on different cluster nodes, against the same
 * users on one node: a sender types stamped lines at a steady rate and another user's connection times each
 * line's arrival (send to receive, one clock: both clients are in this JVM). Every server is the packaged jar
 * on one Debian PostgreSQL ({@code mvn package} first). Args: messages per case (default 3000), rate per
 * second (default 100).
 */
public final class ClusterLatencyBenchmark {
  /** Messages timed after the warm-up ones, per case. */
  private static int messages = 3000;
  /** Lines per second: steady and well below what a node handles, so the figures are latency, not queueing. */
  private static int rate = 100;
  /** Messages sent first and not timed: the JIT, the channel cache and the connections warm up. */
  private static final int WARM_UP = 500;
  /** The message rate limit out of the way: one user sends thousands of lines here. */
  private static final Map<String, String> UNLIMITED = Map.of("STREAMROOM_RATE_MESSAGES", "1000000");

  public static void main(String[] args) throws Exception {
    if (args.length > 0) messages = Integer.parseInt(args[0]);
    if (args.length > 1) rate = Integer.parseInt(args[1]);
    System.out.printf("%d messages per case at %d/s after %d warm-up messages%n", messages, rate, WARM_UP);
    System.out.println("| Case | p50 | p99 | max |");
    System.out.println("|---|---|---|---|");
    try (ClusterNodes single = new ClusterNodes()) {
      Map<String, String> env = new java.util.HashMap<>(UNLIMITED);
      env.put("STREAMROOM_CLUSTER", "false");
      Node node = single.start(env);
      measure("one node, no cluster", node, node);
    }
    try (ClusterNodes cluster = new ClusterNodes()) {
      Node leader = cluster.start(UNLIMITED);
      Node other = cluster.start(UNLIMITED);
      measure("cluster, both users on the leader", leader, leader);
      measure("cluster, both users on the other node", other, other);
      measure("cluster, sender on the leader, receiver on the other node", leader, other);
      measure("cluster, sender on the other node, receiver on the leader", other, leader);
    }
    System.out.println("load average at the end (1, 5, 15 min): " + Files.readString(Path.of("/proc/loadavg")).trim());
  }

  private static void measure(String name, Node from, Node to) throws Exception {
    String tag = Long.toString(System.nanoTime() % 100_000, 36);
    try (TelnetClient sender = from.telnet("s" + tag); TelnetClient receiver = to.telnet("r" + tag)) {
      int total = WARM_UP + messages;
      List<Long> latencies = new ArrayList<>(messages);
      Thread reader = new Thread(() -> {
        for (int received = 0; received < total; ) {
          String line = receiver.nextLine();
          if (!line.startsWith("s" + tag + ": t ")) continue;
          String[] parts = line.split(" ");
          long sentAt = Long.parseLong(parts[3]);
          if (Integer.parseInt(parts[2]) >= WARM_UP) latencies.add(System.nanoTime() - sentAt);
          received++;
        }
      });
      reader.start();
      long interval = 1_000_000_000L / rate;
      long next = System.nanoTime();
      for (int i = 0; i < total; i++) {
        LockSupport.parkNanos(next - System.nanoTime());
        sender.send("t " + i + " " + System.nanoTime());
        next += interval;
      }
      reader.join();
      latencies.sort(null);
      System.out.printf("| %s | %.2f ms | %.2f ms | %.2f ms |%n", name, millis(latencies, 0.50), millis(latencies, 0.99),
          latencies.get(latencies.size() - 1) / 1e6);
    }
  }

  private static double millis(List<Long> sorted, double quantile) {
    return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(quantile * sorted.size()))) / 1e6;
  }
}
