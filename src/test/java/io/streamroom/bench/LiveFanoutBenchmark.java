package io.streamroom.bench;

import io.streamroom.support.ChildProcess;
import io.streamroom.support.TestApp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live fan-out: the packaged server (java -jar target/streamroom.jar, run `mvn package` first) streams
 * the 1280x720 test pattern at 30 fps into #lobby; N WebSocket viewers on loopback watch /live/lobby/ws.
 * For each N it prints the frames per second each viewer received, capture-to-receive latency p50/p99,
 * and the server process's CPU and resident memory.
 * Run: mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.streamroom.bench.LiveFanoutBenchmark [-Dexec.args="10 100 500"]
 */
public final class LiveFanoutBenchmark {
  private static final Duration WARMUP = Duration.ofSeconds(3);
  private static final Duration MEASURE = Duration.ofSeconds(10);
  private static final long TICKS_PER_SECOND = 100; // Linux USER_HZ for /proc/<pid>/stat

  /** One viewer's count of frames and latencies, updated by the client's I/O thread. */
  private static final class Viewer implements WebSocket.Listener {
    final AtomicLong frames = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    volatile boolean measuring;
    private ByteBuffer head = ByteBuffer.allocate(16);

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      if (measuring) bytes.addAndGet(data.remaining());
      while (head.hasRemaining() && data.hasRemaining()) head.put(data.get());
      if (last) {
        long capturedAt = head.getLong(8);
        if (measuring) {
          frames.incrementAndGet();
          latencies.add(System.currentTimeMillis() - capturedAt);
        }
        head = ByteBuffer.allocate(16);
      }
      ws.request(1);
      return null;
    }
  }

  public static void main(String[] args) throws Exception {
    int[] counts = args.length == 0 ? new int[] {10, 100, 500} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    int http = TestApp.freePort();
    Map<String, String> env = new HashMap<>();
    env.put("STREAMROOM_HOST", "127.0.0.1");
    env.put("STREAMROOM_HTTP_PORT", String.valueOf(http));
    env.put("STREAMROOM_TCP_PORT", String.valueOf(TestApp.freePort()));
    env.put("STREAMROOM_DATA_DIR", TestApp.tempDir().toString());
    env.put("STREAMROOM_CAMERA", "test");
    try (ChildProcess server = ChildProcess.jar(env)) {
      server.awaitOutput("Live: test pattern", Duration.ofSeconds(60));
      long pid = server.pid();
      System.out.printf("server pid %d, test pattern 1280x720 at 30 fps, %d s per run after %d s warm-up%n",
          pid, MEASURE.toSeconds(), WARMUP.toSeconds());
      System.out.println("viewers | fps per viewer (min / median) | latency p50 / p99 | server CPU | server RSS | sent");
      HttpClient client = HttpClient.newHttpClient();
      for (int n : counts) run(client, http, n, pid);
    }
  }

  private static void run(HttpClient client, int port, int n, long pid) throws Exception {
    List<Viewer> viewers = new ArrayList<>();
    List<WebSocket> sockets = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Viewer viewer = new Viewer();
      viewers.add(viewer);
      sockets.add(client.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/live/lobby/ws"), viewer).join());
    }
    Thread.sleep(WARMUP.toMillis());
    long cpuBefore = cpuTicks(pid);
    viewers.forEach(v -> v.measuring = true);
    long start = System.nanoTime();
    Thread.sleep(MEASURE.toMillis());
    viewers.forEach(v -> v.measuring = false);
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpu = (cpuTicks(pid) - cpuBefore) / (double) TICKS_PER_SECOND / seconds;
    double[] fps = viewers.stream().mapToDouble(v -> v.frames.get() / seconds).sorted().toArray();
    long[] latency = viewers.stream().flatMap(v -> v.latencies.stream()).mapToLong(Long::longValue).sorted().toArray();
    double megabytes = viewers.stream().mapToLong(v -> v.bytes.get()).sum() / 1e6 / seconds;
    System.out.printf("%7d | %6.1f / %6.1f | %4d ms / %4d ms | %5.0f%% of a core | %d MiB | %.0f MB/s%n", n, fps[0],
        fps[fps.length / 2], percentile(latency, 50), percentile(latency, 99), cpu * 100, rssMiB(pid), megabytes);
    sockets.forEach(WebSocket::abort);
    Thread.sleep(1000);
  }

  private static long percentile(long[] sorted, int p) {
    return sorted.length == 0 ? -1 : sorted[Math.min(sorted.length - 1, sorted.length * p / 100)];
  }

  private static long cpuTicks(long pid) throws Exception {
    String[] fields = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
  }

  private static long rssMiB(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
    }
    return -1;
  }
}
