package io.streamroom.irc;

import io.streamroom.config.Setting;
import io.streamroom.support.ApiClient;
import io.streamroom.support.IrcClient;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Accounts over IRC (SASL PLAIN and PASS, the same login as telnet's) and the tags capabilities. */
class IrcAccountsTest {
  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start(Map.of(Setting.IRC_PORT, String.valueOf(TestApp.freePort()), Setting.ADMINS, "acboss"));
    ApiClient api = new ApiClient(app.httpPort());
    for (String name : new String[] {"acsasl", "acpass", "acboss", "actags"}) api.register(name, "password1");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static String plain(String name, String password) {
    return Base64.getEncoder().encodeToString(("\0" + name + "\0" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void saslPlainLogsInToTheAccountAndWhoisShowsIt() {
    try (IrcClient irc = IrcClient.connect(app.ircPort())) {
      irc.send("CAP LS 302").send("NICK somebody").send("USER u 0 * :u");
      irc.send("CAP REQ :sasl");
      irc.expect(" CAP somebody ACK :sasl");
      irc.send("AUTHENTICATE PLAIN");
      irc.expect("^AUTHENTICATE \\+$");
      irc.send("AUTHENTICATE " + plain("acsasl", "password1"));
      irc.expect(":streamroom 900 \\S+ acsasl!acsasl@streamroom acsasl :You are now logged in as acsasl");
      irc.expectNumeric("903");
      irc.send("CAP END");
      assertTrue(irc.expectNumeric("001").contains(" 001 acsasl "), "the account's name is the nickname");
      irc.send("WHOIS acsasl");
      irc.expect(" 330 acsasl acsasl acsasl :is logged in as");
      irc.expectNumeric("318");
    }
  }

  @Test
  void wrongSaslPasswordIs904AndTheClientMayStillRegisterAsAGuest() {
    try (IrcClient irc = IrcClient.connect(app.ircPort())) {
      irc.send("CAP LS 302").send("NICK acguest").send("USER u 0 * :u").send("CAP REQ :sasl");
      irc.send("AUTHENTICATE PLAIN");
      irc.expect("^AUTHENTICATE \\+$");
      irc.send("AUTHENTICATE " + plain("acsasl", "wrong-password"));
      irc.expect(":streamroom 904 acguest :Wrong name or password");
      irc.send("AUTHENTICATE SCRAM-SHA-256");
      irc.expect(":streamroom 908 acguest PLAIN :are available SASL mechanisms");
      irc.send("CAP END");
      irc.expect(" 001 acguest ");
    }
  }

  @Test
  void passBeforeNickLogsInToTheAccountNamedByNickAndAWrongOneIsRefused() {
    try (IrcClient irc = IrcClient.connect(app.ircPort())) {
      irc.send("PASS password1").send("NICK acpass").send("USER u 0 * :u");
      irc.expect(" 001 acpass ");
      irc.send("WHOIS acpass");
      irc.expect(" 330 acpass acpass acpass ");
    }
    try (IrcClient irc = IrcClient.connect(app.ircPort())) {
      irc.send("PASS nope").send("NICK acpass").send("USER u 0 * :u");
      irc.expect(":streamroom 464 acpass :Wrong name or password");
      irc.expect("^ERROR :");
      irc.expectClosed();
    }
  }

  @Test
  void anAccountNameWithoutPasswordIsInUse() {
    try (IrcClient irc = IrcClient.connect(app.ircPort())) {
      irc.send("NICK acsasl").send("USER u 0 * :u");
      irc.expect(":streamroom 433 acsasl acsasl :acsasl belongs to an account");
    }
  }

  @Test
  void adminAccountsAreOperatorsInWhois() {
    try (IrcClient boss = IrcClient.withSasl(app.ircPort(), "acboss", "password1", "")) {
      boss.send("WHOIS acboss");
      boss.expect(" 313 acboss acboss :is a server admin");
    }
  }

  @Test
  void tagsCarryTimeMessageIdAndAccountAndEchoMessageEchoes() {
    try (IrcClient tagged = IrcClient.withSasl(app.ircPort(), "actags", "password1",
        "server-time message-tags account-tag echo-message");
         IrcClient plainClient = IrcClient.registered(app.ircPort(), "acplain")) {
      plainClient.join("#tags"); // a guest's channel is open to guests
      tagged.join("#tags");
      tagged.send("PRIVMSG #tags :tagged hello");
      String echo = tagged.expect("PRIVMSG #tags :tagged hello");
      assertTrue(echo.matches("@time=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z;msgid=\\d+;account=actags "
          + ":actags!actags@streamroom PRIVMSG #tags :tagged hello"), echo);
      // The same event without capabilities: no tags.
      plainClient.expect("^:actags!actags@streamroom PRIVMSG #tags :tagged hello$");
      plainClient.send("PRIVMSG #tags :untagged");
      tagged.expect("^@time=\\S+;msgid=\\d+ :acplain!acplain@streamroom PRIVMSG #tags :untagged$");
      plainClient.expectNo("untagged", java.time.Duration.ofMillis(300)); // no echo without echo-message
    }
  }

  @Test
  void historyOnJoinCarriesServerTimeOrAVisibleTime() {
    try (TelnetClient telnet = TelnetClient.connect(app.tcpPort())) {
      telnet.expect("Choose a nickname");
      telnet.send("achist");
      telnet.expect("You joined #lobby");
      telnet.send("/join #hist");
      telnet.expect("You joined #hist");
      telnet.send("an old line");
      telnet.expect("achist: an old line");
    }
    try (IrcClient timed = IrcClient.registeredWithCaps(app.ircPort(), "achist2", "server-time");
         IrcClient untimed = IrcClient.registered(app.ircPort(), "achist3")) {
      timed.send("JOIN #hist");
      timed.expect("^@time=\\S+Z :achist!achist@streamroom PRIVMSG #hist :an old line$");
      untimed.send("JOIN #hist");
      untimed.expect("^:achist!achist@streamroom PRIVMSG #hist :\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\] an old line$");
    }
  }
}
