package io.streamroom.irc;

import io.streamroom.config.Setting;
import io.streamroom.support.ApiClient;
import io.streamroom.support.IrcClient;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

/** MODE mapped to our rules, moderation notices, refusals as numerics, and KICK out of a channel. */
class IrcModerationTest {
  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start(Map.of(Setting.IRC_PORT, String.valueOf(TestApp.freePort()), Setting.ADMINS, "mdboss"));
    ApiClient api = new ApiClient(app.httpPort());
    for (String name : new String[] {"mdowner", "mdmod", "mdowner2", "mdtarget", "mdboss"}) api.register(name, "password1");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void modeMapsToRegisteredOnlyModeratorsAndBans() {
    try (IrcClient owner = IrcClient.withSasl(app.ircPort(), "mdowner", "password1", "");
         IrcClient mod = IrcClient.withSasl(app.ircPort(), "mdmod", "password1", "");
         IrcClient guest = IrcClient.registered(app.ircPort(), "mdguest")) {
      owner.join("#mod");
      mod.join("#mod");
      guest.join("#mod");
      owner.send("MODE #mod");
      owner.expect(":streamroom 324 mdowner #mod \\+Mnt");
      guest.send("PRIVMSG #mod :let me talk");
      guest.expect(":streamroom 404 mdguest #mod :#mod is for registered users");
      owner.send("MODE #mod -M");
      guest.expect("^:mdowner!mdowner@streamroom MODE #mod -M$");
      guest.send("PRIVMSG #mod :thanks");
      owner.expect(":mdguest!mdguest@streamroom PRIVMSG #mod :thanks");
      owner.send("MODE #mod +o mdmod");
      guest.expect("^:mdowner!mdowner@streamroom MODE #mod \\+o mdmod$");
      guest.send("MODE #mod +o mdguest");
      guest.expect(":streamroom 482 mdguest #mod :");
      mod.send("MODE #mod +b mdguest!*@*");
      owner.expect("^:mdmod!mdmod@streamroom MODE #mod \\+b mdguest!\\*@\\*$");
      guest.expect("^:mdmod!mdmod@streamroom KICK #mod mdguest :Banned");
      guest.send("JOIN #mod");
      guest.expect(":streamroom 474 mdguest #mod :You are banned from #mod");
      guest.send("MODE #mod +z");
      guest.expect(":streamroom 472 mdguest z :");
    }
  }

  @Test
  void aTimeoutArrivesAsANoticeAndSayingAnythingIsRefusedWith404() {
    try (TelnetClient owner = app.user("mdowner2x"); IrcClient target = IrcClient.withSasl(app.ircPort(), "mdtarget", "password1", "")) {
      owner.send("/login mdowner2 password1");
      owner.expect("Logged in as mdowner2");
      owner.send("/join #mod2");
      owner.expect("You joined #mod2");
      target.join("#mod2");
      owner.send("/timeout mdtarget 60 calm down");
      target.expect("^:streamroom NOTICE #mod2 :mdtarget was timed out for 60 s by mdowner2: calm down$");
      target.send("PRIVMSG #mod2 :but why");
      target.expect(":streamroom 404 mdtarget #mod2 :You are timed out in #mod2 for \\d+ s more");
    }
  }

  @Test
  void anAdminKicksOutOfTheLobbyAndTheUserStaysConnected() {
    try (IrcClient boss = IrcClient.withSasl(app.ircPort(), "mdboss", "password1", "");
         IrcClient victim = IrcClient.registered(app.ircPort(), "mdvictim");
         IrcClient bystander = IrcClient.registered(app.ircPort(), "mdby")) {
      boss.join("#lobby");
      victim.join("#lobby");
      bystander.join("#lobby");
      bystander.send("KICK #lobby mdvictim :no");
      bystander.expect(":streamroom 482 mdby #lobby :Only moderators of #lobby, its owner or an admin can do that.");
      boss.send("KICK #lobby mdvictim :enough");
      victim.expect("^:mdboss!mdboss@streamroom KICK #lobby mdvictim :enough$");
      bystander.expect("^:mdboss!mdboss@streamroom KICK #lobby mdvictim :enough$");
      victim.send("PING :alive");
      victim.expect("PONG streamroom :alive");
      victim.join("#lobby");
    }
  }
}
