package io.streamroom.irc;

import io.streamroom.config.Setting;
import io.streamroom.support.IrcClient;
import io.streamroom.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** IRC's limits: line length, the chat's message rate (answered the IRC way), and PING timeouts. */
class IrcLimitsTest {
  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start(Map.of(Setting.IRC_PORT, String.valueOf(TestApp.freePort()), Setting.RATE_MESSAGES, "3",
        Setting.IRC_PING_SECONDS, "1"));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void aLineOverIrcsLimitIs417AndTheConnectionKeepsWorking() {
    try (IrcClient irc = IrcClient.registered(app.ircPort(), "lmlong")) {
      irc.join("#lmlong");
      irc.send("PRIVMSG #lmlong :" + "x".repeat(520));
      irc.expect(":streamroom 417 lmlong :Input line was too long");
      irc.sendRaw(("PRIVMSG #lmlong :" + "y".repeat(9000) + "\r\n").getBytes(StandardCharsets.UTF_8));
      irc.expect(":streamroom 417 lmlong :");
      irc.send("@+example=" + "t".repeat(4100) + " PRIVMSG #lmlong :hi"); // client tags over 4,094 bytes
      irc.expect(":streamroom 417 lmlong :");
      irc.send("PING :still-here");
      irc.expect("PONG streamroom :still-here");
    }
  }

  @Test
  void sendingFasterThanTheRateIsRefusedWith404NamingTheWait() {
    try (IrcClient first = IrcClient.registered(app.ircPort(), "lmfirst");
         IrcClient irc = IrcClient.registered(app.ircPort(), "lmflood")) {
      first.join("#lmflood"); // its operator, whose allowance is a moderator's
      irc.join("#lmflood");
      for (int i = 0; i < 4; i++) irc.send("PRIVMSG #lmflood :line " + i);
      irc.expect(":streamroom 404 lmflood #lmflood :You are sending too fast: at most 3 .* \\d+ s");
      irc.send("PING :ok");
      irc.expect("PONG streamroom :ok");
    }
  }

  @Test
  void aSilentClientIsPingedAndCutWhenItDoesNotAnswer() {
    try (IrcClient silent = IrcClient.registered(app.ircPort(), "lmsilent");
         IrcClient answering = IrcClient.registered(app.ircPort(), "lmpong")) {
      silent.expect("^PING :?streamroom$");
      answering.expect("^PING :?streamroom$");
      answering.send("PONG :streamroom");
      silent.expect("^ERROR :Ping timeout");
      silent.expectClosed();
      answering.send("PING :alive");
      answering.expect("PONG streamroom :alive");
    }
  }
}
