package io.streamroom.media;

import io.streamroom.support.ApiClient;
import io.streamroom.support.ApiClient.Response;
import io.streamroom.support.MediaClient;
import io.streamroom.support.TestApp;
import io.streamroom.support.TestMedia;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fetching recordings as audio and video elements do: ranges, and who may fetch what. */
class MediaServingTest {
  private static TestApp app;
  private static ApiClient api;
  private static MediaClient media;
  private static String alice;
  private static String bob;
  private static String carol;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    api = new ApiClient(app.httpPort());
    media = new MediaClient(app.httpPort());
    alice = api.register("alice", "long-enough");
    bob = api.register("bob", "long-enough");
    carol = api.register("carol", "long-enough");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @BeforeEach
  void needsFfmpeg() {
    TestMedia.requireFfmpeg();
  }

  private static UUID upload(String token) {
    Response stored = media.upload(TestMedia.voiceWebm(3), "audio/webm", token);
    assertEquals(201, stored.status(), stored.body());
    return UUID.fromString(stored.json().getString("id"));
  }

  @Test
  void playersGetTheBytesTheyAskForWithRanges() throws Exception {
    UUID id = upload(alice);
    byte[] clip = Files.readAllBytes(TestMedia.voiceWebm(3));
    String url = "/media/" + id;

    HttpResponse<byte[]> middle = media.get(url, alice, "Range", "bytes=100-1099");
    assertEquals(206, middle.statusCode());
    assertEquals("bytes 100-1099/" + clip.length, middle.headers().firstValue("Content-Range").orElse(null));
    assertArrayEquals(Arrays.copyOfRange(clip, 100, 1100), middle.body());
    assertEquals("audio/webm", middle.headers().firstValue("Content-Type").orElse(null));
    assertEquals("private", middle.headers().firstValue("Cache-Control").orElse(null));
    assertEquals("bytes", middle.headers().firstValue("Accept-Ranges").orElse(null));

    assertArrayEquals(Arrays.copyOfRange(clip, 1000, clip.length), media.get(url, alice, "Range", "bytes=1000-").body());
    assertArrayEquals(Arrays.copyOfRange(clip, clip.length - 500, clip.length), media.get(url, alice, "Range", "bytes=-500").body());
    HttpResponse<byte[]> outside = media.get(url, alice, "Range", "bytes=" + clip.length + "-");
    assertEquals(416, outside.statusCode());
    assertEquals("bytes */" + clip.length, outside.headers().firstValue("Content-Range").orElse(null));

    HttpResponse<byte[]> head = media.fetch("HEAD", url, alice);
    assertEquals(200, head.statusCode());
    assertEquals(String.valueOf(clip.length), head.headers().firstValue("Content-Length").orElse(null));
    assertEquals(0, head.body().length);
    HttpResponse<byte[]> headRange = media.fetch("HEAD", url, alice, "Range", "bytes=0-9");
    assertEquals(206, headRange.statusCode());
    assertEquals("10", headRange.headers().firstValue("Content-Length").orElse(null));
  }

  @Test
  void anUnsentRecordingIsForItsOwnerOnly() {
    UUID id = upload(alice);
    String url = "/media/" + id;
    assertEquals(200, media.get(url, alice).statusCode());
    assertEquals(200, media.get(url + "?token=" + alice, null).statusCode(), "an <audio src> passes the token in the URL");
    HttpResponse<byte[]> stranger = media.get(url, bob);
    assertEquals(404, stranger.statusCode(), "not 403: whether it exists is nobody else's business");
    assertTrue(new String(stranger.body()).contains("NO_SUCH_MEDIA"));
    assertEquals(404, media.get(url, null).statusCode());
    assertEquals(404, media.get(url + "?token=forged", null).statusCode());
    assertEquals(404, media.get("/media/" + UUID.randomUUID(), alice).statusCode());
    assertEquals(404, media.get("/media/not-a-uuid", alice).statusCode());
    assertEquals(404, media.get("/media/..%2Fjwt-secret", alice).statusCode());
  }

  @Test
  void sentInAChannelAnyoneWithTheLinkMayFetchIt() {
    UUID id = upload(alice);
    long message = message("alice", null);
    assertFalse(await(app.app().media().attach(id, "bob", message)), "only the owner attaches");
    assertFalse(await(app.app().media().attach(id, "alice", message("bob", null))), "and only to a message of their own");
    assertTrue(await(app.app().media().attach(id, "ALICE", message)));
    assertFalse(await(app.app().media().attach(id, "alice", message)), "once");

    assertEquals(200, media.get("/media/" + id, null).statusCode());
    assertEquals(200, media.get("/media/" + id, carol).statusCode());
    Media stored = await(app.app().media().find(id)).orElseThrow();
    assertEquals(message, stored.messageId());
    assertEquals(MediaKind.VOICE, stored.kind());
  }

  @Test
  void sentPrivatelyOnlyTheSenderAndRecipientMayFetchIt() {
    UUID id = upload(alice);
    assertTrue(await(app.app().media().attach(id, "alice", message("alice", "bob"))));
    assertEquals(200, media.get("/media/" + id, alice).statusCode());
    assertEquals(200, media.get("/media/" + id, bob).statusCode());
    assertEquals(404, media.get("/media/" + id, carol).statusCode());
    assertEquals(404, media.get("/media/" + id, null).statusCode());
  }

  @Test
  void deletingTheMessageDeletesTheRecordingAndFreesItsSpace() {
    long before = await(app.app().media().usedBytes("carol"));
    UUID id = upload(carol);
    long message = message("carol", null);
    assertTrue(await(app.app().media().attach(id, "carol", message)));
    Path file = app.app().media().files().file(id);
    assertTrue(Files.exists(file));

    await(app.app().media().deleteForMessage(message));
    assertEquals(404, media.get("/media/" + id, carol).statusCode());
    assertFalse(Files.exists(file), "its file is removed");
    assertTrue(await(app.app().media().find(id)).isEmpty());
    assertEquals(before, await(app.app().media().usedBytes("carol")));
  }

  /** A stored message, as the chat service writes them: in #lobby, or private when {@code to} is given. */
  private static long message(String from, String to) {
    String sql = "INSERT INTO messages (channel_id, sender, recipient, body, client_key) VALUES "
        + "(CASE WHEN $2::text IS NULL THEN (SELECT id FROM channels WHERE name = '#lobby') END, $1, $2, 'a recording', gen_random_uuid()) "
        + "RETURNING id";
    return await(app.app().pool().preparedQuery(sql).execute(Tuple.of(from, to))).iterator().next().getLong("id");
  }

  private static <T> T await(io.vertx.core.Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().join();
  }
}
