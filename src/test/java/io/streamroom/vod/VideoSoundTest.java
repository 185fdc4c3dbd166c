package io.streamroom.vod;

import io.streamroom.config.Setting;
import io.streamroom.support.ChildProcess;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import io.streamroom.support.TestMedia;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A video played into a channel carries its own sound to HLS players, as the camera carries its microphone. */
class VideoSoundTest {
  @Test
  void aVideoPlayedIntoAChannelIsHeardOverHls() throws Exception {
    TestMedia.requireFfmpeg();
    Path library = TestApp.tempDir();
    Files.copy(TestMedia.videoMp4(20), library.resolve("chime_240p.mp4")); // H.264 and a 440 Hz tone in AAC
    try (TestApp app = TestApp.start(Map.of(Setting.VIDEOS_DIR, library.toString(), Setting.ADMIN_IPS, "127.0.0.1")); // telnet users here are admins
         TelnetClient curator = app.connect()) {
      curator.expect("Choose a nickname");
      curator.send("curator");
      curator.expect("You joined #lobby");
      curator.send("/play chime");
      curator.expect("* Playing chime (240p) in #lobby.");
      // Asking for HLS starts the encoder; a player that knows no parts (ffprobe) needs a whole segment first.
      String playlist = "http://127.0.0.1:" + app.httpPort() + "/hls/lobby/index.m3u8";
      HttpResponse<String> segmentOne = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(playlist + "?_HLS_msn=1"))
          .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, segmentOne.statusCode(), segmentOne.body());
      try (ChildProcess ffprobe = ChildProcess.run("/usr/bin/ffprobe", "-v", "error", "-show_entries", "stream=codec_name",
          "-of", "csv=p=0", playlist)) {
        assertEquals(0, ffprobe.awaitExit(Duration.ofSeconds(30)), String.join("\n", ffprobe.err()));
        assertEquals(List.of("aac", "h264"), ffprobe.out().stream().map(String::trim).filter(s -> !s.isEmpty()).sorted().distinct().toList());
      }
    }
  }
}
