package io.streamroom.vod;

import io.streamroom.config.Setting;
import io.streamroom.live.PatternClip;
import io.streamroom.support.ApiClient;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A file that goes bad after it was listed: a clear error on play, and the server carries on. */
class CorruptVideoTest {
  @Test
  void playingACorruptFileGivesAClearErrorAndNothingElseBreaks() throws Exception {
    Path library = TestApp.tempDir();
    Path clip = PatternClip.record(library.resolve("fragile_240p.mp4"), 320, 240, 10, 20);
    PatternClip.record(library.resolve("sound_240p.mp4"), 320, 240, 10, 20);
    // No rescan during the test: the library still lists the file after it is damaged.
    try (TestApp app = TestApp.start(Map.of(Setting.VIDEOS_DIR, library.toString(), Setting.VIDEOS_SCAN_SECONDS, "3600",
        Setting.ADMINS, "keeper"))) {
      new ApiClient(app.httpPort()).register("keeper", "keeper-pass");
      byte[] bytes = Files.readAllBytes(clip);
      Files.write(clip, java.util.Arrays.copyOf(bytes, 200)); // truncated: no index, no frames
      try (TelnetClient keeper = app.connect()) {
        keeper.expect("Choose a nickname");
        keeper.send("/login keeper keeper-pass");
        keeper.expect("You joined #lobby");
        keeper.send("/play fragile");
        keeper.expect("! fragile_240p.mp4 cannot be played: ");
        keeper.send("/play sound");
        keeper.expect("* Playing sound (240p) in #lobby.");
        keeper.expect("* #lobby is live now (video sound (240p))");
      }
    }
  }
}
