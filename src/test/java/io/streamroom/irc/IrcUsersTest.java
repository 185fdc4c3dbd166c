package io.streamroom.irc;

import io.streamroom.config.Setting;
import io.streamroom.support.IrcClient;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** Who users are over IRC: USER's username and real name in WHO and WHOIS, masks, +i and bots. */
class IrcUsersTest {
  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start(Map.of(Setting.IRC_PORT, String.valueOf(TestApp.freePort()),
        Setting.IRC_SERVER_DESCRIPTION, "Our test server"));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  /** Registered with a USER line of our own. */
  private static IrcClient registeredAs(String nick, String userLine) {
    IrcClient client = IrcClient.connect(app.ircPort());
    client.send("NICK " + nick).send(userLine);
    client.expectNumeric("376");
    client.nick = nick;
    return client;
  }

  @Test
  void whoisShowsTheUsernameAndRealNameTheClientGaveAndTheServerDescription() {
    try (IrcClient cool = registeredAs("uscool", "USER myusernam 0 * :My User Name");
         IrcClient asker = IrcClient.registered(app.ircPort(), "usask")) {
      cool.join("#usroom");
      asker.send("WHOIS uscool");
      asker.expect(":streamroom 311 usask uscool ~myusernam streamroom \\* :My User Name$");
      asker.expect(":streamroom 319 usask uscool :@?#usroom$"); // @ once guests' new channels make them operators
      asker.expect(":streamroom 312 usask uscool streamroom :Our test server$");
      asker.expect(":streamroom 318 usask uscool :");
      asker.send("WHOIS streamroom uscool"); // WHOIS <server> <nick>
      asker.expect(":streamroom 311 usask uscool ~myusernam ");
    }
  }

  @Test
  void usernamesKeepOnlyMaskSafeCharactersAndAreCut() {
    try (IrcClient odd = registeredAs("usodd", "USER a!b@c.d_e-fghijklmnop 0 * :Odd One");
         IrcClient asker = IrcClient.registered(app.ircPort(), "usask2")) {
      asker.send("WHOIS usodd");
      asker.expect(":streamroom 311 usask2 usodd ~abc.d_e-fg streamroom \\* :Odd One$");
    }
  }

  @Test
  void nonUtf8RealNamesAreAcceptedAndShownWithReplacementCharacters() {
    try (IrcClient latin = IrcClient.connect(app.ircPort());
         IrcClient asker = IrcClient.registered(app.ircPort(), "usask3")) {
      latin.send("NICK uslatin");
      latin.sendRaw("USER username * * :i\u00e8rc\u00e9\r\n".getBytes(StandardCharsets.ISO_8859_1));
      latin.expectNumeric("001");
      asker.send("WHOIS uslatin");
      asker.expect(":streamroom 311 usask3 uslatin ~username streamroom \\* :i\uFFFDrc\uFFFD$");
    }
  }

  @Test
  void whoByNicknameOrMaskListsUsersWithTheirFlagsAndRealNames() {
    try (IrcClient cool = registeredAs("uswho", "USER whouser 0 * :Who Real");
         IrcClient asker = IrcClient.registered(app.ircPort(), "usask4")) {
      asker.send("WHO USWHO"); // case does not matter
      asker.expect(":streamroom 352 usask4 \\* ~whouser streamroom streamroom uswho H :0 Who Real$");
      asker.expect(":streamroom 315 usask4 USWHO :End of WHO list$");
      cool.send("AWAY :gone");
      cool.expectNumeric("306");
      asker.send("WHO usw*");
      asker.expect(":streamroom 352 usask4 \\* ~whouser streamroom streamroom uswho G :0 Who Real$");
      asker.expect(":streamroom 315 usask4 usw\\* :End of WHO list$");
      asker.send("WHO nobodyhere");
      asker.expect(":streamroom 315 usask4 nobodyhere :End of WHO list$");
    }
  }

  @Test
  void whoxGivesTheAskedFieldsInItsOwnOrderWithTheToken() {
    try (IrcClient cool = registeredAs("uswhox", "USER whoxuser 0 * :Whox Real");
         IrcClient asker = IrcClient.registered(app.ircPort(), "usask7")) {
      asker.send("WHO uswhox %nratu,42"); // asked in any order, given as t, u, n, a, r
      asker.expect(":streamroom 354 usask7 42 ~whoxuser uswhox 0 :Whox Real$");
      asker.expect(":streamroom 315 usask7 uswhox :");
      asker.send("WHO uswhox %tcuihsnfdlaor,7");
      asker.expect(":streamroom 354 usask7 7 \\* ~whoxuser 255.255.255.255 streamroom streamroom uswhox H 0 0 0 n/a :Whox Real$");
    }
  }

  @Test
  void invisibleUsersAreFoundByNameOrSharedChannelButNotByMask() {
    try (IrcClient hidden = IrcClient.registered(app.ircPort(), "ushide");
         IrcClient asker = IrcClient.registered(app.ircPort(), "usseek")) {
      hidden.send("MODE ushide +i");
      hidden.expect("^:ushide!ushide@streamroom MODE ushide \\+i$");
      asker.send("WHO ushi*");
      asker.expect(":streamroom 315 usseek ushi\\* :");
      asker.send("WHO ushide");
      asker.expect(":streamroom 352 usseek \\* ~ushide streamroom streamroom ushide H :0 ushide$");
      hidden.join("#ushidden");
      asker.join("#ushidden");
      asker.send("WHO ushi*");
      asker.expect(":streamroom 352 usseek \\* ~ushide ");
      asker.expect(":streamroom 315 usseek ushi\\* :");
    }
  }

  @Test
  void botsShowAsBotsInWhoAndWhois() {
    try (IrcClient bot = IrcClient.registered(app.ircPort(), "usbot");
         IrcClient asker = IrcClient.registered(app.ircPort(), "usask5")) {
      bot.send("MODE usbot +B");
      bot.expect("^:usbot!usbot@streamroom MODE usbot \\+B$");
      bot.join("#usbots");
      asker.send("WHO #usbots");
      asker.expect(":streamroom 352 usask5 #usbots ~usbot streamroom streamroom usbot H@?B :0 usbot$");
      asker.send("WHOIS usbot");
      asker.expect(":streamroom 335 usask5 usbot :is a bot$");
      asker.expectNumeric("318");
    }
  }

  @Test
  void setnameChangesTheRealNameAndTellsChannelMatesWithTheCapability() {
    try (IrcClient renamer = IrcClient.registeredWithCaps(app.ircPort(), "usset", "setname");
         IrcClient mate = IrcClient.registeredWithCaps(app.ircPort(), "usmate", "setname");
         IrcClient plain = IrcClient.registered(app.ircPort(), "usplain")) {
      renamer.join("#usnames");
      mate.join("#usnames");
      plain.join("#usnames");
      renamer.send("SETNAME :A New Name");
      renamer.expect("^:usset!usset@streamroom SETNAME :A New Name$");
      mate.expect("^:usset!usset@streamroom SETNAME :A New Name$");
      plain.expectNo("SETNAME", Duration.ofMillis(500)); // no capability, no SETNAME
      plain.send("WHOIS usset");
      plain.expect(":streamroom 311 usplain usset ~usset streamroom \\* :A New Name$");
      renamer.send("SETNAME");
      renamer.expect(":streamroom 461 usset SETNAME :");
    }
  }

  @Test
  void telnetUsersHaveAFixedUsernameAndRealName() {
    try (TelnetClient telnet = app.user("ustel"); IrcClient asker = IrcClient.registered(app.ircPort(), "usask6")) {
      asker.send("WHOIS ustel");
      asker.expect(":streamroom 311 usask6 ustel telnet streamroom \\* :Streamroom telnet user$");
      asker.expectNumeric("318");
    }
  }
}
