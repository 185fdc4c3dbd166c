package io.streamroom.chat;

import io.streamroom.config.Setting;
import io.streamroom.connlog.LogFiles;
import io.streamroom.support.ApiClient;
import io.streamroom.support.BridgeClient;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Moderation across adapters: web owners and moderators act on telnet users and the reverse, with the
 * refusals each protocol shows. Each test works in a channel of its own.
 */
class ModerationTest {
  private static final String PASSWORD = "correct-horse";
  private static TestApp app;
  private static ApiClient api;

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
  private static BridgeClient web(String name) {
    return BridgeClient.signedIn(app.httpPort(), api.register(name, PASSWORD));
  }

  /** A telnet user logged in to a (new) account. */
  private static TelnetClient telnetAccount(String name) {
    api.register(name, PASSWORD);
    TelnetClient client = app.connect();
    client.expect("Choose a nickname");
    client.send("/login " + name + " " + PASSWORD);
    client.expect("You joined #lobby");
    return client;
  }

  /** A channel the web user owns, open to guests. */
  private static void ownChannel(BridgeClient owner, String channel) {
    assertFalse(owner.join(channel).containsKey("error"));
    assertEquals(channel, command(owner, "mode", channel, new JsonObject().put("registeredOnly", false)).getString("channel"));
  }

  private static JsonObject command(BridgeClient client, String type, String channel, JsonObject args) {
    return client.command(new JsonObject().put("type", type).put("channel", channel).mergeIn(args));
  }

  private static JsonObject on(BridgeClient client, String channel, String type) {
    return client.expectEvent("chat.channel." + channel, e -> type.equals(e.getString("type")), type + " in " + channel);
  }

  @Test
  void telnetModeratorTimesOutAWebUserWhoIsToldForHowLong() {
    try (BridgeClient owner = web("olive"); BridgeClient viewer = web("victor"); TelnetClient mod = telnetAccount("mona")) {
      ownChannel(owner, "#stage");
      mod.send("/join #stage");
      mod.expect("You joined #stage");
      viewer.join("#stage");
      mod.send("/timeout victor 30 too loud");
      mod.expect("! Only moderators of #stage, its owner or an admin can do that.");

      JsonObject appointed = command(owner, "mod", "#stage", new JsonObject().put("name", "mona"));
      assertEquals("mona", appointed.getString("name"));
      mod.expect("* mona is now a moderator of #stage (by olive)");
      JsonArray members = command(viewer, "who", "#stage", new JsonObject()).getJsonArray("members");
      assertEquals("owner", role(members, "olive"));
      assertEquals("moderator", role(members, "mona"));
      assertEquals("user", role(members, "victor"));

      mod.send("/timeout victor 30 too loud");
      mod.expect("victor cannot talk in #stage for 30 s.");
      JsonObject timeout = on(viewer, "#stage", "timeout");
      assertEquals(30, timeout.getInteger("seconds"));
      assertEquals("too loud", timeout.getString("reason"));
      JsonObject refused = viewer.say("#stage", "but why");
      assertEquals("TIMED_OUT", refused.getString("error"));
      assertTrue(refused.getLong("retryAfter") > 25 && refused.getLong("retryAfter") <= 30, refused.encode());
      assertTrue(refused.getString("message").contains("too loud"), refused.encode());
      viewer.join("#lobby");
      assertFalse(viewer.say("#lobby", "elsewhere I may").containsKey("error"), "a timeout holds in one channel");

      mod.send("/timeout olive");
      mod.expect("! olive moderates #stage at your rank or above.");
      mod.send("/untimeout victor");
      mod.expect("victor may talk in #stage again.");
      assertFalse(viewer.say("#stage", "thank you").containsKey("error"));
      mod.expect("victor: thank you");
    }
  }

  @Test
  void webOwnerTimesOutATelnetGuestWhoCannotSendUntilItEnds() {
    try (BridgeClient owner = web("otto"); TelnetClient guest = app.user("gus")) {
      ownChannel(owner, "#garden");
      guest.send("/join #garden");
      guest.expect("You joined #garden");
      JsonObject reply = command(owner, "timeout", "#garden", new JsonObject().put("name", "gus").put("seconds", 2));
      assertEquals(2, reply.getInteger("seconds"));
      guest.expect("* gus was timed out in #garden for 2 s by otto");
      LogFiles.awaitRecord(dataDir(), r -> r.contains("] TIMEOUT | Source: ") && r.endsWith("| Details: otto timed out gus in #garden for 2 s"),
          "the timeout in the connection log");
      guest.send("let me talk");
      guest.expect(line -> line.startsWith("! You are timed out in #garden for ") && line.endsWith(" s more."), "timed out");
      guest.send("/timeout otto");
      guest.expect("! Only moderators of #garden, its owner or an admin can do that.");
      try (TelnetClient sameAddress = app.user("gus2")) { // a new nickname from the guest's address
        sameAddress.send("/join #garden");
        sameAddress.expect("You joined #garden");
        sameAddress.send("it is me again");
        sameAddress.expect(line -> line.startsWith("! You are timed out in #garden for "), "timed out by address");
      }
      assertEquals("BAD_REQUEST", command(owner, "timeout", "#garden", new JsonObject().put("name", "gus").put("seconds", 0))
          .getString("error"));
      assertEquals("NO_SUCH_USER", command(owner, "timeout", "#garden", new JsonObject().put("name", "nobody")).getString("error"));

      sleepPast(2_100); // the timeout ends by itself
      guest.send("free again");
      guest.expect("gus: free again");
    }
  }

  @Test
  void bannedUsersCannotJoinOrReadAndGuestsAreBannedByAddressToo() {
    String ownerToken = api.register("bea", PASSWORD);
    String readerToken = api.register("rudy", PASSWORD);
    try (BridgeClient owner = BridgeClient.signedIn(app.httpPort(), ownerToken);
         BridgeClient reader = BridgeClient.signedIn(app.httpPort(), readerToken);
         TelnetClient guest = TelnetClient.connectFrom("127.0.0.2", app.tcpPort());
         TelnetClient bystander = TelnetClient.connectFrom("127.0.0.3", app.tcpPort())) {
      ownChannel(owner, "#court");
      guest.expect("Choose a nickname");
      guest.send("troll");
      guest.expect("You joined #lobby");
      guest.send("/join #court");
      guest.expect("You joined #court");
      reader.join("#court");

      command(owner, "ban", "#court", new JsonObject().put("name", "troll").put("reason", "spam"));
      guest.expect("You were banned from #court by bea: spam");
      LogFiles.awaitRecord(dataDir(), r -> r.contains("] BAN | Source: ")
          && r.endsWith("| Details: bea banned troll from #court (and 127.0.0.2): spam"), "the ban in the connection log");
      guest.expect("You joined #lobby");
      guest.send("/join #court");
      guest.expect("! You are banned from #court: spam");
      guest.send("/quit");
      guest.expectClosed();
      try (TelnetClient again = TelnetClient.connectFrom("127.0.0.2", app.tcpPort())) {
        again.expect("Choose a nickname");
        again.send("newface");
        again.expect("You joined #lobby");
        again.send("/join #court");
        again.expect("! You are banned from #court: spam"); // same address, new nickname
      }
      bystander.expect("Choose a nickname");
      bystander.send("bystander");
      bystander.send("/join #court");
      bystander.expect("You joined #court");

      command(owner, "ban", "#court", new JsonObject().put("name", "rudy"));
      assertEquals("#court", reader.expectEvent(sessionOf(reader), e -> "banned".equals(e.getString("type")), "banned").getString("channel"));
      assertEquals("BANNED", reader.command(new JsonObject().put("type", "join").put("channel", "#court")).getString("error"));
      ApiClient.Response history = api.get("/api/channels/court/messages", readerToken);
      assertEquals(403, history.status());
      assertEquals("BANNED", history.error());

      assertEquals("rudy", command(owner, "unban", "#court", new JsonObject().put("name", "rudy")).getString("name"));
      assertFalse(reader.command(new JsonObject().put("type", "join").put("channel", "#court")).containsKey("error"));
      assertEquals(200, api.get("/api/channels/court/messages", readerToken).status());
      assertEquals("BAD_REQUEST", command(owner, "unban", "#court", new JsonObject().put("name", "rudy")).getString("error"));
    }
  }

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

  @Test
  void adminsBanUsersFromTheWholeServer() {
    String markToken = api.register("mallory", PASSWORD);
    try (TelnetClient marshal = telnetAccount("marshal"); BridgeClient mallory = BridgeClient.signedIn(app.httpPort(), markToken)) {
      marshal.send("/serverban marshal");
      marshal.expect("! You cannot ban yourself.");
      marshal.send("/serverban mallory phishing");
      marshal.expect("mallory is banned from the server.");
      assertTrue(mallory.expectEvent(sessionOf(mallory), e -> "kicked".equals(e.getString("type")), "kicked")
          .getString("reason").startsWith("Banned from the server: phishing"));
      mallory.awaitClosed();
      ApiClient.Response login = api.post("/api/login", new JsonObject().put("username", "mallory").put("password", PASSWORD), null);
      assertEquals(403, login.status());
      assertEquals("BANNED", login.error());
      try (BridgeClient again = BridgeClient.connect(app.httpPort(), markToken)) {
        assertEquals(4403, again.awaitClosed(), "a token from before the ban opens no session");
      }
      try (TelnetClient guest = app.user("guestmod")) {
        guest.send("/serverban mallory");
        guest.expect("! Only admins can do that.");
      }
      marshal.send("/serverunban mallory");
      marshal.expect("mallory is no longer banned from the server.");
      assertEquals(200, api.post("/api/login", new JsonObject().put("username", "mallory").put("password", PASSWORD), null).status());
    }
  }

  private static java.nio.file.Path dataDir() {
    return app.config.path(Setting.DATA_DIR);
  }

  private static String role(JsonArray members, String name) {
    return members.stream().map(m -> (JsonObject) m).filter(m -> name.equals(m.getString("name"))).findFirst()
        .orElseThrow().getString("role");
  }

  private static String sessionOf(BridgeClient client) {
    return "chat.session." + client.session;
  }

  private static long latestId(String token, String channel) {
    return api.get("/api/channels/" + channel + "/messages?limit=1", token).json().getJsonArray("messages").getJsonObject(0).getLong("id");
  }

  private static void sleepPast(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
