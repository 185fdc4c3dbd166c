package io.streamroom.bench;

import io.streamroom.support.ChildProcess;
import io.streamroom.support.Poll;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Low-latency HLS and OBS ingest, the packaged server as its own process on loopback. Parts (all by default,
 * or those named in the arguments; numbers are viewer counts):
 * <ul>
 *   <li>{@code cpu}: cores for the camera's test pattern encoded to H.264 + AAC for one HLS viewer (against the
 *   same pattern with no HLS viewer: JPEG only), and for an RTMP push of 720p30 H.264 + AAC remuxed for one;</li>
 *   <li>{@code bitrate}: bits per second one viewer reads over MJPEG and over HLS, for the test pattern and a
 *   detailed clip (ffmpeg's mandelbrot with grain) played as the camera;</li>
 *   <li>{@code latency}: glass-to-glass latency of the page's hls.js player in headless Chromium ({@link BrowserLatency});</li>
 *   <li>{@code viewers}: N simulated LL-HLS players ({@link HlsPlayers}) of the 3 Mbit/s 720p30 stream pushed
 *   over RTMP; counts above 1,000 are tried only while the count before held.</li>
 * </ul>
 * Run (mvn -o -B -q package -DskipTests first): mvn -o -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.streamroom.bench.HlsBenchmark [-Dexec.args="viewers 100 300 1000"]; -Dbench.sound=off runs the
 * test pattern without its tone.
 */
public final class HlsBenchmark {
  private static final Duration JIT_WARMUP = Duration.ofSeconds(10);
  /** The camera starts its H.264 encoder at the first playlist request; parts flow about a second later. */
  private static final Duration SETTLE = Duration.ofSeconds(5);
  private static final Duration READ = Duration.ofSeconds(20);
  private static final Duration CPU_WINDOW = Duration.ofSeconds(30);
  private static final Duration LATENCY_WINDOW = Duration.ofSeconds(30);
  private static final Duration LOAD_WINDOW = Duration.ofSeconds(15);
  private static final int ALWAYS_TRIED = 1000;
  private static final Path MEDIA = Path.of("target", "bench-media");
  /** Longer than the push lasts (warm-up, the CPU window, every viewer count), so it never loops. */
  private static final int OBS_CLIP_SECONDS = 240;
  private static final List<String> PARTS = List.of("cpu", "bitrate", "latency", "viewers");
  /** The test pattern's sound: its 440 Hz tone, or (-Dbench.sound=off) none. */
  private static final String SOUND = System.getProperty("bench.sound", "tone");

  private final Vertx vertx = Vertx.vertx();
  /** The report's tables by part, each its title then Markdown lines: printed row by row as measured, and whole at the end. */
  private final Map<String, List<String>> tables = new LinkedHashMap<>();

  public static void main(String[] args) {
    Set<String> parts = new LinkedHashSet<>();
    List<Integer> counts = new ArrayList<>();
    for (String arg : args) {
      if (arg.matches("\\d+")) counts.add(Integer.parseInt(arg));
      else parts.add(arg);
    }
    if (parts.isEmpty()) parts.addAll(PARTS);
    if (!PARTS.containsAll(parts)) throw new IllegalArgumentException("parts are " + PARTS + " (and viewer counts), not " + parts);
    if (counts.isEmpty()) counts.addAll(List.of(100, 300, 1000, 2000, 3000));
    // Ctrl-C or a crash: no server, ffmpeg or Chromium outlives the benchmark.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy)));
    HlsBenchmark bench = new HlsBenchmark();
    int status = 0;
    try {
      bench.run(parts, counts);
    } catch (Throwable e) {
      e.printStackTrace();
      status = 1;
    } finally {
      bench.vertx.close().toCompletionStage().toCompletableFuture().join();
      bench.tables.values().forEach(lines -> System.out.println("\n### " + String.join("\n", lines)));
    }
    System.exit(status);
  }

  private void run(Set<String> parts, List<Integer> counts) throws Exception {
    System.out.printf("machine: %d cores, load average %s%n", Runtime.getRuntime().availableProcessors(),
        Files.readString(Path.of("/proc/loadavg")).trim());
    table("cpu", "CPU for one stream, " + CPU_WINDOW.toSeconds() + " s",
        "stream | HLS viewers | server (cores) | the stream's thread (cores) | busiest server threads (cores) | to the viewer "
            + "| part age on arrival p50 / p99");
    table("bitrate", "One viewer of each protocol, " + READ.toSeconds() + " s",
        "camera source | MJPEG (fps, a frame) | HLS media (parts + init), per second of video | HLS playlists "
            + "| HLS in all, per second of video | MJPEG / HLS | HLS video received per second | capture thread (cores)");
    table("latency", "Chromium playing the test pattern's LL-HLS, a sample every " + BrowserLatency.EVERY.toMillis() + " ms for "
        + LATENCY_WINDOW.toSeconds() + " s", "reading | samples | p50 | p95 | max");
    table("viewers", "LL-HLS players of the 3 Mbit/s 720p30 stream from OBS/RTMP, " + LOAD_WINDOW.toSeconds() + " s each",
        "viewers | parts/s (per viewer) | Mbit/s out (server's count) | playlist p50 / p99 | part p50 / p99 | kept up "
            + "| behind live at the end p50 / max | part age on arrival p50 / p99 | errors, skips | server CPU (busiest thread) "
            + "| load generator CPU (busiest thread) | machine busy");
    tables.keySet().retainAll(parts);
    if (parts.contains("cpu") || parts.contains("bitrate") || parts.contains("latency")) {
      try (BenchServer server = BenchServer.start("test", SOUND)) {
        Thread.sleep(JIT_WARMUP.toMillis());
        if (parts.contains("cpu")) transcodedCpu(server); // first: its baseline needs the HLS encoder never started
        if (parts.contains("bitrate")) bitrate(server, "test pattern, 1280x720 at 30 fps");
        if (parts.contains("latency")) latency(server);
      }
    }
    if (parts.contains("bitrate")) {
      try (BenchServer server = BenchServer.start(detailedClip().toAbsolutePath().toString(), "tone")) {
        Thread.sleep(SETTLE.toMillis());
        bitrate(server, "mandelbrot with grain (a file), 1280x720 at 30 fps");
      }
    }
    if (parts.contains("cpu") || parts.contains("viewers")) {
      Path clip = obsClip();
      try (BenchServer server = BenchServer.start("off", "off"); ChildProcess obs = push(server, clip)) {
        if (parts.contains("cpu")) remuxedCpu(server, obs);
        if (parts.contains("viewers")) viewers(server, counts);
        if (server.lobby() == null) throw new IllegalStateException("the RTMP stream ended early; ffmpeg said: " + obs.err());
      }
    }
  }

  // ---- 3. CPU for one stream transcoded (the camera) and one remuxed (OBS)

  private void transcodedCpu(BenchServer server) throws Exception {
    CpuMeter.Sample before = server.cpu.sample();
    Thread.sleep(CPU_WINDOW.toMillis());
    CpuMeter.Usage idle = server.cpu.between(before, server.cpu.sample());
    row("cpu", "camera test pattern, JPEG only", "0", idle.cores(), idle.threads("streamroom-capture"), idle.busiest(3), "-", "-");
    try (HlsPlayers viewer = HlsPlayers.start(vertx, server.httpPort, "lobby", 1, Duration.ZERO)) {
      Thread.sleep(SETTLE.toMillis());
      before = server.cpu.sample();
      HlsPlayers.Result got = viewer.measure(CPU_WINDOW);
      CpuMeter.Usage used = server.cpu.between(before, server.cpu.sample());
      String stream = "camera test pattern, JPEG + H.264" + (SOUND.equals("off") ? ", no sound" : "/AAC") + " (transcoded)";
      row("cpu", stream, "1", used.cores(), used.threads("streamroom-capture"),
          used.busiest(3), String.format("%.2f Mbit/s", got.megabitsPerSecond()), age(got));
    }
  }

  /** ffmpeg pushing the clip in real time over RTMP with #lobby's stream key (taken by the admin), once the channel is live. */
  private static ChildProcess push(BenchServer server, Path clip) {
    String token = server.api.register(BenchServer.ADMIN, "bench-password");
    String url = server.api.post("/api/channels/lobby/streamkey", new JsonObject(), token).json().getString("publishUrl");
    ChildProcess obs = ChildProcess.run("/usr/bin/ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-i", clip.toAbsolutePath().toString(),
        "-c", "copy", "-f", "flv", url);
    try {
      Poll.until("#lobby live from RTMP", Duration.ofSeconds(20), server::lobby);
    } catch (RuntimeException | AssertionError e) {
      obs.close();
      throw e;
    }
    return obs;
  }

  private void remuxedCpu(BenchServer server, ChildProcess obs) throws Exception {
    try (HlsPlayers viewer = HlsPlayers.start(vertx, server.httpPort, "lobby", 1, Duration.ZERO)) {
      Thread.sleep(JIT_WARMUP.toMillis());
      CpuMeter pusher = new CpuMeter(obs.pid());
      CpuMeter.Sample pushed = pusher.sample();
      CpuMeter.Sample before = server.cpu.sample();
      HlsPlayers.Result got = viewer.measure(CPU_WINDOW);
      CpuMeter.Usage used = server.cpu.between(before, server.cpu.sample());
      double ffmpeg = pusher.between(pushed, pusher.sample()).cores();
      row("cpu", "OBS/RTMP 1280x720 at 30 fps, H.264 + AAC, 3.1 Mbit/s (remuxed)", "1", used.cores(), used.threads("streamroom-rtmp-lobby"),
          used.busiest(3), String.format("%.2f Mbit/s (the pushing ffmpeg -c copy: %.2f cores)", got.megabitsPerSecond(), ffmpeg), age(got));
    }
  }

  // ---- 1. Bits per second per viewer, MJPEG against HLS

  private void bitrate(BenchServer server, String source) throws Exception {
    try (HlsPlayers viewer = HlsPlayers.start(vertx, server.httpPort, "lobby", 1, Duration.ZERO)) {
      Thread.sleep(SETTLE.toMillis());
      CompletableFuture<long[]> mjpeg = CompletableFuture.supplyAsync(() -> readMjpeg(server.httpPort, READ));
      CpuMeter.Sample before = server.cpu.sample();
      HlsPlayers.Result got = viewer.measure(READ);
      CpuMeter.Usage used = server.cpu.between(before, server.cpu.sample());
      long[] read = mjpeg.join();
      double mjpegMbps = read[0] * 8 / 1e6 / READ.toSeconds();
      double hls = got.megabitsPerMediaSecond(true);
      row("bitrate", source,
          String.format("%.2f Mbit/s (%.1f fps, %.1f KB)", mjpegMbps, read[1] / (double) READ.toSeconds(), read[0] / 1e3 / Math.max(1, read[1])),
          String.format("%.2f Mbit/s", got.megabitsPerMediaSecond(false)),
          String.format("%.0f kbit/s (%.1f a second)", got.playlistBytes() * 8 / 1e3 / got.seconds(), got.playlists() / got.seconds()),
          String.format("%.2f Mbit/s", hls), String.format("%.1f x", mjpegMbps / hls),
          String.format("%.2f s", got.mediaSecondsPerSecond()[0]), String.format("%.2f", used.threads("streamroom-capture")));
    }
  }

  /** {bytes, frames} of /live/lobby.mjpeg over {@code window}, read by one plain HTTP/1.1 client; frames counted by their JPEG start marker. */
  private static long[] readMjpeg(int port, Duration window) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.getOutputStream().write("GET /live/lobby.mjpeg HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[256 * 1024];
      long bytes = 0;
      long frames = 0;
      int previous = 0;
      long end = System.nanoTime() + window.toNanos();
      while (System.nanoTime() < end) {
        int n = in.read(buffer);
        if (n < 0) break;
        bytes += n;
        for (int i = 0; i < n; i++) {
          int b = buffer[i] & 0xff;
          if (previous == 0xff && b == 0xd8) frames++; // FF D8 only starts a JPEG: inside one, FF is followed by 00 or a marker
          previous = b;
        }
      }
      return new long[] {bytes, frames};
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- 2. Glass-to-glass latency in Chromium

  private void latency(BenchServer server) throws Exception {
    BrowserLatency.Result got = BrowserLatency.measure(server.httpPort, LATENCY_WINDOW);
    long[] shown = got.shown();
    long[] pixel = got.pixel();
    row("latency", "#live-latency (now - hls.js playingDate)", shown.length, ms(shown, 50), ms(shown, 95), ms(shown, 100));
    row("latency", "capture clock read from the picture on screen", pixel.length, ms(pixel, 50), ms(pixel, 95), ms(pixel, 100));
    System.out.printf("path shown: %s; frames shown %.1f a second, %d dropped%n", got.path(), got.framesPerSecond(), got.dropped());
  }

  // ---- 4. How many LL-HLS viewers one node serves

  private void viewers(BenchServer server, List<Integer> counts) throws Exception {
    CpuMeter self = CpuMeter.self();
    boolean held = true;
    for (int n : counts) {
      if (n > ALWAYS_TRIED && !held) break;
      Duration ramp = Duration.ofMillis(Math.min(4000, 2L * n));
      try (HlsPlayers players = HlsPlayers.start(vertx, server.httpPort, "lobby", n, ramp)) {
        Thread.sleep(ramp.plus(SETTLE).toMillis());
        long sentBefore = server.lobby().getLong("hlsBytesOut");
        CpuMeter.Sample serverBefore = server.cpu.sample();
        CpuMeter.Sample selfBefore = self.sample();
        long machineBefore = CpuMeter.machineBusyTicks();
        HlsPlayers.Result got = players.measure(LOAD_WINDOW);
        long machineAfter = CpuMeter.machineBusyTicks();
        CpuMeter.Sample selfAfter = self.sample();
        CpuMeter.Sample serverAfter = server.cpu.sample();
        double sent = (server.lobby().getLong("hlsBytesOut") - sentBefore) * 8 / 1e6 / got.seconds();
        CpuMeter.Usage serverCpu = server.cpu.between(serverBefore, serverAfter);
        CpuMeter.Usage selfCpu = self.between(selfBefore, selfAfter);
        held = got.keptUp() == n && got.errors().isEmpty();
        row("viewers", n, String.format("%,.0f (%.2f)", got.parts() / got.seconds(), got.parts() / got.seconds() / n),
            String.format("%,.0f (%,.0f)", got.megabitsPerSecond(), sent),
            micros(got.playlistMicros(), 50) + " / " + micros(got.playlistMicros(), 99),
            micros(got.partMicros(), 50) + " / " + micros(got.partMicros(), 99),
            got.keptUp() + " of " + n,
            ms(got.behindMillis(), 50) + " / " + ms(got.behindMillis(), 100),
            age(got),
            (got.errors().isEmpty() ? "0" : got.errors().toString()) + ", " + got.skips(),
            String.format("%.2f (%s)", serverCpu.cores(), serverCpu.busiest(1)),
            String.format("%.2f (%s)", selfCpu.cores(), selfCpu.busiest(1)),
            String.format("%.2f of %d cores", CpuMeter.machineBusyCores(machineBefore, machineAfter, got.seconds()),
                Runtime.getRuntime().availableProcessors()));
      }
      Thread.sleep(3000); // the server drops the players' connections
    }
  }

  // ---- test media, made once by Debian's ffmpeg and kept in target/bench-media

  /** A detailed 720p30 clip for the camera: 10 s of mandelbrot with grain (x264 CRF 20), played in a loop. */
  private static Path detailedClip() {
    Path clip = MEDIA.resolve("mandelbrot-720p30.mp4");
    if (Files.exists(clip)) return clip;
    System.out.println("making the detailed clip with ffmpeg (once)...");
    ffmpeg("-f", "lavfi", "-t", "10", "-i", "mandelbrot=size=1280x720:rate=30", "-vf", "noise=alls=8:allf=t,format=yuv420p",
        "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-g", "30", clip.toString());
    return clip;
  }

  /**
   * The same picture as OBS would send it: 3 Mbit/s, a keyframe a second, a 440 Hz tone in AAC, long enough
   * that the push never loops (a file looped by {@code ffmpeg -stream_loop -c copy} repeats an audio timestamp
   * where it starts again, and the server's remuxer ends the stream there).
   */
  private static Path obsClip() {
    Path clip = MEDIA.resolve("mandelbrot-720p30-3M-aac-" + OBS_CLIP_SECONDS + "s.mp4");
    if (Files.exists(clip)) return clip;
    Path camera = detailedClip();
    System.out.println("making the OBS clip with ffmpeg (once, about two minutes)...");
    ffmpeg("-stream_loop", "-1", "-i", camera.toString(), "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
        "-t", String.valueOf(OBS_CLIP_SECONDS), "-c:v", "libx264", "-preset", "veryfast", "-b:v", "3M", "-maxrate", "3M", "-bufsize", "3M",
        "-x264-params", "keyint=30:min-keyint=30:scenecut=0", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "128k", clip.toString());
    return clip;
  }

  private static void ffmpeg(String... args) {
    List<String> command = new ArrayList<>(List.of("/usr/bin/ffmpeg", "-hide_banner", "-loglevel", "error", "-y"));
    command.addAll(List.of(args));
    try {
      Files.createDirectories(MEDIA);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (ChildProcess ffmpeg = ChildProcess.run(command.toArray(String[]::new))) {
      if (ffmpeg.awaitExit(Duration.ofMinutes(5)) != 0) throw new IllegalStateException("ffmpeg: " + ffmpeg.err());
    }
  }

  // ---- printing: Markdown tables, as docs/benchmarks.md has them

  private void table(String part, String title, String header) {
    tables.put(part, new ArrayList<>(List.of(title, "| " + header + " |", "|" + "---|".repeat(header.split("\\|").length))));
  }

  private void row(String part, Object... cells) {
    StringBuilder line = new StringBuilder("|");
    for (Object cell : cells) line.append(' ').append(cell instanceof Double d ? String.format("%.2f", d) : cell).append(" |");
    tables.get(part).add(line.toString());
    System.out.println(line);
  }

  private static String age(HlsPlayers.Result got) {
    return ms(got.partAgeMillis(), 50) + " / " + ms(got.partAgeMillis(), 99);
  }

  private static String ms(long[] sortedMillis, double p) {
    if (sortedMillis.length == 0) return "-";
    long value = HlsPlayers.percentile(sortedMillis, p);
    return value == Long.MAX_VALUE ? "never" : String.format("%,d ms", value);
  }

  private static String micros(long[] sortedMicros, double p) {
    return sortedMicros.length == 0 ? "-" : String.format("%.1f ms", HlsPlayers.percentile(sortedMicros, p) / 1000.0);
  }
}
