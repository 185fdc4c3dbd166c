package io.streamroom.chat;

import io.streamroom.config.Setting;
import io.streamroom.support.ApiClient;
import io.streamroom.support.BridgeClient;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * What the moderation tests share: one server (marshal is an admin), users on the web and on telnet, and the
 * commands and events they send and see.
 */
abstract class ModerationFixture {
  static final String PASSWORD = "correct-horse";
  static TestApp app;
  static ApiClient api;

  @BeforeAll
  static void start() {
    app = TestApp.start(Map.of(Setting.ADMINS, "marshal"));
    api = new ApiClient(app.httpPort());
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  /** A web user with an account, signed in on the bridge. */
  static BridgeClient web(String name) {
    return BridgeClient.signedIn(app.httpPort(), api.register(name, PASSWORD));
  }

  /** A telnet user logged in to a (new) account. */
  static TelnetClient telnetAccount(String name) {
    api.register(name, PASSWORD);
    TelnetClient client = app.connect();
    client.expect("Choose a nickname");
    client.send("/login " + name + " " + PASSWORD);
    client.expect("You joined #lobby");
    return client;
  }

  /** A channel the web user owns, open to guests. */
  static void ownChannel(BridgeClient owner, String channel) {
    assertFalse(owner.join(channel).containsKey("error"));
    assertEquals(channel, command(owner, "mode", channel, new JsonObject().put("registeredOnly", false)).getString("channel"));
  }

  static JsonObject command(BridgeClient client, String type, String channel, JsonObject args) {
    return client.command(new JsonObject().put("type", type).put("channel", channel).mergeIn(args));
  }

  static JsonObject on(BridgeClient client, String channel, String type) {
    return client.expectEvent("chat.channel." + channel, e -> type.equals(e.getString("type")), type + " in " + channel);
  }

  static java.nio.file.Path dataDir() {
    return app.config.path(Setting.DATA_DIR);
  }

  static String role(JsonArray members, String name) {
    return members.stream().map(m -> (JsonObject) m).filter(m -> name.equals(m.getString("name"))).findFirst()
        .orElseThrow().getString("role");
  }

  static String sessionOf(BridgeClient client) {
    return "chat.session." + client.session;
  }

  static long latestId(String token, String channel) {
    return api.get("/api/channels/" + channel + "/messages?limit=1", token).json().getJsonArray("messages").getJsonObject(0).getLong("id");
  }

  static void sleepPast(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
