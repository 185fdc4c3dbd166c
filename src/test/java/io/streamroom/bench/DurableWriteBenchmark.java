package io.streamroom.bench;

import io.streamroom.support.ChildProcess;
import io.streamroom.support.TestApp;
import io.vertx.pgclient.PgConnectOptions;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Durable messages per second: the packaged server (run `mvn package` first) with N telnet users, each in
 * a channel of its own, each keeping {@link #WINDOW} lines unacknowledged (a line is acknowledged by its
 * echo, which the server sends only after the commit; the server reads a connection's next line only
 * after answering the previous one, so each user has one message in the database's hands at a time). Prints acknowledged messages per second,
 * acknowledgement latency p50/p99, the server's CPU, and the database's fsync and synchronous_commit as the
 * server's connections see them.
 * Run: mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.streamroom.bench.DurableWriteBenchmark [-Dexec.args="20 50 200"]
 * With -Dstreamroom.db.url=postgresql://user@host:port/db it runs against that database instead of the embedded one.
 */
public final class DurableWriteBenchmark {
  private static final Duration MEASURE = Duration.ofSeconds(10);
  private static final Duration WARM_UP = Duration.ofSeconds(3);
  private static final long TICKS_PER_SECOND = 100;
  /** Lines each user has sent and not yet seen acknowledged: enough that the server never waits for a client. */
  private static final int WINDOW = 8;

  public static void main(String[] args) throws Exception {
    int[] counts = args.length == 0 ? new int[] {20, 50, 200} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    int tcp = TestApp.freePort();
    Path data = TestApp.tempDir();
    String dbUrl = System.getProperty("streamroom.db.url", "");
    Map<String, String> env = new HashMap<>();
    env.put("STREAMROOM_HOST", "127.0.0.1");
    env.put("STREAMROOM_HTTP_PORT", String.valueOf(TestApp.freePort()));
    env.put("STREAMROOM_TCP_PORT", String.valueOf(tcp));
    env.put("STREAMROOM_DATA_DIR", data.toString());
    env.put("STREAMROOM_VIDEOS_DIR", TestApp.tempDir().toString());
    env.put("STREAMROOM_CAMERA", "off");
    env.put("STREAMROOM_RATE_MESSAGES", "1000000");
    env.put("STREAMROOM_DB_URL", dbUrl);
    try (ChildProcess server = ChildProcess.jar(env)) {
      server.awaitOutput("Started in", Duration.ofSeconds(60));
      System.out.println("database: " + (dbUrl.isEmpty() ? "embedded" : dbUrl) + ", " + durability(dbUrl, data));
      System.out.println("users | acknowledged msg/s | send-to-ack latency p50 / p99 | server CPU + PostgreSQL CPU");
      for (int n : counts) run(tcp, n, server.pid());
    }
  }

  private static void run(int port, int n, long pid) throws Exception {
    List<Client> clients = new ArrayList<>();
    Selector selector = Selector.open();
    long run = System.nanoTime() % 100000;
    for (int i = 0; i < n; i++) {
      Client c = new Client("w" + run + "x" + i, SocketChannel.open(new InetSocketAddress("127.0.0.1", port)));
      c.write(c.nick + "\r\n/join #d" + run + "x" + i + "\r\n");
      c.channel.configureBlocking(false);
      c.channel.register(selector, SelectionKey.OP_READ, c);
      clients.add(c);
      if (i % 50 == 49) Thread.sleep(50);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    long measureFrom = 0;
    long measureTo = Long.MAX_VALUE;
    long cpuBefore = 0;
    long dbCpuBefore = 0;
    long started = 0;
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    int joinedCount = 0;
    while (System.nanoTime() < deadline) {
      selector.select(100);
      long now = System.nanoTime();
      for (SelectionKey key : selector.selectedKeys()) {
        Client c = (Client) key.attachment();
        buffer.clear();
        if (c.channel.read(buffer) < 0) throw new IllegalStateException(c.nick + " was disconnected");
        buffer.flip();
        while (buffer.hasRemaining()) {
          byte b = buffer.get();
          if (b != '\n') {
            if (c.length < c.line.length) c.line[c.length++] = b;
            continue;
          }
          if (c.onLine(now, measureFrom, measureTo)) joinedCount++;
          c.length = 0;
        }
      }
      selector.selectedKeys().clear();
      if (started == 0 && joinedCount == n) {
        started = now;
        measureFrom = now + WARM_UP.toNanos();
        measureTo = measureFrom + MEASURE.toNanos();
        deadline = measureTo;
        for (Client c : clients) {
          for (int w = 0; w < WINDOW; w++) c.sendNext(now);
        }
      }
      if (started != 0 && cpuBefore == 0 && now >= measureFrom) {
        cpuBefore = cpuTicks(pid);
        dbCpuBefore = databaseCpuTicks();
      }
    }
    if (started == 0) throw new IllegalStateException("not every user got into its channel");
    double seconds = MEASURE.toNanos() / 1e9;
    double cpu = (cpuTicks(pid) - cpuBefore) / (double) TICKS_PER_SECOND / seconds;
    double dbCpu = (databaseCpuTicks() - dbCpuBefore) / (double) TICKS_PER_SECOND / seconds;
    long acked = clients.stream().mapToLong(c -> c.acked).sum();
    long refused = clients.stream().mapToLong(c -> c.refused).sum();
    long[] sorted = clients.stream().flatMapToLong(c -> Arrays.stream(c.latencies, 0, c.latencyCount)).sorted().toArray();
    System.out.printf("%5d | %18.0f | %8.2f ms / %8.2f ms | %4.0f%% + %4.0f%% of a core%s%n", n, acked / seconds,
        percentile(sorted, 50) / 1e6, percentile(sorted, 99) / 1e6, cpu * 100, dbCpu * 100,
        refused > 0 ? " (" + refused + " refused)" : "");
    for (Client c : clients) c.channel.close();
    selector.close();
    Thread.sleep(1000);
  }

  /**
   * One user: keeps {@link #WINDOW} lines unanswered. Lines are read as bytes and matched by prefix, and
   * times kept in primitive arrays, so the load generator costs little CPU next to the server.
   */
  private static final class Client {
    private static final byte[] JOINED = "* You joined #d".getBytes(StandardCharsets.UTF_8);
    private static final byte[] REFUSED = "! ".getBytes(StandardCharsets.UTF_8);
    private static final byte[] UNCONFIRMED = "? ".getBytes(StandardCharsets.UTF_8);
    final String nick;
    final byte[] echo;
    final SocketChannel channel;
    final byte[] line = new byte[256];
    int length;
    long[] latencies = new long[1 << 16];
    int latencyCount;
    /** Send times of the lines not yet answered, oldest first (answers come in order): a ring. */
    final long[] sentAt = new long[WINDOW + 1];
    int sentHead;
    int sentCount;
    long seq;
    long acked;
    long refused;

    Client(String nick, SocketChannel channel) {
      this.nick = nick;
      this.echo = (nick + ": m").getBytes(StandardCharsets.UTF_8);
      this.channel = channel;
    }

    /** @return true when this line says the user joined its channel */
    boolean onLine(long now, long from, long to) throws Exception {
      if (startsWith(JOINED)) return true;
      if (startsWith(echo)) {
        long sent = pollSent();
        if (now >= from && now < to) {
          acked++;
          if (latencyCount == latencies.length) latencies = Arrays.copyOf(latencies, latencyCount * 2);
          latencies[latencyCount++] = now - sent;
        }
        sendNext(now);
      } else if (startsWith(REFUSED) || startsWith(UNCONFIRMED)) {
        pollSent();
        refused++;
        sendNext(now);
      }
      return false;
    }

    private boolean startsWith(byte[] prefix) {
      if (length < prefix.length) return false;
      for (int i = 0; i < prefix.length; i++) {
        if (line[i] != prefix[i]) return false;
      }
      return true;
    }

    private long pollSent() {
      long sent = sentAt[sentHead];
      sentHead = (sentHead + 1) % sentAt.length;
      sentCount--;
      return sent;
    }

    void sendNext(long now) throws Exception {
      sentAt[(sentHead + sentCount++) % sentAt.length] = now;
      write("m" + seq++ + "\r\n");
    }

    void write(String text) throws Exception {
      ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (out.hasRemaining()) channel.write(out);
    }
  }

  /** fsync and synchronous_commit as a connection of the server's sees them (the embedded port is in postmaster.pid). */
  private static String durability(String dbUrl, Path data) throws Exception {
    String jdbc;
    if (dbUrl.isEmpty()) {
      String port = Files.readAllLines(data.resolve("postgres/postmaster.pid")).get(3).trim();
      jdbc = "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
    } else {
      PgConnectOptions o = PgConnectOptions.fromUri(dbUrl);
      jdbc = "jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase() + "?user=" + o.getUser()
          + (o.getPassword() == null ? "" : "&password=" + o.getPassword());
    }
    try (Connection db = DriverManager.getConnection(jdbc)) {
      return "fsync=" + show(db, "fsync") + ", synchronous_commit (server default)=" + show(db, "synchronous_commit");
    }
  }

  private static String show(Connection db, String setting) throws Exception {
    try (ResultSet rs = db.createStatement().executeQuery("SHOW " + setting)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static long percentile(long[] sorted, int p) {
    return sorted.length == 0 ? -1 : sorted[Math.min(sorted.length - 1, sorted.length * p / 100)];
  }

  private static long cpuTicks(long pid) {
    try {
      String[] fields = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (java.io.IOException gone) {
      return 0; // a backend that ended meanwhile
    }
  }

  /** Every PostgreSQL process on the machine: the benchmark's database is the only busy one. */
  private static long databaseCpuTicks() {
    return ProcessHandle.allProcesses().filter(h -> h.info().command().orElse("").endsWith("/postgres"))
        .mapToLong(h -> cpuTicks(h.pid())).sum();
  }
}
