package io.streamroom.bench;

import io.streamroom.support.ApiClient;
import io.streamroom.support.ChildProcess;
import io.streamroom.support.TestApp;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged server ({@code java -jar target/streamroom.jar}, {@code mvn package} first) as its own process
 * on free loopback ports, so its CPU is its own: recording off (no background transcoding of renditions), no
 * demo video, and an admin account name ("bench") that may take #lobby's stream key when the camera is off.
 */
final class BenchServer implements AutoCloseable {
  static final String ADMIN = "bench";

  final int httpPort;
  final int rtmpPort;
  final CpuMeter cpu;
  final ApiClient api;
  private final ChildProcess process;

  private BenchServer(ChildProcess process, int httpPort, int rtmpPort) {
    this.process = process;
    this.httpPort = httpPort;
    this.rtmpPort = rtmpPort;
    this.cpu = new CpuMeter(process.pid());
    this.api = new ApiClient(httpPort);
  }

  /**
   * @param camera STREAMROOM_CAMERA: "test", a video file (played in a loop), or "off"
   * @param sound STREAMROOM_CAMERA_AUDIO: "tone" (440 Hz) or "off"
   */
  static BenchServer start(String camera, String sound) {
    return start(camera, sound, Map.of());
  }

  /** @param extra further STREAMROOM_ variables, which win over these defaults (a benchmark's rate limits) */
  static BenchServer start(String camera, String sound, Map<String, String> extra) {
    int http = TestApp.freePort();
    int rtmp = TestApp.freePort();
    Map<String, String> env = new HashMap<>();
    env.put("STREAMROOM_HOST", "127.0.0.1");
    env.put("STREAMROOM_HTTP_PORT", String.valueOf(http));
    env.put("STREAMROOM_TCP_PORT", String.valueOf(TestApp.freePort()));
    env.put("STREAMROOM_RTMP_PORT", String.valueOf(rtmp));
    env.put("STREAMROOM_DATA_DIR", TestApp.tempDir().toString());
    env.put("STREAMROOM_VIDEOS_DIR", TestApp.tempDir().toString());
    env.put("STREAMROOM_VIDEOS_DEMO", "false");
    env.put("STREAMROOM_RECORD", "false");
    env.put("STREAMROOM_CAMERA", camera);
    env.put("STREAMROOM_CAMERA_AUDIO", sound);
    env.put("STREAMROOM_ADMINS", ADMIN);
    env.put("STREAMROOM_SIGNUPS_PER_HOUR", "1000");
    env.put("STREAMROOM_METRICS", System.getProperty("streamroom.metrics", "true")); // -Dstreamroom.metrics=false: their cost
    env.putAll(extra);
    ChildProcess process = ChildProcess.jar(env);
    try {
      process.awaitOutput("Streamroom web:", Duration.ofSeconds(90));
      if (!camera.equals("off")) process.awaitOutput("Live: ", Duration.ofSeconds(60));
    } catch (RuntimeException | AssertionError e) {
      process.close();
      throw e;
    }
    return new BenchServer(process, http, rtmp);
  }

  /** The stream of #lobby as /api/live describes it, or null when it is not live. */
  JsonObject lobby() {
    for (Object stream : api.get("/api/live", null).array()) {
      if ("#lobby".equals(((JsonObject) stream).getString("channel"))) return (JsonObject) stream;
    }
    return null;
  }

  /** The server's last lines of output (stdout, then stderr), to tell why a run failed. */
  List<String> lastOutput(int lines) {
    List<String> all = new ArrayList<>(process.out());
    all.addAll(process.err());
    return all.subList(Math.max(0, all.size() - lines), all.size());
  }

  /** Stops it as a service manager would (SIGTERM: it stops its embedded database), killing it after a grace period. */
  @Override
  public void close() {
    process.close();
  }
}
