package io.streamroom.web;

import io.streamroom.config.Setting;
import io.streamroom.support.ApiClient;
import io.streamroom.support.BridgeClient;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SockJS event-bus bridge with a real WebSocket client, next to real telnet users. */
class BridgeTest {
  private static TestApp app;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    app = TestApp.start(Map.of(Setting.ADMINS, "sheriff,deputy"));
    api = new ApiClient(app.httpPort());
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static boolean isMessage(JsonObject event, String text) {
    return "message".equals(event.getString("type")) && text.equals(event.getString("text"));
  }

  @Test
  void socketsWithoutAValidTokenAreClosed() {
    try (BridgeClient none = BridgeClient.connect(app.httpPort(), null);
         BridgeClient forged = BridgeClient.connect(app.httpPort(), "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad")) {
      assertEquals(4401, none.awaitClosed());
      assertEquals(4401, forged.awaitClosed());
    }
  }

  @Test
  void oneUserMayHoldOnlySoManyBridgeSocketsAndAClosedOneFreesItsPlace() {
    String token = api.register("manytabs", "manytabs-pass");
    java.util.List<BridgeClient> tabs = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < SocketsPerUser.MAX; i++) tabs.add(BridgeClient.signedIn(app.httpPort(), token));
      try (BridgeClient oneTooMany = BridgeClient.connect(app.httpPort(), token)) {
        assertEquals(SocketsPerUser.CLOSE_TOO_MANY, oneTooMany.awaitClosed());
      }
      try (BridgeClient someoneElse = BridgeClient.signedIn(app.httpPort(), api.register("onetab", "onetab-pass"))) {
        assertTrue(someoneElse.join("#lobby").containsKey("history"), "other users are not affected");
      }
      tabs.remove(0).close();
      long deadline = System.currentTimeMillis() + 5000;
      BridgeClient again = null;
      while (again == null) { // the closed tab's place is freed as soon as the server sees the close
        BridgeClient attempt = BridgeClient.connect(app.httpPort(), token);
        JsonObject reply = attempt.tryCommand(new JsonObject().put("type", "hello"));
        if (reply != null) {
          again = attempt;
        } else {
          attempt.close();
          assertTrue(System.currentTimeMillis() < deadline, "the closed socket's place was not freed");
        }
      }
      tabs.add(again);
      assertTrue(again.join("#lobby").containsKey("history"));
    } finally {
      tabs.forEach(BridgeClient::close);
    }
  }

  @Test
  void browserAndTelnetUsersTalkLiveBothWays() {
    String token = api.register("webwalt", "webwalt-pass");
    try (TelnetClient telnet = app.user("termtina"); BridgeClient web = BridgeClient.signedIn(app.httpPort(), token)) {
      JsonObject joined = web.join("#lobby");
      assertTrue(joined.getJsonArray("members").contains("termtina"), joined.encode());
      telnet.expect("* webwalt joined #lobby");

      telnet.send("hello browser");
      web.expectEvent("chat.channel.#lobby", e -> isMessage(e, "hello browser") && "termtina".equals(e.getString("from")),
          "telnet message");
      assertTrue(web.say("#lobby", "hello terminal").containsKey("id"));
      telnet.expect("webwalt: hello terminal");

      telnet.send("/msg webwalt just us");
      JsonObject dm = web.expectEvent("chat.session." + web.session, e -> "private".equals(e.getString("type")), "private");
      assertEquals("termtina", dm.getString("from"));
      assertEquals("just us", dm.getString("text"));
    }
  }

  @Test
  void identityComesFromTheTokenNotFromTheFrame() {
    String token = api.register("honest", "honest-pass");
    try (TelnetClient telnet = app.user("witness");
         BridgeClient victim = BridgeClient.signedIn(app.httpPort(), api.register("victim", "victim-pass"));
         BridgeClient web = BridgeClient.signedIn(app.httpPort(), token)) {
      web.join("#lobby");
      JsonObject reply = web.command(new JsonObject().put("type", "say").put("channel", "#lobby")
              .put("text", "trust me").put("from", "victim").put("name", "victim"),
          new JsonObject().put("session", victim.session));
      assertTrue(reply.containsKey("id"), reply.encode());
      assertEquals("honest: trust me", telnet.expect("trust me"));
    }
  }

  @Test
  void clientsCannotListenWhereTheyMayNotOrSendAdapterCommands() {
    try (BridgeClient other = BridgeClient.signedIn(app.httpPort(), api.register("other", "other-pass"));
         BridgeClient web = BridgeClient.signedIn(app.httpPort(), api.register("nosy", "nosy-pass"))) {
      assertFalse(web.register("chat.channel.#secret-plans"), "a channel it has not joined");
      assertFalse(web.register("chat.session." + other.session), "another user's private events");
      assertFalse(web.register("chat.commands"), "the command address");

      web.sendFrame(new JsonObject().put("type", "send").put("address", "chat.commands")
          .put("body", new JsonObject().put("type", "createaccount").put("name", "sneaky").put("password", "12345678")));
      assertEquals("rejected", web.expect(f -> "err".equals(f.getString("type")), "refusal").getString("body"));
      web.sendFrame(new JsonObject().put("type", "publish").put("address", "chat.channel.#lobby")
          .put("body", new JsonObject().put("type", "message").put("from", "admin").put("text", "fake")));
      web.expect(f -> "err".equals(f.getString("type")), "refusal of publish");
      assertEquals("UNKNOWN_COMMAND", web.command(new JsonObject().put("type", "dance")).getString("error"));
      assertEquals("BAD_CHANNEL", web.command(new JsonObject().put("type", "say")).getString("error"));
      // still usable afterwards
      assertTrue(web.join("#lobby").containsKey("history"));
    }
  }

  @Test
  void afterLeavingAChannelItsEventsStopEvenIfThePageStillListens() {
    try (TelnetClient telnet = app.user("stayer2");
         BridgeClient web = BridgeClient.signedIn(app.httpPort(), api.register("leaver", "leaver-pass"))) {
      telnet.send("/join #temporary");
      telnet.expect("You joined #temporary");
      web.join("#temporary");
      telnet.send("while you are here");
      web.expectEvent("chat.channel.#temporary", e -> isMessage(e, "while you are here"), "message");
      assertTrue(web.command(new JsonObject().put("type", "part").put("channel", "#temporary")).containsKey("channel"));
      telnet.expect("* leaver left #temporary");
      telnet.send("after you left");
      telnet.expect("stayer2: after you left");
      web.expectNone(f -> f.encode().contains("after you left"), Duration.ofMillis(500));
    }
  }

  @Test
  void visitorsReadButCannotSendOrCreateChannels() {
    try (TelnetClient telnet = app.user("talker2");
         BridgeClient visitor = BridgeClient.signedIn(app.httpPort(), api.visitor("peeker"))) {
      visitor.join("#lobby");
      JsonObject refused = visitor.say("#lobby", "can I talk?");
      assertEquals("READ_ONLY", refused.getString("error"));
      assertTrue(refused.getString("message").contains("Visitors"), refused.encode());
      assertEquals("READ_ONLY", visitor.command(new JsonObject().put("type", "private").put("to", "talker2")
          .put("text", "psst")).getString("error"));
      assertEquals("READ_ONLY", visitor.command(new JsonObject().put("type", "join").put("channel", "#peekers-own"))
          .getString("error"));
      telnet.expectNo("can I talk?", Duration.ofMillis(200));
      telnet.send("visible to visitors");
      visitor.expectEvent("chat.channel.#lobby", e -> isMessage(e, "visible to visitors"), "message");
    }
  }

  @Test
  void registeredOnlyChannelsRefuseGuestsUntilTheOwnerOpensThem() {
    String ownerToken = api.register("chanowner", "chanowner-pass");
    assertEquals(201, api.post("/api/channels", new JsonObject().put("name", "members"), ownerToken).status());
    try (TelnetClient guest = app.user("guesty"); BridgeClient owner = BridgeClient.signedIn(app.httpPort(), ownerToken)) {
      owner.join("#members");
      guest.send("/join #members");
      guest.expect("You joined #members");
      guest.send("may I?");
      guest.expect("! #members is for registered users: /register to talk here.");
      assertTrue(owner.say("#members", "members only").containsKey("id"));
      guest.expect("chanowner: members only");

      guest.send("/mode open");
      guest.expect("! Only the channel's owner or an admin can do that.");
      JsonObject opened = owner.command(new JsonObject().put("type", "mode").put("channel", "#members").put("registeredOnly", false));
      assertEquals(false, opened.getBoolean("registeredOnly"));
      guest.expect("* chanowner changed #members: open to guests");
      guest.send("now I may");
      owner.expectEvent("chat.channel.#members", e -> isMessage(e, "now I may"), "guest message");
    }
  }

  @Test
  void statusChangesReachBothKindsOfClientAndInvisibleUsersLookOffline() {
    try (TelnetClient telnet = app.user("statusterm");
         BridgeClient web = BridgeClient.signedIn(app.httpPort(), api.register("statusweb", "statusweb-pass"))) {
      web.join("#lobby");
      assertEquals("away", web.command(new JsonObject().put("type", "status").put("status", "away")).getString("status"));
      telnet.expect("* statusweb is now away");
      telnet.send("/status invisible");
      telnet.expect("* Your status is invisible.");
      web.expectEvent("chat.channel.#lobby", e -> "status".equals(e.getString("type"))
          && "statusterm".equals(e.getString("user")) && "offline".equals(e.getString("status")), "status event");
      String users = web.command(new JsonObject().put("type", "users")).encode();
      assertFalse(users.contains("statusterm"), users);
      assertTrue(users.contains("\"statusweb\""), users);
      telnet.send("/listusers");
      assertTrue(telnet.expect("* Online").contains("statusterm (invisible)"), "users see themselves");
      telnet.send("still talking while invisible");
      web.expectEvent("chat.channel.#lobby", e -> isMessage(e, "still talking while invisible"), "message");
      assertEquals("BAD_REQUEST", web.command(new JsonObject().put("type", "status").put("status", "asleep")).getString("error"));
    }
  }

  @Test
  void aKickedSocketIsClosedEvenIfItNeverListenedForIt() {
    try (TelnetClient sheriff = app.user("deputy");
         BridgeClient quiet = BridgeClient.connect(app.httpPort(), api.register("quietone", "quietone-pass"))) {
      quiet.command(new JsonObject().put("type", "hello"));
      sheriff.send("/register deputy-pass");
      sheriff.expect("is now your account");
      sheriff.send("/kick quietone enough");
      sheriff.expect("* Kicked quietone.");
      quiet.awaitClosed();
    }
  }

  @Test
  void kickReachesAWebUserAndClosesTheSocket() {
    try (TelnetClient sheriff = app.user("sheriff");
         BridgeClient outlaw = BridgeClient.signedIn(app.httpPort(), api.register("outlaw", "outlaw-pass"))) {
      sheriff.send("/register sheriff-pass");
      sheriff.expect("is now your account");
      outlaw.join("#lobby");
      sheriff.send("/kick outlaw off you go");
      sheriff.expectAll("* Kicked outlaw.", "* outlaw was kicked from #lobby by sheriff: off you go");
      JsonObject kicked = outlaw.expectEvent("chat.session." + outlaw.session, e -> "kicked".equals(e.getString("type")), "kicked");
      assertEquals("off you go", kicked.getString("reason"));
      outlaw.awaitClosed();
    }
  }
}
