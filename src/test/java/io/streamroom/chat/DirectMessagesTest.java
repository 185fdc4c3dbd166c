package io.streamroom.chat;

import io.streamroom.support.ApiClient;
import io.streamroom.support.BridgeClient;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import io.streamroom.support.TestKeys;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The public-key directory and encrypted direct messages as the server sees them: keys are checked and
 * fingerprinted, a message must carry one envelope per device, and only envelopes are stored and relayed.
 */
class DirectMessagesTest {
  private static final String PASSWORD = "correct-horse";
  private static TestApp app;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    api = new ApiClient(app.httpPort());
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static ApiClient.Response publish(String token, String device, JsonObject jwk) {
    return send("PUT", "/api/keys", new JsonObject().put("device", device).put("publicKey", jwk), token);
  }

  private static ApiClient.Response send(String method, String path, JsonObject body, String token) {
    return api.send(method, path, body, token);
  }

  private static long keyId(String token, String device) {
    ApiClient.Response r = publish(token, device, TestKeys.newJwk());
    assertEquals(201, r.status(), r.body());
    return r.json().getLong("id");
  }

  @Test
  void keysAreCheckedFingerprintedListedAndLimited() {
    String token = api.register("kira", PASSWORD);
    JsonObject jwk = TestKeys.newJwk();
    ApiClient.Response published = publish(token, "laptop", jwk);
    assertEquals(201, published.status(), published.body());
    String fingerprint = published.json().getString("fingerprint");
    assertTrue(fingerprint.matches("\\d{5}( \\d{5}){5}"), fingerprint);
    ApiClient.Response again = publish(token, "laptop", jwk);
    assertEquals(published.json().getLong("id"), again.json().getLong("id"), "the same key again changes nothing");
    assertFalse(again.json().getBoolean("new"));
    assertTrue(publish(token, "laptop", TestKeys.newJwk()).json().getBoolean("new"), "a new key for the device replaces the old one");

    JsonObject badPoint = jwk.copy().put("y", jwk.getString("x"));
    assertEquals("That point is not on the P-256 curve.", publish(token, "x", badPoint).json().getString("message"));
    assertEquals(400, publish(token, "x", jwk.copy().put("d", "c2VjcmV0")).status());
    assertEquals("BAD_KEY", publish(token, "x", jwk.copy().put("kty", "RSA")).error());
    assertEquals("BAD_KEY", publish(token, "x", jwk.copy().put("x", "short")).error());
    assertEquals(400, send("PUT", "/api/keys", new JsonObject().put("device", "x").put("publicKey", "not a jwk"), token).status());
    assertEquals(403, publish(api.visitor("lookie"), "phone", TestKeys.newJwk()).status());
    assertEquals(401, publish(null, "phone", TestKeys.newJwk()).status());

    JsonArray keys = api.get("/api/users/KIRA/keys", token).array();
    assertEquals(1, keys.size(), "publishing again replaced the laptop's key: " + keys);
    assertEquals("kira", keys.getJsonObject(0).getString("user"));
    assertEquals(404, api.get("/api/users/nobodyhere/keys", token).status());
    assertEquals(1, api.get("/api/users/kira/keys", api.register("keyless", PASSWORD)).array().size(),
        "someone else may read kira's keys");

    for (int i = 2; i <= DeviceKeys.MAX_DEVICES; i++) keyId(token, "device " + i);
    ApiClient.Response tooMany = publish(token, "one too many", TestKeys.newJwk());
    assertEquals(409, tooMany.status());
    assertEquals("TOO_MANY_DEVICES", tooMany.error());
    long old = api.get("/api/users/kira/keys", token).array().getJsonObject(0).getLong("id");
    assertEquals(404, send("DELETE", "/api/keys/" + old, null, api.register("thief", PASSWORD)).status(), "only one's own keys");
    assertEquals(200, send("DELETE", "/api/keys/" + old, null, token).status());
    assertEquals(201, publish(token, "one too many", TestKeys.newJwk()).status());
    JsonObject revoked = api.get("/api/keys/" + old, token).json();
    assertTrue(revoked.getLong("revoked") > 0, "a revoked key can still be read for old messages: " + revoked);

    try (TelnetClient telnet = app.user("looker")) {
      telnet.send("/keys kira");
      telnet.expect(line -> line.startsWith("* Keys of kira (" + DeviceKeys.MAX_DEVICES + "): ") && line.contains("device 2 "), "keys");
    }
  }

  @Test
  void encryptedMessagesNeedAnEnvelopePerDeviceAndAreStoredAndRelayedAsEnvelopes() throws Exception {
    String aliceToken = api.register("alina", PASSWORD);
    String bobToken = api.register("boris", PASSWORD);
    long aliceLaptop = keyId(aliceToken, "laptop");
    long alicePhone = keyId(aliceToken, "phone");
    long bobLaptop = keyId(bobToken, "laptop");
    try (BridgeClient alice = BridgeClient.signedIn(app.httpPort(), aliceToken);
         BridgeClient bob = BridgeClient.signedIn(app.httpPort(), bobToken);
         TelnetClient bobTerminal = telnetLogin("boris")) {
      JsonObject missing = alice.command(dm("boris", aliceLaptop, envelope(bobLaptop), envelope(aliceLaptop)));
      assertEquals("DEVICES_CHANGED", missing.getString("error"), "alina's phone must be able to read it too");
      assertEquals("DEVICES_CHANGED", alice.command(dm("boris", aliceLaptop, envelope(bobLaptop), envelope(alicePhone)))
          .getString("error"), "the sending laptop reads its own history from its envelope");
      assertEquals("DEVICES_CHANGED", alice.command(dm("boris", aliceLaptop, envelope(bobLaptop), envelope(alicePhone),
          envelope(aliceLaptop), envelope(999_999))).getString("error"));
      assertEquals("BAD_REQUEST", alice.command(dm("boris", aliceLaptop, envelope(bobLaptop).put("iv", "short"))).getString("error"));
      api.register("keyless2", PASSWORD);
      assertEquals("NO_KEYS", alice.command(dm("keyless2", aliceLaptop, envelope(bobLaptop))).getString("error"));

      JsonObject sent = alice.command(dm("boris", aliceLaptop, envelope(bobLaptop), envelope(alicePhone), envelope(aliceLaptop)));
      assertFalse(sent.containsKey("error"), sent.encode());
      long id = sent.getLong("id");
      JsonObject received = bob.expectEvent("chat.session." + bob.session, e -> "dm".equals(e.getString("type")), "dm");
      assertEquals(id, received.getLong("id"));
      assertEquals(aliceLaptop, received.getLong("device"));
      assertEquals(3, received.getJsonArray("envelopes").size());
      bobTerminal.expect("[encrypted] alina to boris: an end-to-end encrypted message; only their web pages can read it.");

      JsonArray conversation = api.get("/api/conversations/alina/messages", bobToken).json().getJsonArray("messages");
      assertEquals(1, conversation.size());
      assertTrue(conversation.getJsonObject(0).getBoolean("encrypted"));
      assertEquals("alina", api.get("/api/conversations", bobToken).array().getJsonObject(0).getString("name"));
      Row row = app.app().pool().preparedQuery("SELECT body, sender_device FROM messages WHERE id = $1")
          .execute(io.vertx.sqlclient.Tuple.of(id)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
          .iterator().next();
      assertEquals(aliceLaptop, row.getLong("sender_device"));
      assertTrue(row.getString("body").startsWith("{\"envelopes\":["), row.getString("body"));

      long bobPhone = keyId(bobToken, "phone"); // bob has a conversation with alina, who hears of it
      JsonObject news = alice.expectEvent("chat.session." + alice.session, e -> "newkey".equals(e.getString("type")), "newkey");
      assertEquals("boris", news.getString("user"));
      assertEquals(bobPhone, news.getLong("id"));
      assertEquals("DEVICES_CHANGED", alice.command(dm("boris", aliceLaptop, envelope(bobLaptop), envelope(alicePhone),
          envelope(aliceLaptop))).getString("error"), "the new phone needs its envelope");
    }
  }

  private static TelnetClient telnetLogin(String name) {
    TelnetClient client = app.connect();
    client.expect("Choose a nickname");
    client.send("/login " + name + " " + PASSWORD);
    client.expect("You joined #lobby");
    return client;
  }

  private static JsonObject dm(String to, long device, JsonObject... envelopes) {
    return new JsonObject().put("type", "dm").put("to", to).put("device", device).put("envelopes", new JsonArray(Arrays.asList(envelopes)));
  }

  /** Opaque to the server: random bytes standing for AES-GCM output. */
  private static JsonObject envelope(long device) {
    byte[] iv = new byte[12];
    byte[] data = new byte[40];
    new java.security.SecureRandom().nextBytes(data);
    return new JsonObject().put("device", device).put("iv", Base64.getEncoder().encodeToString(iv))
        .put("data", Base64.getEncoder().encodeToString(data));
  }
}
