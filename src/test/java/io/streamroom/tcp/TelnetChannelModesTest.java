package io.streamroom.tcp;

import io.streamroom.config.Setting;
import io.streamroom.support.IrcClient;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

/** The channel modes an IRC operator sets hold for telnet users too: a key, invite-only, moderated. */
class TelnetChannelModesTest {
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
  void aKeyedChannelTakesTelnetUsersWithItsKeyOnly() {
    try (IrcClient op = IrcClient.registered(app.ircPort(), "tmkop"); TelnetClient telnet = app.user("tmkuser")) {
      op.join("#tmkey");
      op.send("MODE #tmkey +k beer");
      op.expect("MODE #tmkey \\+k beer$");
      telnet.send("/join #tmkey");
      telnet.expect("! #tmkey needs a key.");
      telnet.send("/join #tmkey wine");
      telnet.expect("! #tmkey needs a key, and that is not it.");
      telnet.send("/join #tmkey beer");
      telnet.expect("* You joined #tmkey. Here: tmkop, tmkuser");
    }
  }

  @Test
  void anInvitationLetsATelnetUserIntoAnInviteOnlyChannel() {
    try (IrcClient op = IrcClient.registered(app.ircPort(), "tmiop"); TelnetClient telnet = app.user("tmiuser")) {
      op.join("#tminv");
      op.send("MODE #tminv +i");
      op.expect("MODE #tminv \\+i$");
      telnet.send("/join #tminv");
      telnet.expect("! #tminv is invite-only: ask a member to invite you.");
      op.send("INVITE tmiuser #tminv");
      telnet.expect("* tmiop invites you to #tminv: /join #tminv");
      telnet.send("/join #tminv");
      telnet.expect("* You joined #tminv.");
      telnet.send("/invite tmiop");
      telnet.expect("! tmiop is in #tminv already.");
    }
  }

  @Test
  void aModeratedChannelRefusesTelnetLinesUntilVoiced() {
    try (IrcClient op = IrcClient.registered(app.ircPort(), "tmmop"); TelnetClient telnet = app.user("tmmuser")) {
      op.join("#tmmod");
      telnet.send("/join #tmmod");
      telnet.expect("* You joined #tmmod.");
      op.send("MODE #tmmod +m");
      telnet.expect("* tmmop changed #tmmod: moderated (only moderators and voiced members talk)");
      telnet.send("hello?");
      telnet.expect("! #tmmod is moderated: only its moderators and voiced members talk.");
      op.send("MODE #tmmod +v tmmuser");
      telnet.expect("* tmmuser may talk in #tmmod while it is moderated (by tmmop)");
      telnet.send("now I may");
      op.expect(":tmmuser!tmmuser@streamroom PRIVMSG #tmmod :now I may");
    }
  }

  @Test
  void aTelnetUserWhoJoinsAnEmptyChannelOperatesIt() {
    try (TelnetClient telnet = app.user("tmfirst"); IrcClient irc = IrcClient.registered(app.ircPort(), "tmsecond")) {
      telnet.send("/join #tmempty");
      telnet.expect("* You joined #tmempty.");
      irc.send("JOIN #tmempty");
      irc.expect(":streamroom 353 tmsecond = #tmempty :@tmfirst tmsecond$");
      telnet.send("/invite nobody");
      telnet.expect("! nobody is not online.");
    }
  }
}
