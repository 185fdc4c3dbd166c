package io.streamroom.irc;

import io.streamroom.config.Setting;
import io.streamroom.support.ApiClient;
import io.streamroom.support.IrcClient;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * IRC semantics of unowned channels: whoever joins one while it is empty operates it (@) until leaving, may
 * make others operators, KICK (out of the channel only) and set the topic; an owned channel keeps its owner's rules.
 */
class IrcChannelOperatorsTest {
  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start(Map.of(Setting.IRC_PORT, String.valueOf(TestApp.freePort())));
    new ApiClient(app.httpPort()).register("opowner", "password1");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void firstJoinerOfAnEmptyChannelOperatesItAndLosesItOnLeaving() {
    try (IrcClient first = IrcClient.registered(app.ircPort(), "opfirst");
         IrcClient second = IrcClient.registered(app.ircPort(), "opsecond")) {
      first.send("JOIN #opfresh");
      first.expect(":streamroom 353 opfirst = #opfresh :@opfirst$");
      second.send("JOIN #opfresh");
      second.expect(":streamroom 353 opsecond = #opfresh :@opfirst opsecond$");
      second.send("TOPIC #opfresh :mine");
      second.expect(":streamroom 482 opsecond #opfresh :");
      first.send("PART #opfresh");
      first.expect("^:opfirst!opfirst@streamroom PART #opfresh$");
      first.send("JOIN #opfresh");
      first.expect(":streamroom 353 opfirst = #opfresh :opfirst opsecond$"); // not empty: no operator again
      first.send("KICK #opfresh opsecond");
      first.expect(":streamroom 482 opfirst #opfresh :");
    }
  }

  @Test
  void operatorsMakeOperatorsAndKickOutOfTheChannelOnly() {
    try (IrcClient op = IrcClient.registered(app.ircPort(), "opboss");
         IrcClient helper = IrcClient.registered(app.ircPort(), "ophelper");
         IrcClient victim = IrcClient.registered(app.ircPort(), "opvictim");
         IrcClient outsider = IrcClient.registered(app.ircPort(), "opoutside")) {
      op.join("#opkick");
      helper.join("#opkick");
      victim.join("#opkick");
      op.send("MODE #opkick +o ophelper");
      victim.expect("^:opboss!opboss@streamroom MODE #opkick \\+o ophelper$");
      helper.send("KICK #opkick opvictim :behave");
      victim.expect("^:ophelper!ophelper@streamroom KICK #opkick opvictim :behave$");
      op.expect("^:ophelper!ophelper@streamroom KICK #opkick opvictim :behave$");
      victim.send("PING :still-here");
      victim.expect("PONG \\S+ :?still-here"); // kicked out of the channel, not off the server
      victim.send("PRIVMSG #opkick :back?");
      victim.expect(":streamroom 404 opvictim #opkick :");
      victim.join("#opkick");
      helper.send("KICK #opkick opvictim");
      victim.expect("^:ophelper!ophelper@streamroom KICK #opkick opvictim :ophelper$"); // the default comment
      op.send("KICK #opkick opoutside");
      op.expect(":streamroom 441 opboss opoutside #opkick :");
      op.send("KICK #opkick nobody");
      op.expect(":streamroom 401 opboss nobody :");
      op.send("MODE #opkick +o opoutside");
      op.expect(":streamroom 441 opboss opoutside #opkick :");
      outsider.send("KICK #opnowhere opboss");
      outsider.expect(":streamroom 403 opoutside #opnowhere :");
      outsider.send("MODE #opnowhere +o opboss");
      outsider.expect(":streamroom 403 opoutside #opnowhere :");
      helper.send("MODE #opkick -o ophelper");
      op.expect("^:ophelper!ophelper@streamroom MODE #opkick -o ophelper$");
      helper.send("KICK #opkick opboss");
      helper.expect(":streamroom 482 ophelper #opkick :");
    }
  }

  @Test
  void telnetUsersSeeTheSameOperatorsAndAreKickedBackToTheLobby() {
    try (IrcClient op = IrcClient.registered(app.ircPort(), "optelop");
         TelnetClient telnet = app.user("optelnet")) {
      op.join("#opmixed");
      telnet.send("/join #opmixed");
      telnet.expect("* You joined #opmixed.");
      telnet.send("/who");
      telnet.expect("* In #opmixed (2): optelnet, optelop");
      op.send("KICK #opmixed optelnet :out");
      telnet.expect("* You were kicked out of #opmixed by optelop: out");
      telnet.expect("* You joined #lobby. Here:");
    }
  }

  @Test
  void anOwnedChannelHasNoGuestOperators() {
    try (IrcClient owner = IrcClient.withSasl(app.ircPort(), "opowner", "password1", "");
         IrcClient guest = IrcClient.registered(app.ircPort(), "opguest")) {
      owner.join("#opowned");
      owner.send("PART #opowned");
      owner.expect("PART #opowned");
      guest.send("JOIN #opowned");
      guest.expect(":streamroom 353 opguest = #opowned :opguest$"); // joined it empty, but it has an owner
      guest.send("MODE #opowned +m");
      guest.expect(":streamroom 482 opguest #opowned :");
      owner.send("JOIN #opowned");
      owner.expect(":streamroom 353 opowner = #opowned :opguest ~opowner$");
      owner.send("MODE #opowned +o opguest");
      owner.expect("NOTICE opowner :Only accounts can be moderators");
      guest.expectNo("MODE #opowned", Duration.ofMillis(300));
    }
  }

  @Test
  void anUnownedChannelForgetsItsRulesWhenItEmptiesButNotWhenItsOperatorChangesNick() {
    try (IrcClient op = IrcClient.registered(app.ircPort(), "opforget");
         IrcClient later = IrcClient.registered(app.ircPort(), "oplater")) {
      op.join("#opgone");
      op.send("NICK opforgot");
      op.expect("^:opforget!opforget@streamroom NICK opforgot$");
      op.send("MODE #opgone +k secret"); // still its operator under the new nickname
      op.expect("^:opforgot!opforgot@streamroom MODE #opgone \\+k secret$");
      op.send("TOPIC #opgone :rules here");
      op.expect("TOPIC #opgone :rules here$");
      op.send("MODE #opgone +b oplater!*@*");
      op.expect("MODE #opgone \\+b oplater!\\*@\\*$");
      op.expectNo("KICK #opgone opforgot", Duration.ofMillis(300)); // a guest's ban holds for its address, not for the operator's session
      op.send("PART #opgone");
      op.expect("PART #opgone$");
      later.send("TOPIC #opgone");
      later.expect(":streamroom 403 oplater #opgone :"); // nobody in it: it does not exist, as on IRC
      later.send("LIST");
      later.expectNumeric("321");
      assertTrue(later.expect(line -> line.contains(" 323 ") || line.contains("#opgone"), "the end of the list").contains(" 323 "));
      later.send("JOIN #opgone"); // no key, no ban (of this name, nor of the address), no topic, and its first joiner operates it
      later.expect(":streamroom 353 oplater = #opgone :@oplater$");
      later.send("TOPIC #opgone");
      later.expect(":streamroom 331 oplater #opgone :No topic is set");
    }
  }
}
