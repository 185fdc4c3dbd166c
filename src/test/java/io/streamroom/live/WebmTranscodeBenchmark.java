package io.streamroom.live;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The CPU a browser stream's transcoding costs: a webcam-like WebM (VP8 at the page's 1 Mbit/s, a keyframe a
 * second, Opus), made by Debian's ffmpeg, fed in real time through the relay's splitter into {@link BrowserHls}'s
 * {@link WebmToHls} (VP8 and Opus decoded, OpenH264 and AAC encoded into fMP4). Prints the process's cores
 * over the stream's length for each size. Run: mvn -o -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.streamroom.live.WebmTranscodeBenchmark [-Dexec.args="640x480 1280x720"]
 */
public final class WebmTranscodeBenchmark {
  private static final int SECONDS = 20;
  /** What MediaRecorder hands the page every 100 ms is sent at once: the same pace here. */
  private static final long SLICE_MILLIS = 100;

  private WebmTranscodeBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<String> sizes = args.length > 0 ? List.of(args) : List.of("640x480", "1280x720");
    Vertx vertx = Vertx.vertx();
    try {
      for (String size : sizes) {
        Path webm = webcam(size);
        double cores = run(vertx, Files.readAllBytes(webm));
        System.out.printf("%s VP8+Opus -> H.264+AAC: %.2f cores (%d s, %d kbit/s in)%n", size, cores, SECONDS,
            Files.size(webm) * 8 / 1000 / SECONDS);
      }
    } finally {
      vertx.close().await();
    }
  }

  /** Feeds the stream in real time; the process's CPU seconds per second of stream. */
  private static double run(Vertx vertx, byte[] webm) throws InterruptedException {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    WebmToHls transcoder = new WebmToHls(vertx.eventBus(), "#bench", () -> null);
    List<Runnable> pieces = new ArrayList<>();
    Buffer[] cluster = new Buffer[1];
    boolean[] live = {false};
    WebmSplitter splitter = new WebmSplitter(new WebmSplitter.Listener() {
      @Override
      public void init(Buffer segment, long videoTrack) {
        pieces.add(() -> {
          transcoder.recording();
          transcoder.offer(segment);
        });
      }

      @Override
      public void cluster(long timecode) {
        Buffer header = Ebml.clusterHeader(timecode);
        cluster[0] = header;
        if (live[0]) pieces.add(() -> transcoder.offer(header));
      }

      @Override
      public void block(Buffer element, boolean videoKeyframe) {
        if (!live[0] && videoKeyframe) {
          live[0] = true;
          Buffer header = cluster[0];
          pieces.add(() -> transcoder.offer(header));
        }
        if (live[0]) pieces.add(() -> transcoder.offer(element));
      }
    });
    splitter.feed(Buffer.buffer(webm));
    long cpuBefore = os.getProcessCpuTime();
    long started = System.nanoTime();
    int perSlice = (int) Math.ceil(pieces.size() / (SECONDS * 1000.0 / SLICE_MILLIS));
    for (int i = 0; i < pieces.size(); i += perSlice) {
      pieces.subList(i, Math.min(pieces.size(), i + perSlice)).forEach(Runnable::run);
      long due = started + (i / perSlice + 1) * SLICE_MILLIS * 1_000_000;
      Thread.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
    }
    transcoder.close();
    while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("streamroom-webm-bench"))) Thread.sleep(50);
    return (os.getProcessCpuTime() - cpuBefore) / 1e9 / ((System.nanoTime() - started) / 1e9);
  }

  private static Path webcam(String size) throws Exception {
    Path out = Path.of("target", "bench-media", "webcam-" + size + ".webm");
    if (Files.exists(out)) return out;
    Files.createDirectories(out.getParent());
    Process ffmpeg = new ProcessBuilder("/usr/bin/ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
        "testsrc2=size=" + size + ":rate=30:duration=" + SECONDS, "-f", "lavfi", "-i", "sine=frequency=440:duration=" + SECONDS,
        "-c:v", "libvpx", "-b:v", "1M", "-deadline", "realtime", "-cpu-used", "8", "-g", "30", "-c:a", "libopus", "-b:a", "64k",
        "-f", "webm", "-live", "1", "-cluster_size_limit", "100000", out.toString()).inheritIO().start();
    if (ffmpeg.waitFor() != 0) throw new IllegalStateException("ffmpeg could not make " + out);
    return out;
  }
}
