package io.streamroom.bench;

import io.streamroom.support.ChildProcess;
import io.streamroom.support.TestApp;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Chat fan-out over telnet: the packaged server (run `mvn package` first) with N users in #lobby, of whom
 * 4 send at a fixed total rate for 10 s. Every message carries its send time; every receiver measures
 * send-to-receive latency. Prints deliveries per second, latency p50/p99 and the server's CPU and memory.
 * Run: mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.streamroom.bench.ChatFanoutBenchmark [-Dexec.args="100 500 1000"]
 */
public final class ChatFanoutBenchmark {
  private static final int SENDERS = 4;
  private static final int MESSAGES_PER_SECOND = 500; // in total, as in the ngIRCd figure in NOTES.md
  private static final Duration MEASURE = Duration.ofSeconds(10);
  private static final long TICKS_PER_SECOND = 100;

  public static void main(String[] args) throws Exception {
    int[] counts = args.length == 0 ? new int[] {100, 500, 1000} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    int tcp = TestApp.freePort();
    Map<String, String> env = new HashMap<>();
    env.put("STREAMROOM_HOST", "127.0.0.1");
    env.put("STREAMROOM_HTTP_PORT", String.valueOf(TestApp.freePort()));
    env.put("STREAMROOM_TCP_PORT", String.valueOf(tcp));
    env.put("STREAMROOM_DATA_DIR", TestApp.tempDir().toString());
    env.put("STREAMROOM_VIDEOS_DIR", TestApp.tempDir().toString());
    env.put("STREAMROOM_CAMERA", "off");
    env.put("STREAMROOM_RATE_MESSAGES", "1000000");
    try (ChildProcess server = ChildProcess.jar(env)) {
      server.awaitOutput("Started in", Duration.ofSeconds(60));
      System.out.printf("%d senders, %d messages/s in total, %d s per run; users all in #lobby%n",
          SENDERS, MESSAGES_PER_SECOND, MEASURE.toSeconds());
      System.out.println("users | deliveries/s | latency p50 / p99 | server CPU | server RSS | client CPU");
      for (int n : counts) run(tcp, n, server.pid());
    }
  }

  private static void run(int port, int n, long pid) throws Exception {
    AtomicLong delivered = new AtomicLong();
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    List<SocketChannel> channels = new ArrayList<>();
    CountDownLatch joined = new CountDownLatch(n);
    Selector selector = Selector.open();
    long run = System.nanoTime();
    for (int i = 0; i < n; i++) {
      SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
      channel.write(ByteBuffer.wrap(("u" + run % 100000 + "x" + i + "\r\n").getBytes(StandardCharsets.UTF_8)));
      channel.configureBlocking(false);
      channels.add(channel);
      if (i % 50 == 49) Thread.sleep(50); // connect in batches, as real clients would arrive
    }
    // One thread reads every connection, so the clients cost as little CPU as possible next to the server.
    Thread reader = new Thread(() -> readAll(selector, channels, joined, delivered, latencies));
    reader.setDaemon(true);
    reader.start();
    if (!joined.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
      throw new IllegalStateException(joined.getCount() + " of " + n + " users did not get into #lobby");
    }
    long cpuBefore = cpuTicks(pid);
    long clientCpuBefore = cpuTicks(ProcessHandle.current().pid());
    long start = System.nanoTime();
    long intervalNanos = 1_000_000_000L * SENDERS / MESSAGES_PER_SECOND;
    List<Thread> senders = new ArrayList<>();
    for (int s = 0; s < SENDERS; s++) {
      SocketChannel out = channels.get(s);
      Thread sender = new Thread(() -> {
        long due = System.nanoTime();
        while (System.nanoTime() - start < MEASURE.toNanos()) {
          try {
            ByteBuffer line = ByteBuffer.wrap(("t=" + System.nanoTime() + "\r\n").getBytes(StandardCharsets.UTF_8));
            synchronized (out) {
              while (line.hasRemaining()) out.write(line);
            }
          } catch (Exception e) {
            return;
          }
          due += intervalNanos;
          long wait = due - System.nanoTime();
          if (wait > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait);
        }
      });
      sender.start();
      senders.add(sender);
    }
    for (Thread sender : senders) sender.join();
    Thread.sleep(1000); // let the last messages arrive
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpu = (cpuTicks(pid) - cpuBefore) / (double) TICKS_PER_SECOND / seconds;
    double clientCpu = (cpuTicks(ProcessHandle.current().pid()) - clientCpuBefore) / (double) TICKS_PER_SECOND / seconds;
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf("%5d | %12.0f | %6.1f ms / %6.1f ms | %4.0f%% of a core | %d MiB | %4.0f%% of a core%n", n,
        delivered.get() / seconds, percentile(sorted, 50) / 1e6, percentile(sorted, 99) / 1e6, cpu * 100, rssMiB(pid),
        clientCpu * 100);
    reader.interrupt();
    for (SocketChannel channel : channels) channel.close();
    selector.close();
    Thread.sleep(2000);
  }

  private static void readAll(Selector selector, List<SocketChannel> channels, CountDownLatch joined, AtomicLong delivered,
                              ConcurrentLinkedQueue<Long> latencies) {
    try {
      for (SocketChannel channel : channels) channel.register(selector, SelectionKey.OP_READ, new StringBuilder());
      ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
      while (!Thread.currentThread().isInterrupted()) {
        selector.select(100);
        for (SelectionKey key : selector.selectedKeys()) {
          SocketChannel channel = (SocketChannel) key.channel();
          StringBuilder line = (StringBuilder) key.attachment();
          buffer.clear();
          if (channel.read(buffer) < 0) {
            key.cancel();
            continue;
          }
          buffer.flip();
          long now = System.nanoTime();
          while (buffer.hasRemaining()) {
            char c = (char) buffer.get();
            if (c != '\n') {
              line.append(c);
              continue;
            }
            int at = line.indexOf(": t=");
            if (at > 0) {
              latencies.add(now - Long.parseLong(line.substring(at + 4).trim()));
              delivered.incrementAndGet();
            } else if (line.indexOf("* You joined #lobby") == 0) {
              joined.countDown();
            }
            line.setLength(0);
          }
        }
        selector.selectedKeys().clear();
      }
    } catch (Exception e) {
      // the run is over
    }
  }

  private static long percentile(long[] sorted, int p) {
    return sorted.length == 0 ? -1 : sorted[Math.min(sorted.length - 1, sorted.length * p / 100)];
  }

  private static long cpuTicks(long pid) throws Exception {
    String[] fields = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  private static long rssMiB(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
    }
    return -1;
  }
}
