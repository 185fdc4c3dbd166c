package io.streamroom.irc;

import io.streamroom.config.Setting;
import io.streamroom.support.IrcClient;
import io.streamroom.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** Channel modes as chat rules, seen from IRC: +k, +l, +i with INVITE, +s, +m with +v, -n, the mode and ban lists. */
class IrcChannelModesTest {
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
  void aKeyedChannelNeedsItsKeyAndABadKeyIsRefused() {
    try (IrcClient op = IrcClient.registered(app.ircPort(), "mkop");
         IrcClient guest = IrcClient.registered(app.ircPort(), "mkguest")) {
      op.join("#mkkey");
      op.send("MODE #mkkey +k beer");
      op.expect("^:mkop!mkop@streamroom MODE #mkkey \\+k beer$");
      guest.send("JOIN #mkkey");
      guest.expect(":streamroom 475 mkguest #mkkey :#mkkey needs a key.");
      guest.send("JOIN #mkkey wine");
      guest.expect(":streamroom 475 mkguest #mkkey :");
      guest.send("JOIN #mkkey beer");
      guest.expect("^:mkguest!mkguest@streamroom JOIN #mkkey$");
      op.send("MODE #mkkey +k :two words");
      op.expect(":streamroom 696 mkop #mkkey k \\* :A channel key is 1-23 characters");
      op.send("MODE #mkkey");
      op.expect(":streamroom 324 mkop #mkkey \\+ntk beer$");
      op.expectNumeric("329");
    }
  }

  @Test
  void aFullChannelRefusesUntilSomeoneLeavesOrIsInvited() {
    try (IrcClient op = IrcClient.registered(app.ircPort(), "mlop");
         IrcClient second = IrcClient.registered(app.ircPort(), "mlsecond");
         IrcClient third = IrcClient.registered(app.ircPort(), "mlthird")) {
      op.join("#mlfull");
      op.send("MODE #mlfull +l 2");
      op.expect("^:mlop!mlop@streamroom MODE #mlfull \\+l 2$");
      second.join("#mlfull");
      third.send("JOIN #mlfull");
      third.expect(":streamroom 471 mlthird #mlfull :#mlfull is full: at most 2 members.");
      op.send("MODE #mlfull +l abc");
      op.expect(":streamroom 696 mlop #mlfull l abc :");
      op.send("INVITE mlthird #mlfull");
      op.expect(":streamroom 341 mlop mlthird :?#mlfull$");
      third.expect("^:mlop!mlop@streamroom INVITE mlthird #mlfull$");
      third.join("#mlfull"); // an invitation lets one past the limit
      op.send("MODE #mlfull -l");
      op.expect("^:mlop!mlop@streamroom MODE #mlfull -l$");
    }
  }

  @Test
  void anInviteOnlyChannelTakesInvitedUsersOnly() {
    try (IrcClient op = IrcClient.registered(app.ircPort(), "miop");
         IrcClient member = IrcClient.registered(app.ircPort(), "mimember");
         IrcClient guest = IrcClient.registered(app.ircPort(), "miguest")) {
      op.join("#miinv");
      member.join("#miinv");
      op.send("MODE #miinv +i");
      op.expect("^:miop!miop@streamroom MODE #miinv \\+i$");
      guest.send("JOIN #miinv");
      guest.expect(":streamroom 473 miguest #miinv :");
      member.send("INVITE miguest #miinv");
      member.expect(":streamroom 482 mimember #miinv :"); // +i: only operators invite
      guest.send("INVITE miop #miinv");
      guest.expect(":streamroom 442 miguest #miinv :");
      op.send("INVITE mimember #miinv");
      op.expect(":streamroom 443 miop mimember #miinv :");
      op.send("INVITE nobody #miinv");
      op.expect(":streamroom 401 miop nobody :");
      op.send("INVITE miguest #minone");
      op.expect(":streamroom 403 miop #minone :");
      op.send("INVITE miguest #miinv");
      op.expect(":streamroom 341 miop miguest :?#miinv$");
      member.expectNo("INVITE", Duration.ofMillis(300)); // only the invited user is told
      guest.expect("^:miop!miop@streamroom INVITE miguest #miinv$");
      guest.join("#miinv");
    }
  }

  @Test
  void aSecretChannelIsHiddenFromOutsiders() {
    try (IrcClient op = IrcClient.registered(app.ircPort(), "msop");
         IrcClient outsider = IrcClient.registered(app.ircPort(), "msout")) {
      op.join("#mssecret");
      op.send("MODE #mssecret +s");
      op.expect("MODE #mssecret \\+s$");
      op.send("LIST");
      op.expect(":streamroom 322 msop #mssecret 1 :");
      op.send("NAMES #mssecret");
      op.expect(":streamroom 353 msop @ #mssecret :@msop$");
      outsider.send("LIST");
      String end = outsider.expectNumeric("323");
      assertFalse(end.contains("#mssecret"));
      outsider.expectNo("#mssecret", Duration.ofMillis(200));
      outsider.send("NAMES #mssecret");
      outsider.expect(":streamroom 366 msout #mssecret :");
      outsider.send("MODE #mssecret");
      outsider.expect(":streamroom 403 msout #mssecret :");
    }
  }

  @Test
  void aModeratedChannelLetsOperatorsAndVoicedMembersTalk() {
    try (IrcClient op = IrcClient.registeredWithCaps(app.ircPort(), "mmop", "multi-prefix");
         IrcClient member = IrcClient.registered(app.ircPort(), "mmmember")) {
      op.join("#mmmod");
      member.join("#mmmod");
      op.send("MODE #mmmod +m");
      member.expect("^:mmop!mmop@streamroom MODE #mmmod \\+m$");
      member.send("PRIVMSG #mmmod :hello?");
      member.expect(":streamroom 404 mmmember #mmmod :#mmmod is moderated");
      member.send("@+typing=active TAGMSG #mmmod"); // tags alone are talking too
      member.expect(":streamroom 404 mmmember #mmmod :#mmmod is moderated");
      op.send("MODE #mmmod +v mmmember");
      member.expect("^:mmop!mmop@streamroom MODE #mmmod \\+v mmmember$");
      member.send("PRIVMSG #mmmod :now I may");
      op.expect(":mmmember!mmmember@streamroom PRIVMSG #mmmod :now I may");
      op.send("MODE #mmmod +v mmop");
      op.send("NAMES #mmmod");
      op.expect(":streamroom 353 mmop = #mmmod :\\+mmmember @\\+mmop$");
      member.send("NAMES #mmmod");
      member.expect(":streamroom 353 mmmember = #mmmod :\\+mmmember @mmop$");
    }
  }

  @Test
  void withoutNoExternalOutsidersMaySendAndTheModesShowInChannelModeIs() {
    try (IrcClient op = IrcClient.registered(app.ircPort(), "mnop");
         IrcClient outsider = IrcClient.registered(app.ircPort(), "mnout")) {
      op.join("#mnext");
      outsider.send("PRIVMSG #mnext :from outside");
      outsider.expect(":streamroom 404 mnout #mnext :");
      op.send("MODE #mnext -nt");
      op.expect("^:mnop!mnop@streamroom MODE #mnext -nt$");
      outsider.send("PRIVMSG #mnext :from outside");
      op.expect(":mnout!mnout@streamroom PRIVMSG #mnext :from outside");
      op.send("MODE #mnext +imst");
      op.expect("^:mnop!mnop@streamroom MODE #mnext \\+imst$");
      op.send("MODE #mnext");
      op.expect(":streamroom 324 mnop #mnext \\+imst$");
    }
  }

  @Test
  void theBanListListsTheRealBans() {
    try (IrcClient op = IrcClient.registered(app.ircPort(), "mbop")) {
      op.join("#mbbans");
      op.send("MODE #mbbans +b mbbad!*@*");
      op.expect("^:mbop!mbop@streamroom MODE #mbbans \\+b mbbad!\\*@\\*$");
      op.send("MODE #mbbans +b");
      op.expect(":streamroom 367 mbop #mbbans :?mbbad!\\*@\\*$");
      op.expect(":streamroom 368 mbop #mbbans :");
      op.send("MODE #mbbans -b mbbad!*@*");
      op.expect("MODE #mbbans -b mbbad!\\*@\\*$");
      op.send("MODE #mbbans b");
      op.expect(":streamroom 368 mbop #mbbans :");
    }
  }
}
