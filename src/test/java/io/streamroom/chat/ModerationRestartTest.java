package io.streamroom.chat;

import io.streamroom.config.Config;
import io.streamroom.support.ApiClient;
import io.streamroom.support.BridgeClient;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every moderation action is stored: after a restart on the same data dir, all of it still holds. */
class ModerationRestartTest {
  private static final String PASSWORD = "correct-horse";

  @Test
  void moderationSurvivesARestart() {
    Config config;
    long kept;
    long deleted;
    try (TestApp app = TestApp.start()) {
      config = app.config;
      ApiClient api = new ApiClient(app.httpPort());
      String ownerToken = api.register("keeper", PASSWORD);
      api.register("helper", PASSWORD);
      api.register("rowdy", PASSWORD);
      api.register("hothead", PASSWORD);
      try (BridgeClient owner = BridgeClient.signedIn(app.httpPort(), ownerToken)) {
        owner.join("#archive");
        kept = owner.say("#archive", "kept").getLong("id");
        deleted = owner.say("#archive", "regretted").getLong("id");
        for (JsonObject command : new JsonObject[] {
            new JsonObject().put("type", "mod").put("name", "helper"),
            new JsonObject().put("type", "ban").put("name", "rowdy").put("reason", "fights"),
            new JsonObject().put("type", "timeout").put("name", "hothead").put("seconds", 3600),
            new JsonObject().put("type", "slow").put("seconds", 30),
            new JsonObject().put("type", "topic").put("topic", "kept across restarts"),
            new JsonObject().put("type", "delete").put("id", deleted)}) {
          JsonObject reply = owner.command(command.put("channel", "#archive"));
          assertFalse(reply.containsKey("error"), command + ": " + reply);
        }
      }
    }

    try (TestApp app = TestApp.start(config)) {
      ApiClient api = new ApiClient(app.httpPort());
      String helperToken = login(api, "helper");
      try (BridgeClient helper = BridgeClient.signedIn(app.httpPort(), helperToken);
           BridgeClient rowdy = BridgeClient.signedIn(app.httpPort(), login(api, "rowdy"));
           BridgeClient hothead = BridgeClient.signedIn(app.httpPort(), login(api, "hothead"))) {
        JsonObject joined = helper.join("#archive");
        assertEquals("moderator", joined.getString("role"));
        assertEquals("kept across restarts", joined.getString("topic"));
        assertEquals(30, joined.getInteger("slowSeconds"));
        JsonArray history = joined.getJsonArray("history");
        assertEquals(1, history.size(), history.encode());
        assertEquals(kept, history.getJsonObject(0).getLong("id"));

        JsonObject banned = rowdy.command(new JsonObject().put("type", "join").put("channel", "#archive"));
        assertEquals("BANNED", banned.getString("error"));
        assertTrue(banned.getString("message").endsWith(": fights"), banned.encode());
        hothead.join("#archive");
        assertEquals("TIMED_OUT", hothead.say("#archive", "still angry").getString("error"));
        assertFalse(helper.say("#archive", "moderators skip slow mode").containsKey("error"));
        assertFalse(helper.say("#archive", "twice").containsKey("error"));
      }
      try (TelnetClient guest = app.user("drifter")) {
        guest.send("/join #archive");
        guest.expect("* Topic: kept across restarts");
      }
    }
  }

  private static String login(ApiClient api, String name) {
    ApiClient.Response r = api.post("/api/login", new JsonObject().put("username", name).put("password", PASSWORD), null);
    assertEquals(200, r.status(), r.body());
    return r.json().getString("token");
  }
}
