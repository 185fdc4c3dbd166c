package io.streamroom.bench;

import io.streamroom.support.ChildProcess;
import io.streamroom.support.Ngircd;
import io.streamroom.support.TestApp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chat fan-out side by side with ngIRCd 26.1 (Debian's, in C), in one run and under one load generator
 * ({@link ChatLoad}): ngIRCd spoken to in IRC, the packaged Streamroom ({@code mvn -o package -DskipTests}
 * first) in its telnet protocol, one after the other on the same idle machine.
 * <ul>
 *   <li>{@code rate}: 1,000 clients in one channel, 4 senders, 500 messages/s of 64 bytes;</li>
 *   <li>{@code saturation}: the same clients at rising rates, until deliveries stop growing;</li>
 *   <li>{@code idle}: 10,000 clients across 100 channels held for a minute: memory per connection, and whether it stays flat.</li>
 * </ul>
 * Run: mvn -o -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.streamroom.bench.FanoutVersusNgircd
 * -Dexec.args="rate saturation idle". {@code -Dbench.only=Streamroom} runs one server; {@code -Dbench.server.jvm="-XX:StartFlightRecording=filename=/tmp/s.jfr"} profiles the server.
 */
public final class FanoutVersusNgircd {
  private static final int CLIENTS = Integer.getInteger("bench.clients", 1000);
  private static final int[] SATURATION_RATES = {1000, 2000, 3000};
  private static final int IDLE_CLIENTS = 10_000;
  private static final int IDLE_CHANNELS = 100;
  /**
   * Users arriving a second in the idle scenario. Every telnet user lands in #lobby before moving on, and a
   * join's answer lists the channel's members: when arrivals outrun the chat service, #lobby fills and each
   * join costs more (200 a second fell behind and 3,002 were cut by the nickname timeout; 10,000 at once
   * overflowed the database pool's queue).
   */
  private static final int IDLE_ARRIVALS_PER_SECOND = 100;
  private static final Duration WARM_UP = Duration.ofSeconds(20); // the JVM's JIT compiles the hot path meanwhile
  private static final Duration WINDOW = Duration.ofSeconds(10);
  private static final Pattern HEAP_USED = Pattern.compile("garbage-first heap\\s+total \\d+K, used (\\d+)K");
  private static int runs;

  public static void main(String[] args) throws Exception {
    List<String> scenarios = args.length == 0 ? List.of("rate", "saturation", "idle") : Arrays.asList(args);
    int tcp = TestApp.freePort();
    int http = TestApp.freePort();
    try (Ngircd ngircd = Ngircd.startForLoad(); ChildProcess streamroom = streamroom(tcp, http)) {
      streamroom.awaitOutput("Started in", Duration.ofSeconds(90));
      String only = System.getProperty("bench.only", ""); // a name: that server alone, while tuning it
      Server[] servers = Arrays.stream(new Server[] {
          new Server("ngIRCd", ChatProtocol.IRC, ngircd.port(), new CpuMeter(ngircd.pid()), ngircd.pid(), 0),
          new Server("Streamroom", ChatProtocol.TELNET, tcp, new CpuMeter(streamroom.pid()), streamroom.pid(), http)})
          .filter(server -> only.isEmpty() || server.name.equalsIgnoreCase(only)).toArray(Server[]::new);
      System.out.printf("%d clients in one channel, %d senders, %d-byte messages, %d s warm-up, %d s measured, loopback, %d cores%n",
          CLIENTS, ChatLoad.SENDERS, ChatLoad.MESSAGE_BYTES, WARM_UP.toSeconds(), WINDOW.toSeconds(),
          Runtime.getRuntime().availableProcessors());
      if (scenarios.contains("rate")) fanout(servers, new int[] {500});
      if (scenarios.contains("saturation")) fanout(servers, SATURATION_RATES);
      if (scenarios.contains("idle")) for (Server server : servers) idle(server);
    }
  }

  /** @param httpPort Streamroom's web port, for its /metrics; 0 for a server that is not a JVM */
  private record Server(String name, ChatProtocol protocol, int port, CpuMeter cpu, long pid, int httpPort) {
    boolean java() {
      return httpPort != 0;
    }
  }

  private static ChildProcess streamroom(int tcp, int http) {
    Map<String, String> env = new HashMap<>();
    env.put("STREAMROOM_HOST", "127.0.0.1");
    env.put("STREAMROOM_HTTP_PORT", String.valueOf(http));
    env.put("STREAMROOM_TCP_PORT", String.valueOf(tcp));
    env.put("STREAMROOM_RTMP_PORT", "0");
    env.put("STREAMROOM_DATA_DIR", TestApp.tempDir().toString());
    env.put("STREAMROOM_VIDEOS_DIR", TestApp.tempDir().toString());
    env.put("STREAMROOM_VIDEOS_DEMO", "false");
    env.put("STREAMROOM_CAMERA", "off");
    env.put("STREAMROOM_RATE_MESSAGES", "1000000");
    env.put("STREAMROOM_METRICS", System.getProperty("streamroom.metrics", "true"));
    String jvm = System.getProperty("bench.server.jvm");
    if (jvm != null) env.put("JAVA_TOOL_OPTIONS", jvm);
    return ChildProcess.jar(env);
  }

  private static void fanout(Server[] servers, int[] rates) throws Exception {
    System.out.println();
    System.out.println("| | offered | sent | deliveries/s | p50 / p99 latency | server CPU per delivery | server CPU | load generator CPU |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (int rate : rates) {
      for (Server server : servers) {
        try (ChatLoad load = ChatLoad.connect(server.protocol, server.port, CLIENTS, i -> "#lobby", 2, nicks(), 0)) {
          DatabaseWrites writes = DatabaseWrites.read(server);
          ChatLoad.Result r = load.measure(server.cpu, rate, WARM_UP, WINDOW);
          if (server.java()) System.out.println("    (" + DatabaseWrites.read(server).since(writes) + "; busiest threads "
              + r.busiestThreads() + "; measured until " + java.time.LocalTime.now().minusSeconds(2).withNano(0) + ")");
          System.out.printf("| %s | %,d msg/s | %,.0f msg/s | %,.0f | %.0f / %.0f ms | %.2f µs | %.2f cores | %.2f cores |%n",
              server.name, r.offered(), r.sent(), r.deliveries(), r.p50Millis(), r.p99Millis(), r.cpuMicrosPerDelivery(),
              r.serverCores(), r.clientCores());
        }
        Thread.sleep(2000); // the server lets the clients go
      }
    }
  }

  /** 10,000 clients across 100 channels, held a minute: the server's memory when they came, and after. */
  private static void idle(Server server) throws Exception {
    System.out.println();
    long before = rssKiB(server.pid);
    long heapBefore = heapAfterGcKiB(server);
    System.out.printf("%s, %,d idle clients across %d channels: RSS %,d KiB before%s%n", server.name, IDLE_CLIENTS, IDLE_CHANNELS,
        before, heapBefore < 0 ? "" : String.format(" (heap after GC %,d KiB)", heapBefore));
    long connectStart = System.nanoTime();
    try (ChatLoad load = ChatLoad.connect(server.protocol, server.port, IDLE_CLIENTS, i -> "#c" + i % IDLE_CHANNELS, 1, nicks(), IDLE_ARRIVALS_PER_SECOND)) {
      int held = load.joined();
      System.out.printf("  %,d in their channels after %.1f s%n", held, (System.nanoTime() - connectStart) / 1e9);
      CpuMeter.Sample start = server.cpu.sample();
      for (int second = 0; second <= 60; second += 20) {
        if (second > 0) Thread.sleep(20_000);
        long rss = rssKiB(server.pid);
        long heap = heapAfterGcKiB(server);
        System.out.printf("  after %2d s: RSS %,d KiB (+%,d), %.1f KiB per connection%s%n", second, rss, rss - before,
            (rss - before) / (double) held, heap < 0 ? "" : String.format("; heap after GC %,d KiB (%.1f KiB per connection)",
                heap, (heap - heapBefore) / (double) held));
      }
      System.out.printf("  server CPU while they idled: %.3f cores%n", server.cpu.between(start, server.cpu.sample()).cores());
    }
    Thread.sleep(5000);
  }

  /** Streamroom's group commits so far, from its /metrics: how long a message waits for the database. */
  private record DatabaseWrites(double count, double seconds) {
    static DatabaseWrites read(Server server) throws Exception {
      if (!server.java()) return null;
      String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://127.0.0.1:" + server.httpPort + "/metrics")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      double count = 0;
      double seconds = 0;
      for (String line : metrics.split("\n")) {
        if (line.startsWith("streamroom_database_write_seconds_count")) count += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        if (line.startsWith("streamroom_database_write_seconds_sum")) seconds += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
      return new DatabaseWrites(count, seconds);
    }

    String since(DatabaseWrites before) {
      double commits = count - before.count;
      return String.format("%,.0f group commits, %.1f ms each on average", commits, (seconds - before.seconds) * 1000 / commits);
    }
  }

  /** A fresh nickname prefix per run, so nobody waits for the last run's users to be gone. */
  private static String nicks() {
    return "r" + (char) ('a' + runs++ % 26);
  }

  private static long rssKiB(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
    }
    return -1;
  }

  /** The JVM's live heap (after a full collection), or -1 for a server that is not a JVM. */
  private static long heapAfterGcKiB(Server server) throws Exception {
    if (!server.java()) return -1;
    jcmd(server.pid, "GC.run");
    Matcher used = HEAP_USED.matcher(jcmd(server.pid, "GC.heap_info"));
    return used.find() ? Long.parseLong(used.group(1)) : -1;
  }

  private static String jcmd(long pid, String command) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process process = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    process.waitFor();
    return out;
  }
}
