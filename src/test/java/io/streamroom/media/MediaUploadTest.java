package io.streamroom.media;

import io.streamroom.config.Setting;
import io.streamroom.support.ApiClient;
import io.streamroom.support.ApiClient.Response;
import io.streamroom.support.MediaClient;
import io.streamroom.support.TestApp;
import io.streamroom.support.TestMedia;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Recordings uploaded as the page will: what is taken, what is refused, and why. */
class MediaUploadTest {
  private static final AtomicInteger users = new AtomicInteger();
  private static TestApp app;
  private static ApiClient api;
  private static MediaClient media;
  private static Path mediaDir;

  @BeforeAll
  static void start() {
    app = TestApp.start(Map.of());
    api = new ApiClient(app.httpPort());
    media = new MediaClient(app.httpPort());
    mediaDir = app.config.path(Setting.DATA_DIR).resolve("media");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @BeforeEach
  void needsFfmpeg() {
    TestMedia.requireFfmpeg();
  }

  /** A fresh account per test: each has its own rate and quota. */
  static String newUser() {
    return api.register("recorder" + users.incrementAndGet(), "long-enough");
  }

  @Test
  void aThreeSecondVoiceMessageIsStoredWithItsKindAndRealDuration() throws IOException {
    String token = newUser();
    Path clip = TestMedia.voiceWebm(3);
    Response stored = media.upload(clip, "audio/webm;codecs=opus", token);
    assertEquals(201, stored.status(), stored.body());
    JsonObject body = stored.json();
    String id = body.getString("id");
    assertEquals("voice", body.getString("kind"));
    assertEquals("/media/" + id, body.getString("url"));
    assertEquals("/media/" + id, stored.raw().headers().firstValue("Location").orElse(null));
    assertEquals(Files.size(clip), body.getLong("size"));
    long duration = body.getLong("durationMs");
    assertTrue(duration >= 2900 && duration <= 3300, "about 3 s: " + duration);
    assertArrayEquals(Files.readAllBytes(clip), Files.readAllBytes(mediaDir.resolve(id)), "kept as sent, under <data dir>/media/<id>");

    HttpResponse<byte[]> fetched = media.get(body.getString("url"), token);
    assertEquals(200, fetched.statusCode());
    assertEquals("audio/webm", fetched.headers().firstValue("Content-Type").orElse(null));
    assertArrayEquals(Files.readAllBytes(clip), fetched.body());
  }

  @Test
  void aFiveSecondVideoMessageIsStored() {
    Response stored = media.upload(TestMedia.videoWebm(5), "video/webm;codecs=vp8,opus", newUser());
    assertEquals(201, stored.status(), stored.body());
    assertEquals("video", stored.json().getString("kind"));
    long duration = stored.json().getLong("durationMs");
    assertTrue(duration >= 4900 && duration <= 5300, "about 5 s: " + duration);
  }

  @Test
  void whatSafariAndFirefoxRecordIsTakenToo() {
    String token = newUser();
    assertEquals("voice", accepted(media.upload(TestMedia.voiceOgg(2), "audio/ogg; codecs=opus", token)).getString("kind"));
    assertEquals("voice", accepted(media.upload(TestMedia.voiceMp4(2), "audio/mp4", token)).getString("kind"));
    JsonObject video = accepted(media.upload(TestMedia.videoMp4(4), "video/mp4", token));
    assertEquals("video", video.getString("kind"));
    assertTrue(Math.abs(video.getLong("durationMs") - 4000) <= 300, video.encode());
  }

  @Test
  void aVoiceMessageOverTenSecondsIsRefusedNamingTheLimit() {
    // Written as MediaRecorder writes WebM: no duration in the header, so only reading it through tells.
    Response refused = media.upload(TestMedia.voiceWebmStreamed(12), "audio/webm", newUser());
    assertEquals(400, refused.status(), refused.body());
    assertEquals("TOO_LONG", refused.error());
    String message = refused.json().getString("message");
    assertTrue(message.startsWith("Voice messages are at most 10 s (this one is 12."), message);
    assertNothingLeftBehind();
  }

  @Test
  void aVideoMessageOverFifteenSecondsIsRefused() {
    Response refused = media.upload(TestMedia.videoWebm(16), "video/webm", newUser());
    assertEquals(400, refused.status(), refused.body());
    assertEquals("TOO_LONG", refused.error());
    assertTrue(refused.json().getString("message").startsWith("Video messages are at most 15 s (this one is 16."), refused.body());
  }

  @Test
  void aFileThatIsNotWhatItClaimsIsRefusedAs415() {
    String token = newUser();
    byte[] noise = new byte[40_000];
    new java.util.Random(7).nextBytes(noise);
    Response picture = media.upload(TestMedia.png(), "audio/webm", token);
    assertEquals(415, picture.status(), picture.body());
    assertEquals("UNSUPPORTED_MEDIA", picture.error());
    assertTrue(picture.json().getString("message").contains("cannot be read as WebM"), picture.body());
    assertEquals(415, media.upload(noise, "audio/webm", token).status());

    Response voiceAsMp4 = media.upload(TestMedia.voiceWebm(3), "video/mp4", token);
    assertEquals(415, voiceAsMp4.status(), voiceAsMp4.body());
    assertTrue(voiceAsMp4.json().getString("message").contains("cannot be read as MP4"), voiceAsMp4.body());
    Response voiceAsVideo = media.upload(TestMedia.voiceWebm(3), "video/webm", token);
    assertEquals(415, voiceAsVideo.status());
    assertTrue(voiceAsVideo.json().getString("message").contains("no picture"), voiceAsVideo.body());

    Response wav = media.upload(noise, "audio/wav", token);
    assertEquals(415, wav.status());
    assertTrue(wav.json().getString("message").contains("audio/webm"), "says what is taken: " + wav.body());
    assertNothingLeftBehind();
  }

  @Test
  void anEncryptedRecordingIsStoredByteForByteOnTheSendersWord() {
    String token = newUser();
    byte[] ciphertext = new byte[50_000];
    new java.util.Random(11).nextBytes(ciphertext);
    Response stored = media.upload(ciphertext, "application/octet-stream", token, "X-Media-Kind", "voice", "X-Media-Duration-Ms", "4200");
    assertEquals(201, stored.status(), stored.body());
    assertEquals(4200, stored.json().getLong("durationMs"));
    assertEquals("voice", stored.json().getString("kind"));

    HttpResponse<byte[]> fetched = media.get(stored.json().getString("url"), token);
    assertEquals("application/octet-stream", fetched.headers().firstValue("Content-Type").orElse(null));
    assertArrayEquals(ciphertext, fetched.body());

    Response tooLong = media.upload(ciphertext, "application/octet-stream", token, "X-Media-Kind", "voice", "X-Media-Duration-Ms", "12400");
    assertEquals(400, tooLong.status());
    assertEquals("Voice messages are at most 10 s (this one is 12.4 s).", tooLong.json().getString("message"));
    assertEquals("BAD_REQUEST", media.upload(ciphertext, "application/octet-stream", token, "X-Media-Duration-Ms", "4200").error());
    assertEquals("BAD_REQUEST", media.upload(ciphertext, "application/octet-stream", token, "X-Media-Kind", "video").error());
  }

  @Test
  void visitorsAndStrangersCannotUpload() {
    Response visitor = media.upload(TestMedia.voiceWebm(3), "audio/webm", api.visitor("listener"));
    assertEquals(403, visitor.status());
    assertEquals("READ_ONLY", visitor.error());
    assertEquals(401, media.upload(TestMedia.voiceWebm(3), "audio/webm", null).status());
    assertEquals(401, media.upload(TestMedia.voiceWebm(3), "audio/webm", "forged.token.here").status());
  }

  private static JsonObject accepted(Response response) {
    assertEquals(201, response.status(), response.body());
    return response.json();
  }

  private static void assertNothingLeftBehind() {
    TestMedia.assertIncomingEmpty(app.config.path(Setting.DATA_DIR));
  }
}
