package io.streamroom.it;

import io.streamroom.support.Irssi;
import io.streamroom.support.Ngircd;
import io.streamroom.support.Programs;
import io.streamroom.support.RealIrcClient.Login;
import io.streamroom.support.Weechat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The irssi and weechat drivers against an established server, Debian's ngIRCd: what IrcClientsIT asks
 * of Streamroom, shown to work with the same drivers where the server is not in doubt. irssi joins each
 * channel first, so ngIRCd makes it the channel's operator.
 */
class IrcClientsAgainstNgircdIT {
  private static Ngircd server;
  private static Irssi irssi;
  private static Weechat weechat;

  @BeforeAll
  static void registerAndJoin() {
    Programs.require(Ngircd.PROGRAM);
    Programs.require(Irssi.PROGRAMS);
    Programs.require(Weechat.PROGRAMS);
    server = Ngircd.start();
    irssi = Irssi.start(Login.of("127.0.0.1", server.port(), "irssiuser"));
    weechat = Weechat.start(Login.of("127.0.0.1", server.port(), "weeuser"));
    irssi.connect();
    weechat.connect();
    for (String channel : new String[] {"#alpha", "#beta"}) {
      irssi.join(channel);
      irssi.awaitLineIn(channel, "irssiuser .* has joined " + channel);
      weechat.join(channel);
      weechat.awaitLineIn(channel, "weeuser .* has joined " + channel);
      irssi.awaitLineIn(channel, "weeuser .* has joined " + channel);
    }
  }

  @AfterAll
  static void stop() {
    if (weechat != null) weechat.close();
    if (irssi != null) irssi.close();
    if (server != null) server.close();
  }

  @Test
  void bothClientsRegisterAndSeeTheServersWelcome() {
    irssi.awaitLine("Welcome to the Internet Relay Network irssiuser!");
    weechat.awaitLine("Welcome to the Internet Relay Network weeuser!");
  }

  @Test
  void messagesReachTheOtherClientInTheirOwnChannel() {
    irssi.say("#alpha", "alpha from irssi");
    weechat.say("#beta", "beta from weechat");
    weechat.awaitLineIn("#alpha", "irssiuser\talpha from irssi");
    irssi.awaitLineIn("#beta", "<.weeuser> beta from weechat");
    // Each client also shows its own line where it said it.
    irssi.awaitLineIn("#alpha", "<.irssiuser> alpha from irssi");
    weechat.awaitLineIn("#beta", "weeuser\tbeta from weechat");
  }

  @Test
  void privateMessagesOpenAConversationWithTheSender() {
    weechat.say("irssiuser", "psst, irssi");
    irssi.awaitLineIn("weeuser", "<weeuser> psst, irssi");
    irssi.say("weeuser", "psst back");
    weechat.awaitLineIn("irssiuser", "irssiuser\tpsst back");
  }

  @Test
  void channelOperatorKicksWithAReasonBothClientsShow() {
    irssi.join("#gamma");
    irssi.awaitLineIn("#gamma", "irssiuser .* has joined #gamma");
    weechat.join("#gamma");
    irssi.awaitLineIn("#gamma", "weeuser .* has joined #gamma");
    irssi.command("/kick #gamma weeuser enough from you");
    weechat.awaitLineIn("#gamma", "irssiuser has kicked weeuser \\(enough from you\\)");
    irssi.awaitLineIn("#gamma", "weeuser was kicked from #gamma by irssiuser \\[enough from you\\]");
  }
}
