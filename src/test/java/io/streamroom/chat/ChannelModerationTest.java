package io.streamroom.chat;

import io.streamroom.support.ApiClient;
import io.streamroom.support.BridgeClient;
import io.streamroom.support.TelnetClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What moderators do to a channel and its messages, across adapters: deleting messages, slow mode, clearing,
 * the topic, their larger allowance, and deleting the channel. Each test works in a channel of its own.
 */
class ChannelModerationTest extends ModerationFixture {
  @Test
  void authorsAndModeratorsDeleteMessagesEverywhereAndOthersCannot() {
    String authorToken = api.register("ada", PASSWORD);
    String otherToken = api.register("ole", PASSWORD);
    try (BridgeClient author = BridgeClient.signedIn(app.httpPort(), authorToken); TelnetClient watcher = app.user("wendy")) {
      ownChannel(author, "#notes");
      watcher.send("/join #notes");
      watcher.expect("You joined #notes");
      long first = author.say("#notes", "first thought").getLong("id");
      long second = author.say("#notes", "second thought").getLong("id");
      watcher.expect("ada: second thought");

      ApiClient.Response refused = api.delete("/api/channels/notes/messages/" + first, otherToken);
      assertEquals(403, refused.status());
      assertEquals("NOT_MODERATOR", refused.error());
      assertEquals(404, api.delete("/api/channels/notes/messages/999999", authorToken).status());
      assertEquals(400, api.delete("/api/channels/notes/messages/abc", authorToken).status());
      assertEquals(403, api.delete("/api/channels/notes/messages/" + first, api.visitor("peeker")).status());

      ApiClient.Response deleted = api.delete("/api/channels/notes/messages/" + first, authorToken);
      assertEquals(200, deleted.status(), deleted.body());
      assertEquals(first, on(author, "#notes", "delete").getLong("id"));
      watcher.expect("* Message " + first + " was deleted by ada");
      JsonArray history = api.get("/api/channels/notes/messages", otherToken).json().getJsonArray("messages");
      assertEquals(1, history.size());
      assertEquals(second, history.getJsonObject(0).getLong("id"));
      assertEquals(404, api.delete("/api/channels/notes/messages/" + first, authorToken).status(), "gone already");

      watcher.send("/history");
      watcher.expect(line -> line.contains(" id " + second + "] ada: second thought"), "history with ids");
      watcher.send("/delete " + second);
      watcher.expect("! Only its author, moderators of #notes, its owner or an admin can delete that message.");
      long own = author.say("#notes", "placeholder").getLong("id");
      watcher.send("mine to take back");
      watcher.expect("wendy: mine to take back");
      long mine = latestId(otherToken, "notes");
      watcher.send("/delete " + mine);
      watcher.expect("Deleted message " + mine + ".");
      assertTrue(mine > own);
    }
  }

  @Test
  void slowModeClearAndTopicAreForModeratorsAndReachEveryone() {
    String ownerToken = api.register("sol", PASSWORD);
    try (BridgeClient owner = BridgeClient.signedIn(app.httpPort(), ownerToken); TelnetClient guest = app.user("sid")) {
      ownChannel(owner, "#slowpoke");
      guest.send("/join #slowpoke");
      guest.expect("You joined #slowpoke");
      guest.send("/slow 60");
      guest.expect("! Only moderators of #slowpoke, its owner or an admin can do that.");
      guest.send("/slow fast");
      guest.expect("! Usage: /slow <seconds>|off");
      assertEquals(60, command(owner, "slow", "#slowpoke", new JsonObject().put("seconds", 60)).getInteger("seconds"));
      guest.expect("* Slow mode in #slowpoke: one message per 60 s (set by sol)");
      guest.send("one");
      guest.expect("sid: one");
      guest.send("two");
      guest.expect(line -> line.startsWith("! Slow mode in #slowpoke: one message per 60 s. Wait "), "slow mode");
      assertFalse(owner.say("#slowpoke", "owners are exempt").containsKey("error"));
      assertFalse(owner.say("#slowpoke", "twice").containsKey("error"));
      command(owner, "slow", "#slowpoke", new JsonObject().put("seconds", 0));
      guest.expect("* Slow mode in #slowpoke is off (set by sol)");
      guest.send("two");
      guest.expect("sid: two");

      command(owner, "topic", "#slowpoke", new JsonObject().put("topic", "take it easy"));
      guest.expect("* sol set the topic of #slowpoke: take it easy");
      assertTrue(api.get("/api/channels", ownerToken).array().stream().map(c -> (JsonObject) c)
          .anyMatch(c -> "#slowpoke".equals(c.getString("name")) && "take it easy".equals(c.getString("topic"))));

      guest.send("/clear");
      guest.expect("! Only moderators of #slowpoke, its owner or an admin can do that.");
      command(owner, "clear", "#slowpoke", new JsonObject());
      guest.expect("* The chat in #slowpoke was cleared by sol");
      assertEquals(0, api.get("/api/channels/slowpoke/messages", ownerToken).json().getJsonArray("messages").size());
      guest.send("after the clear");
      guest.expect("sid: after the clear");
      JsonArray history = api.get("/api/channels/slowpoke/messages", ownerToken).json().getJsonArray("messages");
      assertEquals(1, history.size());
      assertEquals("after the clear", history.getJsonObject(0).getString("text"));
    }
  }

  @Test
  void moderatorsMaySendFiveTimesAsMuchInTheirChannel() {
    try (BridgeClient owner = web("ruth"); BridgeClient user = web("ursula")) {
      ownChannel(owner, "#rapid");
      user.join("#rapid");
      for (int i = 0; i < 40; i++) {
        JsonObject reply = owner.say("#rapid", "owner line " + i);
        assertFalse(reply.containsKey("error"), "line " + i + ": " + reply);
      }
      int sent = 0;
      JsonObject reply;
      while (!(reply = user.say("#rapid", "user line " + sent)).containsKey("error")) sent++;
      assertEquals("RATE_LIMITED", reply.getString("error"));
      assertEquals(20, sent);
    }
  }

  @Test
  void ownerDeletesAChannelAndItsMembersGoBackToTheLobby() {
    String ownerToken = api.register("dora", PASSWORD);
    try (BridgeClient owner = BridgeClient.signedIn(app.httpPort(), ownerToken); TelnetClient guest = app.user("dan")) {
      ownChannel(owner, "#doomed");
      owner.say("#doomed", "last words");
      guest.send("/join #doomed");
      guest.expect("You joined #doomed");
      guest.send("/deletechannel #doomed");
      guest.expect("! Only the channel's owner or an admin can do that.");
      guest.send("/deletechannel #lobby");
      guest.expect("! Only the channel's owner or an admin can do that.");

      ApiClient.Response deleted = api.delete("/api/channels/doomed", ownerToken);
      assertEquals(200, deleted.status(), deleted.body());
      guest.expect("* #doomed was deleted by dora");
      guest.expect("You joined #lobby");
      assertTrue(api.get("/api/channels", ownerToken).array().stream().noneMatch(c -> "#doomed".equals(((JsonObject) c).getString("name"))));
      assertEquals(404, api.get("/api/channels/doomed/messages", ownerToken).status());

      guest.send("/join #doomed"); // the name is free: a new channel, without the old one's history
      guest.expect("You joined #doomed");
      guest.expectNo("last words", java.time.Duration.ofMillis(300));
    }
  }
}
