package io.streamroom.chat;

import io.streamroom.connlog.LogFiles;
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
 * Timeouts and bans across adapters: web owners and moderators act on telnet users and the reverse, with the
 * refusals each protocol shows. Each test works in a channel of its own.
 */
class ModerationTest extends ModerationFixture {
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
}
