package io.streamroom.media;

import io.streamroom.config.Setting;
import io.streamroom.support.ApiClient;
import io.streamroom.support.ApiClient.Response;
import io.streamroom.support.MediaClient;
import io.streamroom.support.TestApp;
import io.streamroom.support.TestMedia;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Recordings outlive a restart; what a crash leaves half done is cleaned up when the server comes back. */
class MediaRecoveryTest {
  @Test
  void recordingsSurviveARestartAndCrashLeftoversAreRemoved() throws Exception {
    TestMedia.requireFfmpeg();
    Path dataDir = TestApp.tempDir();
    Path clip = TestMedia.voiceWebm(3);
    String token;
    UUID kept;
    UUID deletedBeforeItsFileWent;
    try (TestApp first = TestApp.start(Map.of(Setting.DATA_DIR, dataDir.toString()))) {
      ApiClient api = new ApiClient(first.httpPort());
      MediaClient media = new MediaClient(first.httpPort());
      token = api.register("survivor", "long-enough");
      kept = id(media.upload(clip, "audio/webm", token));
      deletedBeforeItsFileWent = id(media.upload(clip, "audio/webm", token));
      first.app().pool().preparedQuery("UPDATE media SET deleted_at = now() WHERE id = $1")
          .execute(Tuple.of(deletedBeforeItsFileWent)).toCompletionStage().toCompletableFuture().join();
    }
    Path folder = dataDir.resolve("media");
    Path orphan = leftover(folder.resolve(UUID.randomUUID().toString())); // renamed into place, then the commit never came
    Path halfReceived = leftover(folder.resolve("incoming").resolve(UUID.randomUUID() + ".part"));
    // Another node sharing the folder may be receiving one, or be just before its commit: young files stay.
    Path receivingElsewhere = Files.write(folder.resolve("incoming").resolve(UUID.randomUUID() + ".part"), new byte[] {7});
    Path committingElsewhere = Files.write(folder.resolve(UUID.randomUUID().toString()), new byte[] {8});
    Files.setLastModifiedTime(folder.resolve(deletedBeforeItsFileWent.toString()), hoursAgo(2));
    assertTrue(Files.exists(folder.resolve(deletedBeforeItsFileWent.toString())));

    try (TestApp second = TestApp.start(Map.of(Setting.DATA_DIR, dataDir.toString()))) {
      MediaClient media = new MediaClient(second.httpPort());
      assertArrayEquals(Files.readAllBytes(clip), media.get("/media/" + kept, token).body());
      assertEquals(404, media.get("/media/" + deletedBeforeItsFileWent, token).statusCode());
      assertFalse(Files.exists(folder.resolve(deletedBeforeItsFileWent.toString())), "a deleted recording's file goes");
      assertFalse(Files.exists(orphan), "a file without a row goes");
      assertFalse(Files.exists(halfReceived), "an upload nobody was answered for goes");
      assertTrue(Files.exists(folder.resolve(kept.toString())));
      assertTrue(Files.exists(receivingElsewhere) && Files.exists(committingElsewhere), "files younger than an hour stay");
    }
  }

  /** A file as a crash would have left it: older than the sweep's grace period. */
  private static Path leftover(Path file) throws Exception {
    Files.write(file, new byte[] {1, 2, 3});
    return Files.setLastModifiedTime(file, hoursAgo(2));
  }

  private static FileTime hoursAgo(int hours) {
    return FileTime.from(Instant.now().minus(Duration.ofHours(hours)));
  }

  @Test
  void aRecordingNeverSentIsDeletedOnceItIsStale() {
    TestMedia.requireFfmpeg();
    try (TestApp app = TestApp.start()) {
      MediaClient media = new MediaClient(app.httpPort());
      String token = new ApiClient(app.httpPort()).register("hesitant", "long-enough");
      UUID unsent = id(media.upload(TestMedia.voiceWebm(3), "audio/webm", token));
      MediaStore store = app.app().media();
      assertEquals(0, store.deleteUnattached(MediaVerticle.UNSENT_KEPT_FOR).toCompletionStage().toCompletableFuture().join(),
          "a fresh one stays: its message may be on its way");
      assertEquals(1, store.deleteUnattached(Duration.ZERO).toCompletionStage().toCompletableFuture().join());
      assertEquals(404, media.get("/media/" + unsent, token).statusCode());
      assertFalse(Files.exists(store.files().file(unsent)));
      assertEquals(0L, store.usedBytes("hesitant").toCompletionStage().toCompletableFuture().join());
    }
  }

  private static UUID id(Response response) {
    assertEquals(201, response.status(), response.body());
    return UUID.fromString(response.json().getString("id"));
  }
}
