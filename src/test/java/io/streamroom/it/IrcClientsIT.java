package io.streamroom.it;

import io.streamroom.config.Setting;
import io.streamroom.support.ApiClient;
import io.streamroom.support.BridgeClient;
import io.streamroom.support.Irssi;
import io.streamroom.support.Programs;
import io.streamroom.support.RealIrcClient;
import io.streamroom.support.RealIrcClient.Login;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import io.streamroom.support.Weechat;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real IRC clients on the chat port (issue 13): Debian's irssi, logged in to its account with SASL PLAIN,
 * and weechat-headless as a guest, in two channels with a telnet admin and a web user. The port tells IRC
 * from telnet by the first line. The same drivers pass the same steps against ngIRCd
 * (IrcClientsAgainstNgircdIT), so a failure here is the server's. Assertions are on what the clients show
 * in their logs: irssi writes {@code <@nick> text}, weechat {@code nick<TAB>text}.
 */
class IrcClientsIT {
  private static final String ADMIN = "boss";
  private static final String PASSWORD_SUFFIX = "-password";
  private static final String[] CHANNELS = {"#alpha", "#beta"};

  private static TestApp app;
  private static TelnetClient telnet;
  private static String webToken;
  private static Irssi irssi;
  private static Weechat weechat;

  @BeforeAll
  static void everyoneJoinsTwoChannels() {
    Programs.require(Irssi.PROGRAMS);
    Programs.require(Weechat.PROGRAMS);
    app = TestApp.start(Map.of(Setting.ADMINS, ADMIN));
    ApiClient api = new ApiClient(app.httpPort());
    api.register(ADMIN, ADMIN + PASSWORD_SUFFIX);
    api.register("irssiuser", "irssiuser" + PASSWORD_SUFFIX);

    // The web user creates both channels (owning them) and opens them to guests such as weechat's user.
    webToken = api.register("webwen", "webwen" + PASSWORD_SUFFIX);
    try (BridgeClient web = BridgeClient.signedIn(app.httpPort(), webToken)) {
      for (String channel : CHANNELS) {
        assertEquals(201, api.post("/api/channels", new JsonObject().put("name", channel.substring(1)), webToken).status());
        web.join(channel);
        JsonObject opened = web.command(new JsonObject().put("type", "mode").put("channel", channel).put("registeredOnly", false));
        assertEquals(false, opened.getBoolean("registeredOnly"), opened.encode());
      }
    }

    telnet = app.connect();
    telnet.expect("Choose a nickname");
    telnet.send("/login " + ADMIN + " " + ADMIN + PASSWORD_SUFFIX);
    telnet.expect("You joined #lobby");
    telnet.send("/join #alpha");
    telnet.expect("You joined #alpha");

    irssi = Irssi.start(Login.of("127.0.0.1", app.tcpPort(), "irssiuser").sasl("irssiuser", "irssiuser" + PASSWORD_SUFFIX));
    weechat = Weechat.start(Login.of("127.0.0.1", app.tcpPort(), "weeuser"));
    irssi.connect();
    weechat.connect();
    for (String channel : CHANNELS) {
      irssi.join(channel);
      irssi.awaitLineIn(channel, "irssiuser .* has joined " + channel);
      weechat.join(channel);
      weechat.awaitLineIn(channel, "weeuser .* has joined " + channel);
      irssi.awaitLineIn(channel, "weeuser .* has joined " + channel);
    }
    telnet.expectAll("* irssiuser joined #alpha", "* weeuser joined #alpha");
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable closeable : new AutoCloseable[] {weechat, irssi, telnet}) {
      try {
        if (closeable != null) closeable.close();
      } catch (Exception e) {
        // the rest still stop, and the app with them
      }
    }
    if (app != null) app.close();
  }

  @Test
  void irssiLogsInWithSaslAndBothClientsLearnTheServersRules() {
    irssi.awaitLine("SASL authentication succeeded");
    // RPL_ISUPPORT (005), which both clients print: channels start with #, prefixes for owner and
    // moderators, and our name rules (README): nicknames up to 20 characters, channels # and up to 32 more.
    for (RealIrcClient client : new RealIrcClient[] {irssi, weechat}) {
      client.awaitLine("CHANTYPES=#\\s");
      client.awaitLine("PREFIX=\\(\\w+\\)\\S+");
      client.awaitLine("NICKLEN=20\\s");
      client.awaitLine("CHANNELLEN=33\\s");
    }
  }

  @Test
  void telnetAndIrcUsersTalkInTheChannelTheyShare() {
    telnet.send("hello irc from telnet");
    irssi.awaitLineIn("#alpha", "<.boss> hello irc from telnet");
    weechat.awaitLineIn("#alpha", "boss\thello irc from telnet");

    irssi.say("#alpha", "hello telnet from irssi");
    weechat.say("#alpha", "hello telnet from weechat");
    telnet.expectAll("irssiuser: hello telnet from irssi", "weeuser: hello telnet from weechat");
    weechat.awaitLineIn("#alpha", "irssiuser\thello telnet from irssi");
    irssi.awaitLineIn("#alpha", "<.weeuser> hello telnet from weechat");
  }

  /**
   * The web user's page, open for one test: the bridge closes a socket that has not pinged for 15 s, as a
   * closed page's, and BridgeClient does not ping.
   */
  private static BridgeClient webUser() {
    BridgeClient web = BridgeClient.signedIn(app.httpPort(), webToken);
    for (String channel : CHANNELS) web.join(channel);
    return web;
  }

  @Test
  void webAndIrcUsersTalkInTheSecondChannel() {
    try (BridgeClient web = webUser()) {
      assertTrue(web.say("#beta", "hello irc from the web").containsKey("id"));
      irssi.awaitLineIn("#beta", "<.webwen> hello irc from the web");
      weechat.awaitLineIn("#beta", "webwen\thello irc from the web");

      weechat.say("#beta", "hello web from weechat");
      web.expectEvent("chat.channel.#beta", e -> isMessage(e, "weeuser", "hello web from weechat"), "weechat's message");
      irssi.awaitLineIn("#beta", "<.weeuser> hello web from weechat");
    }
  }

  @Test
  void privateMessagesCrossBetweenTelnetWebAndIrc() {
    telnet.send("/msg irssiuser psst from telnet");
    irssi.awaitLineIn(ADMIN, "<boss> psst from telnet");
    weechat.say(ADMIN, "psst from weechat");
    telnet.expect("[private] weeuser: psst from weechat");

    try (BridgeClient web = webUser()) {
      JsonObject sent = web.command(new JsonObject().put("type", "private").put("to", "irssiuser").put("text", "psst from the web"));
      assertFalse(sent.containsKey("error"), sent.encode());
      irssi.awaitLineIn("webwen", "<webwen> psst from the web");
      irssi.say("webwen", "psst from irssi");
      JsonObject dm = web.expectEvent("chat.session." + web.session, e -> "private".equals(e.getString("type"))
          && "psst from irssi".equals(e.getString("text")), "irssi's private message");
      assertEquals("irssiuser", dm.getString("from"));
    }
  }

  @Test
  void anAdminsKickFromTelnetReachesTheKickedClientAndTheChannelAsKick() {
    try (Weechat kicked = Weechat.start(Login.of("127.0.0.1", app.tcpPort(), "kickme"))) {
      kicked.connect();
      kicked.join("#alpha");
      kicked.awaitLineIn("#alpha", "kickme .* has joined #alpha");
      telnet.expect("* kickme joined #alpha");

      telnet.send("/kick kickme too loud");
      telnet.expect("* Kicked kickme.");
      kicked.awaitLineIn("#alpha", "boss has kicked kickme \\(too loud\\)");
      irssi.awaitLineIn("#alpha", "kickme was kicked from #alpha by boss \\[too loud\\]");
      weechat.awaitLineIn("#alpha", "boss has kicked kickme \\(too loud\\)");
    }
  }

  @Test
  void anOperatorsKickTakesAWeechatUserOutOfTheChannelOnly() {
    try (Weechat kicked = Weechat.start(Login.of("127.0.0.1", app.tcpPort(), "kickedout"))) {
      irssi.join("#gamma"); // unowned and empty: irssi's user operates it
      irssi.awaitLineIn("#gamma", "irssiuser .* has joined #gamma");
      kicked.connect();
      kicked.join("#gamma");
      kicked.awaitLineIn("#gamma", "kickedout .* has joined #gamma");
      irssi.awaitLineIn("#gamma", "kickedout .* has joined #gamma");

      irssi.command("/kick #gamma kickedout too loud");
      kicked.awaitLineIn("#gamma", "irssiuser has kicked kickedout \\(too loud\\)");
      irssi.awaitLineIn("#gamma", "kickedout was kicked from #gamma by irssiuser \\[too loud\\]");
      kicked.join("#gamma"); // still connected: back in
      irssi.awaitLineIn("#gamma", "kickedout .* has joined #gamma");
    }
  }

  private static boolean isMessage(JsonObject event, String from, String text) {
    return "message".equals(event.getString("type")) && from.equals(event.getString("from")) && text.equals(event.getString("text"));
  }
}
