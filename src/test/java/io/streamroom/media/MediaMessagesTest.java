package io.streamroom.media;

import io.streamroom.support.ApiClient;
import io.streamroom.support.BridgeClient;
import io.streamroom.support.MediaClient;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import io.streamroom.support.TestKeys;
import io.streamroom.support.TestMedia;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Recordings sent as chat messages: attached when committed, shown on telnet as links, gone with their message. */
class MediaMessagesTest {
  private static final String PASSWORD = "correct-horse";
  private static TestApp app;
  private static ApiClient api;
  private static MediaClient media;

  @BeforeAll
  static void start() {
    TestMedia.requireFfmpeg();
    app = TestApp.start();
    api = new ApiClient(app.httpPort());
    media = new MediaClient(app.httpPort());
  }

  @AfterAll
  static void stop() {
    if (app != null) app.close();
  }

  @Test
  void aVoiceMessageInAChannelReachesTelnetAsALinkAndGoesWithItsMessage() {
    String token = api.register("vera", PASSWORD);
    String otherToken = api.register("otis", PASSWORD);
    String id = media.upload(TestMedia.voiceWebm(3), "audio/webm", token).json().getString("id");
    try (BridgeClient vera = BridgeClient.signedIn(app.httpPort(), token); TelnetClient listener = app.user("lenny")) {
      vera.join("#lobby");
      JsonObject refused = vera.command(new JsonObject().put("type", "say").put("channel", "#lobby").put("media", id));
      assertFalse(refused.containsKey("error"), refused.encode());
      long messageId = refused.getLong("id");
      listener.expect(line -> line.startsWith("vera sent a voice message (0:03): http://") && line.endsWith("/media/" + id), "voice line");
      JsonObject event = vera.expectEvent("chat.channel.#lobby", e -> "message".equals(e.getString("type")) && e.containsKey("media"), "event");
      assertEquals("voice", event.getJsonObject("media").getString("kind"));
      assertEquals(200, media.get("/media/" + id, null).statusCode(), "a channel's recording opens for anyone with the link");

      JsonObject again = vera.command(new JsonObject().put("type", "say").put("channel", "#lobby").put("media", id));
      assertEquals("NO_SUCH_MEDIA", again.getString("error"), "a recording is sent once");
      String othersUpload = media.upload(TestMedia.voiceWebm(2), "audio/webm", otherToken).json().getString("id");
      assertEquals("NO_SUCH_MEDIA", vera.command(new JsonObject().put("type", "say").put("channel", "#lobby")
          .put("media", othersUpload)).getString("error"), "only one's own recordings");
      assertEquals("BAD_REQUEST", vera.command(new JsonObject().put("type", "say").put("channel", "#lobby")
          .put("media", "not-an-id")).getString("error"));

      JsonArray history = api.get("/api/channels/lobby/messages?limit=5", otherToken).json().getJsonArray("messages");
      assertTrue(history.stream().map(m -> (JsonObject) m).anyMatch(m -> m.getJsonObject("media") != null
          && id.equals(m.getJsonObject("media").getString("id"))), history.encode());

      assertEquals(200, api.delete("/api/channels/lobby/messages/" + messageId, token).status());
      assertEquals(404, media.get("/media/" + id, token).statusCode(), "deleted with its message");
    }
  }

  @Test
  void anEncryptedRecordingInADirectMessageOpensOnlyForTheTwo() {
    String aliceToken = api.register("amara", PASSWORD);
    String bobToken = api.register("bodhi", PASSWORD);
    long aliceKey = api.send("PUT", "/api/keys", new JsonObject().put("device", "laptop")
        .put("publicKey", TestKeys.newJwk()), aliceToken).json().getLong("id");
    long bobKey = api.send("PUT", "/api/keys", new JsonObject().put("device", "laptop")
        .put("publicKey", TestKeys.newJwk()), bobToken).json().getLong("id");
    byte[] ciphertext = new byte[2048];
    new java.security.SecureRandom().nextBytes(ciphertext);
    String plainId = media.upload(TestMedia.voiceWebm(2), "audio/webm", aliceToken).json().getString("id");
    String id = media.upload(ciphertext, "application/octet-stream", aliceToken, "X-Media-Kind", "voice", "X-Media-Duration-Ms", "2000")
        .json().getString("id");
    try (BridgeClient alice = BridgeClient.signedIn(app.httpPort(), aliceToken)) {
      JsonArray envelopes = new JsonArray();
      for (long device : new long[] {bobKey, aliceKey}) {
        envelopes.add(new JsonObject().put("device", device).put("iv", "AAAAAAAAAAAAAAAA").put("data", "c2VhbGVk"));
      }
      JsonObject dm = new JsonObject().put("type", "dm").put("to", "bodhi").put("device", aliceKey).put("envelopes", envelopes);
      assertEquals("BAD_REQUEST", alice.command(dm.copy().put("media", plainId)).getString("error"), "a direct message's recording is encrypted");
      JsonObject sent = alice.command(dm.copy().put("media", id));
      assertFalse(sent.containsKey("error"), sent.encode());
    }
    assertEquals(200, media.get("/media/" + id, bobToken).statusCode());
    assertEquals(404, media.get("/media/" + id, api.register("eve", PASSWORD)).statusCode());
    assertEquals(404, media.get("/media/" + id, null).statusCode());
  }
}
