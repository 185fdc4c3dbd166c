package io.streamroom.irc;

import io.streamroom.config.Setting;
import io.streamroom.support.IrcClient;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Registration on the chat port and the IRC port: CAP, NICK/USER, the welcome, nickname errors, PING. */
class IrcRegistrationTest {
  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start(Map.of(Setting.IRC_PORT, String.valueOf(TestApp.freePort())));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void ircClientOnTheChatPortIsWelcomedWithTheRealLimits() {
    try (IrcClient irc = IrcClient.connect(app.tcpPort())) {
      irc.send("NICK reg1").send("USER reg1 0 * :Reg One");
      assertTrue(irc.expectNumeric("001").startsWith(":streamroom 001 reg1 :Welcome"));
      irc.expectNumeric("002");
      irc.expectNumeric("003");
      irc.expectNumeric("004");
      String first = irc.expectNumeric("005");
      String isupport = first + " " + irc.expectNumeric("005"); // 13 tokens a line at most: two lines
      for (String line : isupport.split(":are supported by this server")) {
        assertTrue(line.trim().split(" ").length <= 16, "prefix, 005, then at most 14 parameters before the text: " + line);
      }
      assertTrue(isupport.contains(" BOT=B "), isupport);
      assertTrue(isupport.contains(" USERLEN=11 "), isupport);
      assertTrue(isupport.contains(" NICKLEN=20 "), isupport);
      assertTrue(isupport.contains(" CHANNELLEN=33 "), isupport);
      assertTrue(isupport.contains(" CHANTYPES=# "), isupport);
      assertTrue(isupport.contains(" PREFIX=(qov)~@+ "), isupport);
      assertTrue(isupport.contains(" CHANMODES=b,k,l,Mimnst "), isupport);
      assertTrue(first.endsWith(":are supported by this server"), first);
      irc.expectNumeric("375");
      irc.expectNumeric("376");
    }
  }

  @Test
  void capNegotiationHoldsRegistrationUntilCapEnd() {
    try (IrcClient irc = IrcClient.connect(app.ircPort())) {
      irc.send("CAP LS 302").send("NICK reg2").send("USER reg2 0 * :r");
      String ls = irc.expect(" CAP \\* LS :");
      assertTrue(ls.contains("sasl=PLAIN") && ls.contains("server-time") && ls.contains("echo-message"), ls);
      irc.send("CAP REQ :server-time bogus-cap");
      irc.expect(" CAP reg2 NAK :server-time bogus-cap");
      irc.send("CAP REQ :server-time echo-message");
      irc.expect(" CAP reg2 ACK :server-time echo-message");
      irc.expectNo(" 001 ", java.time.Duration.ofMillis(300));
      irc.send("CAP END");
      irc.expectNumeric("001");
      irc.send("CAP LIST");
      irc.expect(" CAP reg2 LIST :server-time echo-message");
    }
  }

  @Test
  void badAndTakenNicknamesGetTheirNumericsAndTheClientCanTryAgain() {
    try (TelnetClient taken = app.user("reg3"); IrcClient irc = IrcClient.connect(app.ircPort())) {
      irc.send("NICK 9lives");
      irc.expect(":streamroom 432 \\* 9lives :");
      irc.send("NICK").send("USER x 0 * :x");
      irc.expectNumeric("431");
      irc.send("NICK reg3");
      irc.expect(":streamroom 433 reg3 reg3 :");
      irc.send("NICK reg3b");
      assertTrue(irc.expectNumeric("001").contains(" 001 reg3b "));
    }
  }

  @Test
  void linesRightAfterCapEndWaitForTheRegistrationItStarted() {
    try (IrcClient irc = IrcClient.connect(app.ircPort())) {
      // One burst: the JOIN and the NICK change are read only once CAP END's registration is done.
      irc.send("CAP LS 302").send("NICK reg6").send("USER reg6 0 * :r").send("CAP END").send("NICK reg6b").send("JOIN #lobby");
      irc.expectNumeric("001");
      irc.expect(":reg6!reg6@streamroom NICK :?reg6b");
      irc.expect(":reg6b!reg6b@streamroom JOIN #lobby");
      irc.send("QUIT");
      irc.expectClosed();
    }
    // No session was left behind under the first nickname: it is free again (registered() expects 001, not 433).
    IrcClient.registered(app.ircPort(), "reg6").close();
  }

  @Test
  void commandsBeforeRegistrationAreRefusedWith451() {
    try (IrcClient irc = IrcClient.connect(app.ircPort())) {
      irc.send("NICK reg4");
      irc.send("JOIN #lobby");
      irc.expect(":streamroom 451 reg4 :You have not registered");
    }
  }

  @Test
  void pingIsAnsweredAndRegistrationCannotBeRepeated() {
    try (IrcClient irc = IrcClient.registered(app.ircPort(), "reg5")) {
      irc.send("PING :abc123");
      irc.expect("^:streamroom PONG streamroom :abc123$");
      irc.send("USER again 0 * :x");
      irc.expectNumeric("462");
      irc.send("FROBNICATE");
      irc.expect(":streamroom 421 reg5 FROBNICATE :");
    }
  }

  @Test
  void telnetStillWorksOnTheChatPortWhileIrcIsDetectedThere() {
    try (TelnetClient telnet = app.user("reg6"); IrcClient irc = IrcClient.registered(app.tcpPort(), "reg7")) {
      irc.join("#lobby");
      telnet.send("hello from telnet");
      assertEquals(":reg6!reg6@streamroom PRIVMSG #lobby :hello from telnet",
          irc.expect("PRIVMSG #lobby :hello from telnet"));
      irc.send("PRIVMSG #lobby :hello from irc");
      telnet.expect("reg7: hello from irc");
    }
  }

  @Test
  void quitClosesWithAnErrorLineAndFreesTheNickname() {
    try (IrcClient irc = IrcClient.registered(app.ircPort(), "reg8")) {
      irc.send("QUIT :bye now");
      irc.expect("^ERROR :Closing Link: .*bye now");
      irc.expectClosed();
    }
    try (IrcClient again = IrcClient.registered(app.ircPort(), "reg8")) {
      assertEquals("reg8", again.nick);
    }
  }
}
