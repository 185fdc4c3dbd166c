package io.streamroom.irc;

import io.streamroom.support.ApiClient;
import io.streamroom.support.BridgeClient;
import io.streamroom.support.IrcClient;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** IRC users with telnet and web users: channel messages and private messages both ways. */
class IrcAcrossAdaptersTest {
  private static TestApp app;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    app = TestApp.start(); // IRC on the chat port only
    api = new ApiClient(app.httpPort());
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void privateMessagesCrossBetweenTelnetAndIrc() {
    try (TelnetClient telnet = app.user("xtel"); IrcClient irc = IrcClient.registered(app.tcpPort(), "xirc")) {
      telnet.send("/msg xirc psst from telnet");
      irc.expect("^:xtel!xtel@streamroom PRIVMSG xirc :psst from telnet$");
      irc.send("PRIVMSG xtel :psst from irc");
      telnet.expect("[private] xirc: psst from irc");
    }
  }

  @Test
  void webUsersAndIrcUsersTalkInChannelsAndPrivately() {
    String token = api.register("xweb", "password1");
    try (BridgeClient web = BridgeClient.signedIn(app.httpPort(), token);
         IrcClient irc = IrcClient.registeredWithCaps(app.tcpPort(), "xirc2", "echo-message")) {
      irc.join("#xroom");
      web.join("#xroom");
      irc.expect("^:xweb!xweb@streamroom JOIN #xroom$");
      web.say("#xroom", "hello from the web");
      irc.expect("^:xweb!xweb@streamroom PRIVMSG #xroom :hello from the web$");
      irc.send("PRIVMSG #xroom :hello from irc");
      irc.expect("^:xirc2!xirc2@streamroom PRIVMSG #xroom :hello from irc$"); // echo-message
      JsonObject said = web.expectEvent("chat.channel.#xroom", e -> "message".equals(e.getString("type"))
          && "xirc2".equals(e.getString("from")), "irc's message");
      assertEquals("hello from irc", said.getString("text"));
      irc.send("PRIVMSG xweb :just you");
      irc.expect("^:xirc2!xirc2@streamroom PRIVMSG xweb :just you$"); // echo-message of a private message
      JsonObject dm = web.expectEvent("chat.session." + web.session, e -> "private".equals(e.getString("type")), "private");
      assertEquals("just you", dm.getString("text"));
      web.command(new JsonObject().put("type", "private").put("to", "xirc2").put("text", "back to you"));
      irc.expect("^:xweb!xweb@streamroom PRIVMSG xirc2 :back to you$");
    }
  }

  @Test
  void ctcpActionIsSaidAndOtherCtcpIsNotRelayed() {
    try (TelnetClient telnet = app.user("xact"); IrcClient irc = IrcClient.registered(app.tcpPort(), "xirc3")) {
      irc.join("#lobby");
      irc.send("PRIVMSG #lobby :\u0001VERSION\u0001");
      irc.send("PRIVMSG #lobby :\u0001ACTION waves\u0001");
      telnet.expect("xirc3: * waves");
      assertEquals(0, telnet.transcript().stream().filter(l -> l.contains("VERSION")).count());
    }
  }
}
