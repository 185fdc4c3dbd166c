package io.streamroom.media;

import io.streamroom.config.Setting;
import io.streamroom.support.ApiClient;
import io.streamroom.support.ApiClient.Response;
import io.streamroom.support.MediaClient;
import io.streamroom.support.RawHttp;
import io.streamroom.support.TestApp;
import io.streamroom.support.TestMedia;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every limit on uploads, crossed: the size cap (declared and chunked), the quota, the rate. */
class MediaLimitsTest {
  private static final long CAP = 1024 * 1024;
  private static final long QUOTA = 400_000;
  private static TestApp app;
  private static ApiClient api;
  private static MediaClient media;

  @BeforeAll
  static void start() {
    app = TestApp.start(Map.of(Setting.MEDIA_MAX_BYTES, String.valueOf(CAP), Setting.MEDIA_QUOTA_BYTES, String.valueOf(QUOTA),
        Setting.MEDIA_UPLOAD_TIMEOUT_SECONDS, "2"));
    api = new ApiClient(app.httpPort());
    media = new MediaClient(app.httpPort());
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static String[] encrypted(String kind, long durationMs) {
    return new String[] {"X-Media-Kind", kind, "X-Media-Duration-Ms", String.valueOf(durationMs)};
  }

  @Test
  void aContentLengthOverTheCapIsRefusedAtOnceWithoutReadingTheBody() {
    String token = api.register("bigsender", "long-enough");
    try (RawHttp client = new RawHttp(app.httpPort())) {
      long started = System.nanoTime();
      client.write("POST /api/media HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\n"
          + "Content-Type: video/webm\r\nContent-Length: " + (CAP + 1) + "\r\n\r\n");
      String response = client.readResponse(Duration.ofSeconds(5));
      assertTrue(response.startsWith("HTTP/1.1 413"), response);
      assertTrue(response.contains("\"TOO_LARGE\"") && response.contains("at most 1.0 MiB"), response);
      assertTrue(System.nanoTime() - started < Duration.ofSeconds(2).toNanos(), "answered without waiting for the body");
      assertTrue(client.closedByServer(Duration.ofSeconds(5)), "and the connection ends: the body is never read");
    }
  }

  @Test
  void aRefusalReachesAClientThatGoesOnSendingItsBody() {
    String visitor = api.visitor("eager");
    byte[] body = new byte[512 * 1024]; // less than the server drops while lingering
    for (int i = 0; i < 40; i++) { // closed at once, with the body unread, the answer was lost now and then
      Response refused = media.uploadChunked(body, "audio/webm", visitor);
      assertEquals(403, refused.status(), refused.body());
      assertEquals("READ_ONLY", refused.error());
    }
  }

  @Test
  void aChunkedBodyThatGrowsPastTheCapIsCutOff() {
    String token = api.register("streamer", "long-enough");
    try (RawHttp client = new RawHttp(app.httpPort())) {
      client.write("POST /api/media HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\n"
          + "Content-Type: application/octet-stream\r\nX-Media-Kind: video\r\nX-Media-Duration-Ms: 9000\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n");
      long[] sent = {0};
      Thread uploader = new Thread(() -> {
        byte[] chunk = ("10000\r\n" + "x".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        while (sent[0] < 64 * CAP && client.write(chunk)) sent[0] += 0x10000;
      });
      uploader.start();
      String response = client.readResponse(Duration.ofSeconds(10));
      assertTrue(response.startsWith("HTTP/1.1 413"), response);
      assertTrue(response.contains("TOO_LARGE"), response);
      assertTrue(client.closedByServer(Duration.ofSeconds(10)), "the connection ends");
      assertTrue(sent[0] < 16 * CAP, "cut off, not read on: " + sent[0] + " bytes went in");
    }
    assertIncomingEmpty();
    assertEquals(201, media.upload(new byte[1000], "application/octet-stream", token, encrypted("voice", 1000)).status(),
        "the same account can go on");
  }

  @Test
  void anUploadTooSlowToArriveIsCutOffWith408() {
    String token = api.register("trickler", "long-enough");
    try (RawHttp client = new RawHttp(app.httpPort())) {
      client.write("POST /api/media HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\n"
          + "Content-Type: audio/webm\r\nContent-Length: 10000\r\n\r\n");
      client.write(new byte[100]);
      String response = client.readResponse(Duration.ofSeconds(6));
      assertTrue(response.startsWith("HTTP/1.1 408") && response.contains("did not arrive within 2 s"), response);
      assertTrue(client.closedByServer(Duration.ofSeconds(5)), "then the connection ends");
    }
    assertIncomingEmpty();
  }

  @Test
  void theQuotaCountsEveryRecordingAndSaysWhatIsLeft() {
    String token = api.register("hoarder", "long-enough");
    byte[] piece = new byte[150_000];
    assertEquals(201, media.upload(piece, "application/octet-stream", token, encrypted("voice", 5000)).status());
    assertEquals(201, media.upload(piece, "application/octet-stream", token, encrypted("video", 5000)).status());

    Response declared = media.upload(piece, "application/octet-stream", token, encrypted("voice", 5000));
    assertEquals(413, declared.status(), declared.body());
    assertEquals("QUOTA_EXCEEDED", declared.error());
    String message = declared.json().getString("message");
    assertTrue(message.contains("use 293.0 KiB of your 390.6 KiB (97.7 KiB left)") && message.contains("this one is 146.5 KiB"), message);

    // Sent in chunks the size is only known at the end: checked again on what arrived.
    Response chunked = media.uploadChunked(piece, "application/octet-stream", token, encrypted("voice", 5000));
    assertEquals(413, chunked.status(), chunked.body());
    assertEquals("QUOTA_EXCEEDED", chunked.error());
    assertEquals(201, media.upload(new byte[90_000], "application/octet-stream", token, encrypted("voice", 5000)).status(),
        "what still fits is taken");
    assertIncomingEmpty();
    assertEquals(390_000L, app.app().media().usedBytes("HOARDER").toCompletionStage().toCompletableFuture().join());
  }

  @Test
  void tenUploadsAMinuteAndThenWait() {
    String token = api.register("flooder", "long-enough");
    for (int i = 0; i < MediaUploads.UPLOADS_PER_MINUTE; i++) {
      assertEquals(201, media.upload(new byte[100], "application/octet-stream", token, encrypted("voice", 1000)).status());
    }
    Response limited = media.upload(new byte[100], "application/octet-stream", token, encrypted("voice", 1000));
    assertEquals(429, limited.status(), limited.body());
    assertEquals("RATE_LIMITED", limited.error());
    long retryAfter = Long.parseLong(limited.raw().headers().firstValue("Retry-After").orElse("0"));
    assertTrue(retryAfter > 0 && retryAfter <= 60, "Retry-After " + retryAfter);
    assertEquals(201, media.upload(new byte[100], "application/octet-stream", api.register("neighbour", "long-enough"),
        encrypted("voice", 1000)).status(), "per account: others are not held up");
  }

  private static void assertIncomingEmpty() {
    TestMedia.assertIncomingEmpty(app.config.path(Setting.DATA_DIR));
  }
}
