package io.streamroom.it;

import io.streamroom.config.Setting;
import io.streamroom.support.ChildProcess;
import io.streamroom.support.TestApp;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The MJPEG endpoint read the way ffplay or VLC would: by Debian's ffprobe (installed by .ci/run). */
class MjpegClientsIT {
  @Test
  void ffprobeReadsTheLiveStream() {
    Path ffprobe = Path.of("/usr/bin/ffprobe");
    boolean present = Files.isExecutable(ffprobe);
    if (!present && "true".equals(System.getenv("CI"))) throw new AssertionError("ffprobe is missing: .ci/run installs ffmpeg");
    assumeTrue(present, "ffprobe is not installed");
    try (TestApp app = TestApp.start(Map.of(Setting.CAMERA, "test", Setting.CAMERA_WIDTH, "320", Setting.CAMERA_HEIGHT, "240"))) {
      try (ChildProcess probe = ChildProcess.run(ffprobe.toString(), "-v", "error", "-rw_timeout", "10000000",
          "-count_frames", "-read_intervals", "%+#10", "-show_entries", "stream=codec_name,width,height,nb_read_frames",
          "-of", "default=noprint_wrappers=1", "http://127.0.0.1:" + app.httpPort() + "/live/lobby.mjpeg")) {
        assertEquals(0, probe.awaitExit(Duration.ofSeconds(30)), "ffprobe: " + probe.err());
        assertEquals(java.util.List.of("codec_name=mjpeg", "width=320", "height=240", "nb_read_frames=10"), probe.out());
      }
    }
  }
}
