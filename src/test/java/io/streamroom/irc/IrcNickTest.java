package io.streamroom.irc;

import io.streamroom.config.Setting;
import io.streamroom.support.ApiClient;
import io.streamroom.support.IrcClient;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

/** NICK after registration: guests may rename within our rules; accounts keep their names. */
class IrcNickTest {
  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start(Map.of(Setting.IRC_PORT, String.valueOf(TestApp.freePort()), Setting.IRC_SERVER_NAME, "My.Little.Server"));
    new ApiClient(app.httpPort()).register("nkaccount", "password1");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void aGuestsRenameIsSeenByItselfAndItsChannelsOnTelnetAndIrc() {
    try (IrcClient irc = IrcClient.registered(app.ircPort(), "nkold");
         IrcClient mate = IrcClient.registered(app.ircPort(), "nkmate");
         TelnetClient telnet = app.user("nktel")) {
      irc.join("#lobby");
      mate.join("#lobby");
      irc.send("NICK nknew");
      irc.expect("^:nkold!nkold@streamroom NICK nknew$");
      mate.expect("^:nkold!nkold@streamroom NICK nknew$");
      telnet.expect("* nkold is now known as nknew");
      irc.send("PRIVMSG #lobby :new name");
      mate.expect("^:nknew!nknew@streamroom PRIVMSG #lobby :new name$");
      irc.expectNo("NICK nknew", java.time.Duration.ofMillis(300)); // once, not again from the channel
    }
  }

  @Test
  void aRenameOrQuitSeenInSeveralSharedChannelsIsSaidOnce() {
    try (IrcClient mover = IrcClient.registered(app.ircPort(), "nkmover");
         IrcClient mate = IrcClient.registered(app.ircPort(), "nkseer")) {
      for (String channel : new String[] {"#nkone", "#nktwo", "#nkthree"}) {
        mover.join(channel);
        mate.join(channel);
      }
      mover.send("NICK nkmoved");
      mate.expect("^:nkmover!nkmover@streamroom NICK nkmoved$");
      mate.expectNo(" NICK ", java.time.Duration.ofMillis(300)); // not once more per channel shared
      mover.send("QUIT :gone");
      mate.expect("^:nkmoved!nkmoved@streamroom QUIT :Quit: gone$");
      mate.expectNo(" QUIT ", java.time.Duration.ofMillis(300));
    }
  }

  @Test
  void takenBadAndAccountNicknamesAreRefusedWithTheirNumerics() {
    try (IrcClient irc = IrcClient.registered(app.ircPort(), "nkguest"); TelnetClient other = app.user("nktaken")) {
      irc.send("NICK nktaken");
      irc.expect(":My.Little.Server 433 nkguest nktaken :");
      irc.send("NICK 1bad");
      irc.expect(":My.Little.Server 432 nkguest 1bad :");
      irc.send("NICK nkaccount");
      irc.expect(":My.Little.Server 433 nkguest nkaccount :nkaccount belongs to an account");
    }
    try (IrcClient account = IrcClient.withSasl(app.ircPort(), "nkaccount", "password1", "")) {
      account.send("NICK nkother");
      account.expect(":My.Little.Server 433 nkaccount nkother :Your name is your account's");
    }
  }

  @Test
  void theServerNameIsConfigurable() {
    try (IrcClient irc = IrcClient.registered(app.ircPort(), "nkping")) {
      irc.send("PING :x");
      irc.expect("^:My.Little.Server PONG My.Little.Server :x$");
    }
  }
}
