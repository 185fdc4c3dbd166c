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

/** A server with an IRC connection password (RFC 1459's PASS): without it, or with a wrong one, no registration. */
class IrcServerPasswordTest {
  private static final String SERVER_PASSWORD = "letmein-please";
  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start(Map.of(Setting.IRC_PORT, String.valueOf(TestApp.freePort()), Setting.IRC_PASSWORD, SERVER_PASSWORD));
    new ApiClient(app.httpPort()).register("pwaccount", "pwaccount-password");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void theRightPasswordRegistersAndNoneOrAWrongOneIsRefusedAndDisconnected() {
    try (IrcClient irc = IrcClient.connect(app.ircPort())) {
      irc.send("PASS " + SERVER_PASSWORD).send("NICK pwguest").send("USER u 0 * :u");
      irc.expect(" 001 pwguest ");
    }
    try (IrcClient irc = IrcClient.connect(app.ircPort())) {
      irc.send("NICK pwnone").send("USER u 0 * :u");
      irc.expect(" 464 pwnone :Password incorrect");
      irc.expect("^ERROR :Closing Link: a server password is required");
      irc.expectClosed();
    }
    try (IrcClient irc = IrcClient.connect(app.ircPort())) {
      irc.send("PASS " + SERVER_PASSWORD + "x").send("NICK pwwrong").send("USER u 0 * :u");
      irc.expect(" 464 pwwrong :Password incorrect");
      irc.expect("^ERROR :Closing Link: bad password");
      irc.expectClosed();
    }
  }

  @Test
  void withAServerPasswordAccountsLogInWithSaslAndTelnetIsNotAsked() {
    try (IrcClient irc = IrcClient.connect(app.ircPort())) {
      irc.send("PASS " + SERVER_PASSWORD).send("CAP LS 302").send("NICK pwaccount").send("USER u 0 * :u");
      irc.expect(" CAP \\* LS :");
      irc.send("CAP REQ :sasl");
      irc.expect(" CAP \\S+ ACK :");
      irc.send("AUTHENTICATE PLAIN");
      irc.expect("^AUTHENTICATE \\+$");
      irc.send("AUTHENTICATE " + Base64.getEncoder().encodeToString("\0pwaccount\0pwaccount-password".getBytes(StandardCharsets.UTF_8)));
      irc.expectNumeric("903");
      irc.send("CAP END");
      irc.expect(" 001 pwaccount ");
    }
    try (IrcClient irc = IrcClient.connect(app.ircPort())) {
      // PASS is the server's password now, not an account's: the account's own name stays taken without SASL.
      irc.send("PASS " + SERVER_PASSWORD).send("NICK pwaccount").send("USER u 0 * :u");
      irc.expect(" 433 pwaccount pwaccount :");
    }
    try (TelnetClient telnet = app.user("pwtelnet")) {
      telnet.send("still a telnet chat");
      telnet.expect("pwtelnet: still a telnet chat");
    }
  }
}
