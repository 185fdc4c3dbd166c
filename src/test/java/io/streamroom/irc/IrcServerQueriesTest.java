package io.streamroom.irc;

import io.streamroom.config.Setting;
import io.streamroom.support.IrcClient;
import io.streamroom.support.Poll;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

/** WHOWAS from the history of nicknames that left, and LUSERS and INFO about the server; a fresh server each. */
class IrcServerQueriesTest {
  private TestApp app;

  @BeforeEach
  void start() {
    app = TestApp.start(Map.of(Setting.IRC_PORT, String.valueOf(TestApp.freePort())));
  }

  @AfterEach
  void stop() {
    app.close();
  }

  private void quits(String nick, String username) {
    try (IrcClient gone = IrcClient.connect(app.ircPort())) {
      gone.send("NICK " + nick).send("USER " + username + " 0 * :Real " + username);
      gone.expectNumeric("376");
      gone.send("QUIT :bye");
      gone.expectClosed();
    }
  }

  @Test
  void whowasShowsWhoHadANicknameNewestFirstAndAsManyAsAsked() {
    quits("wwgone", "first");
    quits("wwgone", "second");
    try (IrcClient asker = IrcClient.registered(app.ircPort(), "wwask")) {
      asker.send("WHOWAS wwgone");
      asker.expect(":streamroom 314 wwask wwgone ~second streamroom \\* :Real second$");
      asker.expect(":streamroom 312 wwask wwgone streamroom :");
      asker.expect(":streamroom 314 wwask wwgone ~first streamroom \\* :Real first$");
      asker.expect(":streamroom 369 wwask wwgone :End of WHOWAS$");
      asker.send("WHOWAS WWGONE 1");
      asker.expect(":streamroom 314 wwask wwgone ~second ");
      asker.expect(":streamroom 312 wwask wwgone ");
      asker.expect(":streamroom 369 wwask WWGONE :"); // not ~first: one was asked for
    }
  }

  @Test
  void whowasKeepsTheLastTwoHoldersOfANicknameAndRenamesCount() {
    quits("wwmany", "one");
    quits("wwmany", "two");
    quits("wwmany", "three");
    try (IrcClient renamed = IrcClient.registered(app.ircPort(), "wwold"); IrcClient asker = IrcClient.registered(app.ircPort(), "wwask2")) {
      asker.send("WHOWAS wwmany 0");
      asker.expect(":streamroom 314 wwask2 wwmany ~three ");
      asker.expect(":streamroom 314 wwask2 wwmany ~two ");
      asker.expect(":streamroom 369 wwask2 wwmany :"); // ~one is forgotten
      renamed.send("NICK wwnew");
      renamed.expect("NICK wwnew$");
      asker.send("WHOWAS wwold");
      asker.expect(":streamroom 314 wwask2 wwold ~wwold streamroom \\* :wwold$");
    }
  }

  @Test
  void whowasOfANicknameNobodyHadIs406AndMissingOneIs461() {
    try (IrcClient asker = IrcClient.registered(app.ircPort(), "wwask3")) {
      asker.send("WHOWAS neverhere");
      asker.expect(":streamroom 406 wwask3 neverhere :There was no such nickname$");
      asker.expect(":streamroom 369 wwask3 neverhere :");
      asker.send("WHOWAS");
      asker.expect(":streamroom 461 wwask3 WHOWAS :");
      asker.send("WHOWAS not*a*nick");
      asker.expect(":streamroom 406 wwask3 not\\*a\\*nick :");
    }
  }

  @Test
  void invisibleUsersLeaveNoTraceInWhowas() {
    try (TelnetClient hidden = app.user("wwhidden"); TelnetClient seen = app.user("wwseen");
         IrcClient asker = IrcClient.registered(app.ircPort(), "wwask4")) {
      hidden.send("/status invisible");
      hidden.expect("* Your status is invisible.");
      hidden.close();
      seen.close();
      Poll.until("wwseen's departure", Duration.ofSeconds(5), () -> { // the later of the two
        asker.send("WHOWAS wwseen");
        String first = asker.expect(" (314|406) wwask4 wwseen ");
        asker.expectNumeric("369");
        return first.contains(" 314 ") ? first : null;
      });
      asker.send("WHOWAS wwhidden");
      asker.expect(":streamroom 406 wwask4 wwhidden :");
    }
  }

  @Test
  void lusersCountsUsersOfEveryClientInvisibleOnesAndConnectionsStillRegistering() {
    try (IrcClient first = IrcClient.registered(app.ircPort(), "lufirst")) {
      first.expect(":streamroom 251 lufirst :There are 1 users and 0 invisible on 1 servers$"); // sent on registration
      first.expect(":streamroom 266 lufirst 1 1 :");
      try (TelnetClient telnet = app.user("lutelnet"); IrcClient registering = IrcClient.connect(app.ircPort())) {
        registering.send("NICK luhalf");
        registering.send("PING sync");
        registering.expect("PONG");
        first.send("MODE lufirst +i");
        first.expect("MODE lufirst \\+i$");
        first.join("#lucount");
        first.send("LUSERS");
        first.expect(":streamroom 251 lufirst :There are 1 users and 1 invisible on 1 servers$");
        first.expect(":streamroom 252 lufirst 0 :operator\\(s\\) online$");
        first.expect(":streamroom 253 lufirst 1 :unknown connection\\(s\\)$");
        first.expect(":streamroom 254 lufirst [1-9][0-9]* :channels formed$");
        first.expect(":streamroom 255 lufirst :I have 2 clients and 1 servers$");
        first.expect(":streamroom 265 lufirst 2 2 :Current local users 2, max 2$");
        first.expect(":streamroom 266 lufirst 2 2 :Current global users 2, max 2$");
      }
      Poll.until("the others to be gone from LUSERS", Duration.ofSeconds(5), () -> {
        first.send("LUSERS");
        String unknown = first.expectNumeric("253");
        String global = first.expectNumeric("266");
        return unknown.contains(" 253 lufirst 0 ") && global.contains(" 266 lufirst 1 2 ") ? global : null; // the most stays
      });
    }
  }

  @Test
  void infoLinksAndHelpDescribeTheServerAndItsCommands() {
    try (IrcClient irc = IrcClient.registered(app.ircPort(), "infoer")) {
      irc.send("INFO");
      irc.expect(":streamroom 371 infoer :streamroom: Streamroom live streams and chat$");
      irc.expect(":streamroom 374 infoer :End of /INFO list$");
      irc.send("INFO irc.example.org");
      irc.expect(":streamroom 402 infoer irc.example.org :No such server$");
      irc.send("LINKS");
      irc.expect(":streamroom 364 infoer streamroom streamroom :0 Streamroom live streams and chat$");
      irc.expect(":streamroom 365 infoer \\* :End of /LINKS list$");
      irc.send("HELP");
      irc.expect(":streamroom 704 infoer \\* :");
      irc.expect(":streamroom 705 infoer \\* :AWAY INFO JOIN ");
      irc.expect(":streamroom 706 infoer \\* :End of /HELP$");
      irc.send("HELPOP whowas");
      irc.expect(":streamroom 704 infoer whowas :\\*\\* WHOWAS \\*\\*$");
      irc.expect(":streamroom 705 infoer whowas :WHOWAS nick \\[count\\] tells who had a nickname before.$");
      irc.expect(":streamroom 706 infoer whowas :");
      irc.send("HELP NOSUCHTHING");
      irc.expect(":streamroom 524 infoer NOSUCHTHING :No help available on this topic$");
    }
  }
}
