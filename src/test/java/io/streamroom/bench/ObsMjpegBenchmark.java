package io.streamroom.bench;

import io.streamroom.support.ChildProcess;
import io.streamroom.support.MjpegClient;
import io.streamroom.support.Poll;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What JPEG frames of an OBS stream cost: the packaged server as its own process, a 720p30 H.264 + AAC push
 * from Debian's ffmpeg ({@code testsrc2}, libx264 veryfast/zerolatency, a keyframe every 2 s), and the server's
 * CPU over 30 s with no JPEG viewer, with one MJPEG viewer, and again after it left. Prints a Markdown table.
 * Run (mvn -o -B -q package -DskipTests first): mvn -o -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.streamroom.bench.ObsMjpegBenchmark
 */
public final class ObsMjpegBenchmark {
  private static final Duration WARMUP = Duration.ofSeconds(10);
  /** Longer than the decoder's 3 s without demand, and time for the first keyframe. */
  private static final Duration SETTLE = Duration.ofSeconds(6);
  private static final Duration WINDOW = Duration.ofSeconds(30);
  private static final String THREAD = "streamroom-rtmp-lobby";

  public static void main(String[] args) throws Exception {
    try (BenchServer server = BenchServer.start("off", "off"); ChildProcess obs = push(server)) {
      Thread.sleep(WARMUP.toMillis());
      System.out.println("| JPEG viewers | server | the stream's thread | MJPEG received | frames made (/api/live) | pushing ffmpeg |");
      System.out.println("|---|---|---|---|---|---|");
      measure(server, obs, "0", null);
      try (Viewer viewer = new Viewer(server.httpPort)) {
        Thread.sleep(SETTLE.toMillis());
        measure(server, obs, "1 (MJPEG)", viewer);
      }
      Thread.sleep(SETTLE.toMillis());
      measure(server, obs, "0 (after the viewer left)", null);
      if (server.lobby() == null) throw new IllegalStateException("the RTMP stream ended early; ffmpeg said: " + obs.err());
    }
  }

  /** One row: the server's cores and its stream thread's, what the viewer got (when there is one), frames made. */
  private static void measure(BenchServer server, ChildProcess obs, String viewers, Viewer viewer) throws Exception {
    CpuMeter pusher = new CpuMeter(obs.pid());
    CpuMeter.Sample pushed = pusher.sample();
    long framesBefore = server.lobby().getLong("frames");
    long framesViewed = viewer == null ? 0 : viewer.frames.get();
    long bytesViewed = viewer == null ? 0 : viewer.bytes.get();
    CpuMeter.Sample before = server.cpu.sample();
    Thread.sleep(WINDOW.toMillis());
    CpuMeter.Usage used = server.cpu.between(before, server.cpu.sample());
    double seconds = used.seconds();
    long made = server.lobby().getLong("frames") - framesBefore;
    String received = viewer == null ? "-" : String.format("%.1f fps, %.2f Mbit/s", (viewer.frames.get() - framesViewed) / seconds,
        (viewer.bytes.get() - bytesViewed) * 8 / 1e6 / seconds);
    System.out.printf("| %s | %.2f cores | %.2f cores | %s | %.1f a second | %.2f cores |%n", viewers, used.cores(), used.threads(THREAD),
        received, made / seconds, pusher.between(pushed, pusher.sample()).cores());
  }

  /** The push the issue describes, with #lobby's stream key (taken by the admin), once the channel is live. */
  private static ChildProcess push(BenchServer server) {
    String token = server.api.register(BenchServer.ADMIN, "bench-password");
    String url = server.api.post("/api/channels/lobby/streamkey", new JsonObject(), token).json().getString("publishUrl");
    ChildProcess obs = ChildProcess.run("/usr/bin/ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
        "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-f", "lavfi", "-i", "sine",
        "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-g", "60", "-c:a", "aac", "-f", "flv", url);
    try {
      Poll.until("#lobby live from RTMP", Duration.ofSeconds(20), server::lobby);
    } catch (RuntimeException | AssertionError e) {
      obs.close();
      throw e;
    }
    return obs;
  }

  /** One MJPEG player reading on a thread of its own, counting frames and bytes, until closed. */
  private static final class Viewer implements AutoCloseable {
    final AtomicLong frames = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    private final AtomicBoolean watching = new AtomicBoolean(true);
    private final Thread thread;

    Viewer(int httpPort) {
      thread = new Thread(() -> {
        try (MjpegClient mjpeg = MjpegClient.open(httpPort, "/live/lobby.mjpeg", Duration.ofSeconds(20))) {
          while (watching.get()) {
            bytes.addAndGet(mjpeg.nextJpeg().length);
            frames.incrementAndGet();
          }
        }
      }, "mjpeg-viewer");
      thread.start();
    }

    @Override
    public void close() throws InterruptedException {
      watching.set(false);
      thread.join();
    }
  }
}
