package io.streamroom.irc;

import io.streamroom.config.Setting;
import io.streamroom.support.IrcClient;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** IRCv3 message-tags from clients: client-only tags relayed to those who read tags, TAGMSG, and bots' tag. */
class IrcClientTagsTest {
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
  void clientOnlyTagsReachClientsWithMessageTagsOnly() {
    try (IrcClient alice = IrcClient.registeredWithCaps(app.ircPort(), "tgalice", "message-tags");
         IrcClient bob = IrcClient.registeredWithCaps(app.ircPort(), "tgbob", "message-tags echo-message");
         IrcClient carol = IrcClient.registered(app.ircPort(), "tgcarol");
         TelnetClient telnet = app.user("tgtelnet")) {
      alice.join("#tags");
      bob.join("#tags");
      carol.join("#tags");
      telnet.send("/join #tags");
      alice.send("@+baz=bat;fizz=buzz PRIVMSG #tags hi");
      String got = bob.expect("PRIVMSG #tags :?hi$");
      assertTrue(got.matches("^@msgid=\\d+;\\+baz=bat :tgalice!tgalice@streamroom PRIVMSG #tags :hi$"), got); // fizz is not a client tag
      carol.expect("^:tgalice!tgalice@streamroom PRIVMSG #tags :hi$");
      telnet.expect("tgalice: hi");
      bob.send("@+reply=1;+emoji=a\\sb\\:c PRIVMSG #tags :hi yourself");
      alice.expect("^@msgid=\\d+;\\+reply=1;\\+emoji=a\\\\sb\\\\:c :tgbob!tgbob@streamroom PRIVMSG #tags :hi yourself$");
      bob.expect("^@msgid=\\d+;\\+reply=1;\\+emoji=a\\\\sb\\\\:c :tgbob!tgbob@streamroom PRIVMSG #tags :hi yourself$"); // echo
    }
  }

  @Test
  void tagmsgGoesOnlyToMessageTagsClientsAndPrivateTagsToo() {
    try (IrcClient alice = IrcClient.registeredWithCaps(app.ircPort(), "tmalice", "message-tags");
         IrcClient bob = IrcClient.registeredWithCaps(app.ircPort(), "tmbob", "message-tags echo-message");
         IrcClient carol = IrcClient.registered(app.ircPort(), "tmcarol")) {
      alice.join("#tagmsg");
      bob.join("#tagmsg");
      carol.join("#tagmsg");
      bob.send("@+typing=active;cat=dog TAGMSG #tagmsg");
      alice.expect("^@msgid=[0-9a-f-]+;\\+typing=active :tmbob!tmbob@streamroom TAGMSG #tagmsg$");
      bob.expect("^@msgid=[0-9a-f-]+;\\+typing=active :tmbob!tmbob@streamroom TAGMSG #tagmsg$");
      carol.expectNo("TAGMSG", Duration.ofMillis(500));
      alice.send("@+draft/reply=7 PRIVMSG tmcarol :plain for carol");
      carol.expect("^:tmalice!tmalice@streamroom PRIVMSG tmcarol :plain for carol$");
      alice.send("@+draft/reply=7 PRIVMSG tmbob :tagged for bob");
      bob.expect("^@msgid=\\d+;\\+draft/reply=7 :tmalice!tmalice@streamroom PRIVMSG tmbob :tagged for bob$");
      bob.send("@+typing=paused TAGMSG tmalice");
      alice.expect("^@msgid=[0-9a-f-]+;\\+typing=paused :tmbob!tmbob@streamroom TAGMSG tmalice$");
      bob.expect("^@msgid=[0-9a-f-]+;\\+typing=paused :tmbob!tmbob@streamroom TAGMSG tmalice$"); // echo
      bob.send("@+typing=paused TAGMSG tmcarol"); // carol's client does not read tags: she gets nothing
      carol.expectNo("TAGMSG", Duration.ofMillis(500));
    }
  }

  @Test
  void tagsOverTheLimitAre417AndNothingIsRelayed() {
    try (IrcClient alice = IrcClient.registeredWithCaps(app.ircPort(), "tlalice", "message-tags");
         IrcClient bob = IrcClient.registeredWithCaps(app.ircPort(), "tlbob", "message-tags")) {
      alice.join("#taglimit");
      bob.join("#taglimit");
      alice.send("@foo=bar;+baz=" + "a".repeat(4081) + " TAGMSG #taglimit"); // 4,096 bytes with '@' and ' ': the most
      bob.expect("^@msgid=[0-9a-f-]+;\\+baz=a{4081} :tlalice!tlalice@streamroom TAGMSG #taglimit$");
      alice.send("@foo=bar;+baz=" + "a".repeat(4082) + " TAGMSG #taglimit");
      alice.expect(":streamroom 417 tlalice :Input line was too long$");
      bob.expectNo("TAGMSG", Duration.ofMillis(500));
    }
  }

  @Test
  void botsMessagesCarryTheBotTag() {
    try (IrcClient bot = IrcClient.registeredWithCaps(app.ircPort(), "tbbot", "message-tags echo-message");
         IrcClient user = IrcClient.registeredWithCaps(app.ircPort(), "tbuser", "message-tags")) {
      bot.send("MODE tbbot +B");
      bot.expect("MODE tbbot \\+B$");
      bot.send("PRIVMSG tbuser :beep boop");
      user.expect("^@msgid=\\d+;bot :tbbot!tbbot@streamroom PRIVMSG tbuser :beep boop$");
      bot.expect("^@msgid=\\d+;bot :tbbot!tbbot@streamroom PRIVMSG tbuser :beep boop$"); // echo
      bot.join("#bots");
      user.join("#bots");
      bot.send("PRIVMSG #bots :beep");
      user.expect("^@msgid=\\d+;bot :tbbot!tbbot@streamroom PRIVMSG #bots :beep$");
    }
  }
}
