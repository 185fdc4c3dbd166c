package io.streamroom.irc;

import io.streamroom.config.Setting;
import io.streamroom.support.ApiClient;
import io.streamroom.support.IrcClient;
import io.streamroom.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

/** IRC operators are admin accounts: OPER, KILL, WALLOPS, and the user modes o, w and i. */
class IrcOperatorsTest {
  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start(Map.of(Setting.IRC_PORT, String.valueOf(TestApp.freePort()), Setting.ADMINS, "opboss"));
    ApiClient api = new ApiClient(app.httpPort());
    api.register("opboss", "password1");
    api.register("opplain", "password1");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static IrcClient operator(String nick) {
    IrcClient irc = IrcClient.registered(app.ircPort(), nick);
    irc.send("OPER opboss password1");
    irc.expect(":streamroom 381 " + nick + " :You are now an IRC operator$");
    irc.expect("^:" + nick + "!" + nick + "@streamroom MODE " + nick + " \\+o$");
    return irc;
  }

  @Test
  void operWithAnAdminAccountMakesTheSessionAnOperatorUnderItsOwnName() {
    try (IrcClient op = operator("opguest"); IrcClient other = IrcClient.registered(app.ircPort(), "opwatch")) {
      op.send("MODE opguest");
      op.expect(":streamroom 221 opguest \\+o$");
      other.send("WHOIS opguest");
      other.expect(":streamroom 313 opwatch opguest :is a server admin$");
      other.send("WHO opguest");
      other.expect(":streamroom 352 opwatch \\* ~opguest streamroom streamroom opguest H\\* :0 opguest$");
    }
  }

  @Test
  void operIsRefusedWithTheNumericThatSaysWhy() {
    try (IrcClient irc = IrcClient.registered(app.ircPort(), "opfail")) {
      irc.send("OPER opboss wrongpassword");
      irc.expect(":streamroom 464 opfail :Wrong name or password.$");
      irc.send("OPER nosuchaccount password1");
      irc.expect(":streamroom 464 opfail :");
      irc.send("OPER opplain password1");
      irc.expect(":streamroom 491 opfail :opplain is not an admin account.$");
      irc.send("OPER opboss");
      irc.expect(":streamroom 461 opfail OPER :Not enough parameters$");
      irc.send("MODE opfail");
      irc.expect(":streamroom 221 opfail \\+$"); // still no operator, still connected
    }
  }

  @Test
  void killDisconnectsAUserForOperatorsOnly() {
    try (IrcClient op = operator("opkiller"); IrcClient alice = IrcClient.registered(app.ircPort(), "opalice");
         IrcClient bob = IrcClient.registered(app.ircPort(), "opbob")) {
      alice.send("KILL opbob :not you");
      alice.expect(":streamroom 481 opalice :Only admins can do that.$");
      op.send("KILL nobodyhere :gone");
      op.expect(":streamroom 401 opkiller nobodyhere :");
      op.send("KILL");
      op.expect(":streamroom 461 opkiller KILL :");
      op.send("KILL opbob :some arbitrary reason");
      bob.expect("^ERROR :Kicked by opkiller: some arbitrary reason");
      bob.expectClosed();
      alice.send("PING still-here");
      alice.expect("PONG streamroom :still-here$");
    }
  }

  @Test
  void wallopsReachOnlyUsersWithModeW() {
    try (IrcClient op = operator("opwall"); IrcClient listener = IrcClient.registered(app.ircPort(), "oplisten");
         IrcClient deaf = IrcClient.registered(app.ircPort(), "opdeaf")) {
      listener.send("MODE oplisten +w");
      listener.expect("^:oplisten!oplisten@streamroom MODE oplisten \\+w$");
      deaf.send("WALLOPS :me too");
      deaf.expect(":streamroom 481 opdeaf :");
      op.send("WALLOPS");
      op.expect(":streamroom 461 opwall WALLOPS :");
      op.send("WALLOPS :hi everyone");
      listener.expect("^:opwall!opwall@streamroom WALLOPS :hi everyone$");
      deaf.expectNo("WALLOPS", Duration.ofMillis(500));
      op.expectNo("WALLOPS", Duration.ofMillis(100)); // the sender has no +w
    }
  }

  @Test
  void userModesAreOnesOwnAndUnknownOnesAreNamed() {
    try (IrcClient irc = IrcClient.registered(app.ircPort(), "opmodes");
         IrcClient other = IrcClient.registered(app.ircPort(), "opother")) {
      irc.send("MODE opmodes +iwx");
      irc.expect(":streamroom 501 opmodes :Unknown MODE flag$");
      irc.expect("^:opmodes!opmodes@streamroom MODE opmodes \\+iw$");
      irc.send("MODE opmodes +o"); // only OPER gives it: nothing changes
      irc.send("MODE opmodes -w");
      irc.expect("^:opmodes!opmodes@streamroom MODE opmodes -w$");
      irc.send("MODE opmodes");
      irc.expect(":streamroom 221 opmodes \\+i$");
      irc.send("MODE opother +i");
      irc.expect(":streamroom 502 opmodes :Can't change mode for other users$");
    }
  }

  @Test
  void minusOGivesUpOperatorRightsAndLusersCountsOperators() {
    try (IrcClient op = operator("opquit")) {
      op.send("LUSERS");
      op.expect(":streamroom 252 opquit [1-9][0-9]* :operator\\(s\\) online$");
      op.send("MODE opquit -o");
      op.expect("^:opquit!opquit@streamroom MODE opquit -o$");
      op.send("WALLOPS :still?");
      op.expect(":streamroom 481 opquit :");
    }
  }
}
