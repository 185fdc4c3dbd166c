package io.streamroom.irc;

import io.streamroom.config.Setting;
import io.streamroom.support.ApiClient;
import io.streamroom.support.IrcClient;
import io.streamroom.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Channel commands with their numerics: JOIN, PART, NAMES, WHO, WHOIS, TOPIC, LIST, MOTD, AWAY, NOTICE. */
class IrcChannelsTest {
  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start(Map.of(Setting.IRC_PORT, String.valueOf(TestApp.freePort())));
    new ApiClient(app.httpPort()).register("chowner", "password1");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void joinTakesSeveralChannelsAndEachShowsJoinNamesAndEnd() {
    try (IrcClient irc = IrcClient.registered(app.ircPort(), "chjoin")) {
      irc.send("JOIN #cha,#chb");
      irc.expect("^:chjoin!chjoin@streamroom JOIN #cha$");
      irc.expect(":streamroom 353 chjoin = #cha :@chjoin$"); // whoever joins an empty unowned channel operates it
      irc.expect(":streamroom 366 chjoin #cha :End of /NAMES list");
      irc.expect("^:chjoin!chjoin@streamroom JOIN #chb$");
      irc.expect(":streamroom 366 chjoin #chb ");
      irc.send("JOIN nohash");
      irc.expect(":streamroom 403 chjoin nohash :");
      irc.send("PART #cha :see you");
      irc.expect("^:chjoin!chjoin@streamroom PART #cha :see you$");
      irc.send("PART #cha");
      irc.expect(":streamroom 442 chjoin #cha :");
      irc.send("PRIVMSG #cha :am I there?");
      irc.expect(":streamroom 404 chjoin #cha :");
    }
  }

  @Test
  void othersSeeJoinsPartsAndMessagesOfEachOther() {
    try (IrcClient a = IrcClient.registered(app.ircPort(), "chpa"); IrcClient b = IrcClient.registered(app.tcpPort(), "chpb")) {
      a.join("#chp");
      b.join("#chp");
      a.expect("^:chpb!chpb@streamroom JOIN #chp$");
      b.send("PRIVMSG #chp :hi a");
      a.expect("^:chpb!chpb@streamroom PRIVMSG #chp :hi a$");
      b.send("NOTICE #chp :a notice");
      a.expect("^:chpb!chpb@streamroom NOTICE #chp :a notice$");
      b.send("PART #chp :off to bed");
      a.expect("^:chpb!chpb@streamroom PART #chp :off to bed$");
      b.send("JOIN #chp");
      b.send("QUIT :gone");
      a.expect("^:chpb!chpb@streamroom QUIT :Quit: gone$");
      a.send("NAMES #chp");
      a.expect(" 353 chpa = #chp :@chpa$");
    }
  }

  @Test
  void ownerIsPrefixedInNamesAndWhoAndTopicIsForModerators() {
    try (IrcClient owner = IrcClient.withSasl(app.ircPort(), "chowner", "password1", "");
         IrcClient guest = IrcClient.registered(app.ircPort(), "chguest")) {
      owner.join("#chown");
      owner.send("TOPIC #chown");
      owner.expect(":streamroom 331 chowner #chown :No topic is set");
      owner.send("TOPIC #chown :All about owning");
      owner.expect("^:chowner!chowner@streamroom TOPIC #chown :All about owning$");
      guest.send("JOIN #chown");
      guest.expect(":streamroom 332 chguest #chown :All about owning");
      guest.expect(":streamroom 353 chguest = #chown :(~chowner chguest|chguest ~chowner)$");
      guest.send("TOPIC #chown :mine now");
      guest.expect(":streamroom 482 chguest #chown :");
      guest.send("WHO #chown");
      guest.expect(":streamroom 352 chguest #chown ~chowner streamroom streamroom chowner H~ :0 chowner");
      guest.expect(":streamroom 315 chguest #chown :End of WHO list");
      guest.send("LIST");
      guest.expect(":streamroom 322 chguest #chown 2 :All about owning");
      guest.expect(":streamroom 323 chguest :End of /LIST");
      guest.send("WHOIS chowner");
      guest.expect(":streamroom 311 chguest chowner ~chowner streamroom \\* :chowner");
      guest.expect(":streamroom 319 chguest chowner :~#chown");
      guest.expect(":streamroom 318 chguest chowner :");
      guest.send("WHOIS nobody");
      guest.expect(":streamroom 401 chguest nobody :");
    }
  }

  @Test
  void awayIsOurStatusAndAwayNotifyTellsChannelMates() {
    try (IrcClient away = IrcClient.registered(app.ircPort(), "chaway");
         IrcClient watcher = IrcClient.registeredWithCaps(app.ircPort(), "chwatch", "away-notify")) {
      away.join("#chaw");
      watcher.join("#chaw");
      away.send("AWAY :lunch");
      away.expect(":streamroom 306 chaway :");
      watcher.expect("^:chaway!chaway@streamroom AWAY :lunch$");
      watcher.send("WHOIS chaway");
      watcher.expect(":streamroom 301 chwatch chaway :lunch$");
      watcher.send("USERHOST chaway chwatch");
      watcher.expect(":streamroom 302 chwatch :(chaway=-~chaway@streamroom chwatch=\\+~chwatch@streamroom|chwatch=\\+~chwatch@streamroom chaway=-~chaway@streamroom)$");
      away.send("AWAY");
      away.expect(":streamroom 305 chaway :");
      watcher.expect("^:chaway!chaway@streamroom AWAY$");
      away.send("AWAY :back soon");
      away.send("PART #chaw");
      away.send("JOIN #chaw");
      watcher.expect("^:chaway!chaway@streamroom JOIN #chaw$");
      watcher.expect("^:chaway!chaway@streamroom AWAY :back soon$"); // away-notify on join
      watcher.send("PRIVMSG chaway :are you there?");
      watcher.expect(":streamroom 301 chwatch chaway :back soon$");
    }
  }

  @Test
  void motdAndMissingParametersAnswerWithTheirNumerics() {
    try (IrcClient irc = IrcClient.registered(app.ircPort(), "chmotd")) {
      irc.send("TIME");
      irc.expect(":streamroom 391 chmotd streamroom :");
      irc.send("MOTD");
      irc.expect(":streamroom 375 chmotd :");
      irc.expect(":streamroom 372 chmotd :- ");
      irc.expect(":streamroom 376 chmotd :");
      irc.send("JOIN");
      irc.expect(":streamroom 461 chmotd JOIN :");
      irc.send("PRIVMSG");
      irc.expect(":streamroom 411 chmotd :");
      irc.send("PRIVMSG #x");
      irc.expect(":streamroom 412 chmotd :");
      irc.send("PRIVMSG nosuchnick :hello?");
      irc.expect(":streamroom 401 chmotd nosuchnick :");
      irc.send("WHOWAS somebody");
      irc.expect(":streamroom 406 chmotd somebody :");
      irc.expect(":streamroom 369 chmotd somebody :");
    }
  }

  @Test
  void longTextsFromOtherClientsAreSplitIntoIrcSizedLines() {
    try (IrcClient a = IrcClient.registered(app.ircPort(), "chlong");
         io.streamroom.support.TelnetClient telnet = app.user("chlongt")) {
      a.join("#lobby");
      String text = "word ".repeat(300).trim(); // 1,499 characters: more than one IRC line
      telnet.send(text);
      // Each piece is what an IRC client could have sent: "PRIVMSG #lobby <piece>" within 510 bytes.
      String first = a.expect("PRIVMSG #lobby :word");
      String piece = first.substring(first.indexOf(" :") + 2);
      assertTrue(("PRIVMSG #lobby " + piece).length() <= 510 && piece.length() > 400, piece.length() + ": " + first);
      String second = a.expect("PRIVMSG #lobby :word");
      assertTrue(("PRIVMSG #lobby " + second.substring(second.indexOf(" :") + 2)).length() <= 510, second);
    }
  }
}
