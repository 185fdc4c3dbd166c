package io.streamroom.chat;

import io.streamroom.support.ApiClient;
import io.streamroom.support.BridgeClient;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a sender is told about a message is the truth, and a retry of the same message is no copy. */
class AcknowledgementTest {
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

  @Test
  void aMessageSentTwiceWithOneKeyIsStoredAndShownOnce() {
    String token = api.register("retrier", "retrier-pass");
    try (BridgeClient web = BridgeClient.signedIn(app.httpPort(), token); TelnetClient reader = app.user("reader")) {
      web.join("#lobby");
      JsonObject say = new JsonObject().put("type", "say").put("channel", "#lobby").put("text", "only once").put("key", "k-123");
      JsonObject first = web.command(say);
      assertFalse(first.getBoolean("repeat", true), first.encode());
      JsonObject second = web.command(say.copy());
      assertTrue(second.getBoolean("repeat", false), second.encode());
      assertEquals(first.getLong("id"), second.getLong("id"));

      reader.expect("retrier: only once");
      reader.expectNo("retrier: only once", Duration.ofMillis(500));
      JsonArray history = api.get("/api/channels/lobby/messages?limit=100", token).json().getJsonArray("messages");
      assertEquals(1, history.stream().filter(m -> "only once".equals(((JsonObject) m).getString("text"))).count());

      // The same key from another sender is that sender's own message.
      try (TelnetClient other = app.user("otherone")) {
        JsonObject fromOther = web.command(say.copy().put("text", "different text").put("key", "k-124"));
        assertFalse(fromOther.getBoolean("repeat", true), fromOther.encode());
      }
      JsonObject badKey = web.command(say.copy().put("key", "not a key!"));
      assertEquals("BAD_REQUEST", badKey.getString("error"));
    }
  }

  @Test
  void quickReconnectsWithOneNicknameAlwaysLandInTheLobby() {
    // More cycles than the 30 joins and parts a user may make per rate window: the automatic join is free.
    for (int i = 0; i < 40; i++) {
      try (TelnetClient client = app.connect()) {
        client.expect("Choose a nickname");
        client.send("bouncer");
        client.expect("You joined #lobby");
        client.send("/quit");
        client.expect("Bye.");
      }
    }
    try (TelnetClient client = app.user("bouncer"); TelnetClient listener = app.user("listener")) {
      client.send("still here");
      listener.expect("bouncer: still here");
    }
  }
}
