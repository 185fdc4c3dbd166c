package io.streamroom.tcp;

import io.streamroom.config.Setting;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Telnet users chatting: every command, two or more users per test, over real sockets. */
class TelnetChatTest {
  private static TestApp app;

  @BeforeAll
  static void start() {
    // Two adapter instances, so consecutive connections land on different event loops.
    app = TestApp.start(Map.of(Setting.ADMINS, "boss,chief,judge", Setting.TCP_INSTANCES, "2"));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static TelnetClient admin(String name) {
    TelnetClient admin = app.user(name);
    admin.send("/register correct-horse");
    admin.expect("is now your account");
    return admin;
  }

  @Test
  void channelMessageReachesEveryoneIncludingTheSender() {
    try (TelnetClient alice = app.user("alice"); TelnetClient bob = app.user("bob")) {
      alice.expect("* bob joined #lobby");
      alice.send("hello everyone");
      assertEquals("alice: hello everyone", alice.expect("hello everyone"));
      assertEquals("alice: hello everyone", bob.expect("hello everyone"));
    }
  }

  @Test
  void othersSeeJoinAndLeaveNotices() {
    try (TelnetClient carol = app.user("carol")) {
      TelnetClient dave = app.user("dave");
      carol.expect("* dave joined #lobby");
      dave.send("/quit");
      dave.expect("Bye.");
      dave.expectClosed();
      carol.expect("* dave quit");
    }
  }

  @Test
  void takenAndInvalidNicknamesGetReasonAndNewPrompt() {
    try (TelnetClient erin = app.user("erin"); TelnetClient other = app.connect()) {
      other.expect("Choose a nickname");
      other.send("ERIN");
      other.expect("! That nickname is in use.");
      other.expect("Choose a nickname");
      other.send("9lives");
      other.expect("! A nickname is 2-20 characters");
      other.expect("Choose a nickname");
      other.send("x");
      other.expect("! A nickname is 2-20 characters");
      other.send("frank");
      other.expect("You joined #lobby");
      erin.expect("* frank joined #lobby");
    }
  }

  @Test
  void privateMessagesReachOnlyTheirTargetWherever() {
    try (TelnetClient gina = app.user("gina"); TelnetClient hank = app.user("hank"); TelnetClient ivy = app.user("ivy")) {
      hank.send("/join #elsewhere");
      hank.expect("You joined #elsewhere");
      gina.send("/private hank meet me at noon");
      gina.expect("[private to hank] meet me at noon");
      hank.expect("[private] gina: meet me at noon");
      gina.send("/msg Hank and bring coffee");
      hank.expect("[private] gina: and bring coffee");
      ivy.expectNo("noon", Duration.ofMillis(300));
      gina.send("/msg nobody-here hi");
      gina.expect("! nobody-here is not online.");
    }
  }

  @Test
  void joinCreatesChannelsAndChannelsListsThemWithCounts() {
    try (TelnetClient jack = app.user("jack"); TelnetClient kate = app.user("kate")) {
      jack.send("/join #Rust");
      jack.expect("You joined #rust. Here: jack");
      kate.expect("* jack left #lobby");
      kate.send("/join rust");
      kate.expect("You joined #rust. Here: jack, kate");
      jack.expect("* kate joined #rust");
      kate.send("/channels");
      String line = kate.expect("Channels:");
      assertTrue(line.contains("#rust (2)"), line);
      assertTrue(line.contains("#lobby ("), line);
      kate.send("/join #bad!name");
      kate.expect("! A channel name is # followed by");
    }
  }

  @Test
  void messagesStayInTheirChannel() {
    try (TelnetClient lena = app.user("lena"); TelnetClient mike = app.user("mike")) {
      lena.send("/join #quiet");
      lena.expect("You joined #quiet");
      mike.send("lobby talk");
      mike.expect("mike: lobby talk");
      lena.send("quiet talk");
      lena.expect("lena: quiet talk");
      mike.expectNo("quiet talk", Duration.ofMillis(300));
      lena.expectNo("lobby talk", Duration.ofMillis(100));
    }
  }

  @Test
  void partGoesBackToLobbyAndLobbyCannotBeLeft() {
    try (TelnetClient nina = app.user("nina"); TelnetClient omar = app.user("omar")) {
      nina.send("/part");
      nina.expect("! You are in #lobby");
      nina.send("/join #side");
      nina.expect("You joined #side");
      omar.expect("* nina left #lobby");
      nina.send("/part");
      nina.expect("You joined #lobby");
      omar.expect("* nina joined #lobby");
    }
  }

  @Test
  void whoListsThisChannelAndListusersEveryone() {
    try (TelnetClient pia = app.user("pia"); TelnetClient quinn = app.user("quinn")) {
      quinn.send("/join #corner");
      quinn.expect("You joined #corner");
      quinn.send("/who");
      assertEquals("* In #corner (1): quinn", quinn.expect("* In #corner"));
      pia.send("/who");
      String who = pia.expect("* In #lobby");
      assertTrue(who.contains("pia") && !who.contains("quinn"), who);
      pia.send("/listusers");
      String online = pia.expect("* Online");
      assertTrue(online.contains("pia") && online.contains("quinn"), online);
    }
  }

  @Test
  void historyShowsEarlierMessagesOnJoinAndOnRequest() {
    try (TelnetClient rita = app.user("rita")) {
      rita.send("/join #archive");
      rita.expect("You joined #archive");
      for (int i = 1; i <= 3; i++) {
        rita.send("note " + i);
        rita.expect("rita: note " + i);
      }
      try (TelnetClient sam = app.user("sam")) {
        sam.send("/join #archive");
        sam.expect("[history ");
        sam.expect(line -> line.startsWith("[history ") && line.endsWith("] rita: note 3"), "history line note 3");
        sam.expect("You joined #archive");
        sam.send("/history 2");
        sam.expect(line -> line.endsWith("rita: note 2") && line.startsWith("[history"), "note 2");
        sam.expect(line -> line.endsWith("rita: note 3") && line.startsWith("[history"), "note 3");
        sam.send("/history 1000");
        sam.expect("! History size must be 1-100.");
      }
    }
  }

  @Test
  void helpListsEveryCommand() {
    try (TelnetClient tom = app.user("tom"); TelnetClient uma = app.user("uma")) {
      tom.send("/help");
      tom.expect("Commands:");
      for (TelnetCommand c : TelnetCommand.values()) {
        if (c.help != null) tom.expect(c.usage);
      }
      uma.expectNo("Commands:", Duration.ofMillis(200));
    }
  }

  @Test
  void unknownCommandPointsToHelpAndConnectionKeepsWorking() {
    try (TelnetClient vera = app.user("vera"); TelnetClient walt = app.user("walt")) {
      vera.send("/dance");
      vera.expect("! Unknown command /dance. Type /help for the list.");
      vera.send("still here");
      walt.expect("vera: still here");
    }
  }

  @Test
  void guestCannotUseAnAccountsNicknameAndLoginWorksAnytime() {
    try (TelnetClient xena = app.user("xena")) {
      xena.send("/register short");
      xena.expect("! A password needs at least 8 characters.");
      xena.send("/register hunter2hunter2");
      xena.expect("xena is now your account");
      xena.send("/register again-and-again");
      xena.expect("! You already have an account.");
      xena.send("/quit");
      xena.expectClosed();
    }
    try (TelnetClient guest = app.connect(); TelnetClient yuri = app.user("yuri")) {
      guest.expect("Choose a nickname");
      guest.send("xena");
      guest.expect("! xena belongs to an account: log in with /login xena <password>");
      guest.send("/login xena wrong-password");
      guest.expect("! Wrong name or password.");
      guest.send("/login xena hunter2hunter2");
      guest.expect("Hello xena.");
      guest.expect("You joined #lobby");
      yuri.expect("* xena joined #lobby");
      yuri.send("/login xena hunter2hunter2");
      yuri.expect("* Logged in as xena.");
      guest.expect("* yuri is now known as xena");
    }
  }

  @Test
  void adminsKickWithAReasonAndTheChannelIsTold() {
    try (TelnetClient boss = admin("boss"); TelnetClient troll = app.user("troll"); TelnetClient zed = app.user("zed")) {
      zed.send("/kick troll");
      zed.expect("! Only admins can do that.");
      boss.send("/kick troll spamming links");
      boss.expect("* Kicked troll.");
      troll.expect("You were kicked by boss: spamming links");
      troll.expectClosed();
      zed.expect("* troll was kicked from #lobby by boss: spamming links");
      boss.send("/kick troll again");
      boss.expect("! troll is not online.");
      boss.send("/kick boss");
      boss.expect("! You cannot kick yourself.");
    }
  }

  @Test
  void adminsListAdminsAndPromoteOthers() {
    try (TelnetClient chief = admin("chief"); TelnetClient ann = app.user("ann")) {
      ann.send("/listadmins");
      ann.expect("! Only admins can do that.");
      ann.send("/addadmin ann");
      ann.expect("! Only admins can do that.");
      chief.send("/listadmins");
      String admins = chief.expect("* Admins");
      assertTrue(admins.contains("chief (online)"), admins);
      assertTrue(admins.contains("boss"), admins);
      chief.send("/addadmin ann");
      chief.expect("ann is now an admin until they disconnect");
      ann.expect("* chief made you an admin.");
      ann.send("/listadmins");
      assertTrue(ann.expect("* Admins").contains("ann (online)"));
      chief.send("/addadmin nobody-at-all");
      chief.expect("! nobody-at-all is neither online nor an account.");
    }
  }

  @Test
  void overLongLineIsRefusedAndConnectionStaysUsable() {
    try (TelnetClient ben = app.user("ben"); TelnetClient cleo = app.user("cleo")) {
      ben.send("x".repeat(2001));
      ben.expect("! Line too long: at most 2000 bytes. It was not sent.");
      ben.send("y".repeat(2000));
      cleo.expect("ben: " + "y".repeat(2000));
      ben.send("short again");
      cleo.expect("ben: short again");
      cleo.expectNo("xxxx", Duration.ofMillis(100));
    }
  }

  @Test
  void invalidUtf8IsReplacedNotACrash() {
    try (TelnetClient dora = app.user("dora"); TelnetClient eli = app.user("eli")) {
      dora.sendRaw(new byte[] {'b', 'a', 'd', ' ', (byte) 0xC3, (byte) 0x28, ' ', (byte) 0xFE, '!', '\r', '\n'});
      assertEquals("dora: bad \uFFFD( \uFFFD!", eli.expect("dora: bad"));
      dora.send("caf\u00e9 ok");
      eli.expect("dora: caf\u00e9 ok");
    }
  }

  @Test
  void controlCharactersAreStrippedExceptTab() {
    try (TelnetClient finn = app.user("finn"); TelnetClient gus = app.user("gus")) {
      finn.send("ring\u0007 the \u001b[31mbell\tnow");
      assertEquals("finn: ring the [31mbell\tnow", gus.expect("finn: ring"));
    }
  }

  @Test
  void emptyLinesAreIgnored() {
    try (TelnetClient hugo = app.user("hugo"); TelnetClient iris = app.user("iris")) {
      hugo.send("");
      hugo.send("   ");
      hugo.send("after blanks");
      String next = iris.expect(line -> line.startsWith("hugo"), "hugo's line");
      assertEquals("hugo: after blanks", next);
    }
  }

  @Test
  void telnetNegotiationIsIgnoredAndBareLfWorks() {
    try (TelnetClient jon = app.connect(); TelnetClient kim = app.user("kim")) {
      jon.expect("Choose a nickname");
      // IAC WILL ECHO, IAC DO SUPPRESS-GO-AHEAD, IAC SB NAWS 0 80 0 24 IAC SE, then the nickname with LF only
      jon.sendRaw(new byte[] {(byte) 255, (byte) 251, 1, (byte) 255, (byte) 253, 3,
          (byte) 255, (byte) 250, 31, 0, 80, 0, 24, (byte) 255, (byte) 240, 'j', 'o', 'n', '\n'});
      jon.expect("You joined #lobby");
      jon.sendRaw("hi from nc\n".getBytes());
      kim.expect("jon: hi from nc");
    }
  }

  @Test
  void floodingIsSlowedWithAClearMessage() {
    try (TelnetClient lou = app.user("lou"); TelnetClient max = app.user("max")) {
      for (int i = 1; i <= 20; i++) lou.send("spam " + i);
      max.expect("lou: spam 20");
      lou.send("spam 21");
      lou.expect("! You are sending too fast: at most 20 messages per 30 s. Wait ");
      max.expectNo("spam 21", Duration.ofMillis(300));
      lou.send("/msg max psst");
      lou.expect("! You are sending too fast");
    }
  }

  @Test
  void commandsBeforeANicknameAreRefused() {
    try (TelnetClient early = app.connect()) {
      early.expect("Choose a nickname");
      early.send("/listusers");
      early.expect("! Choose a nickname first, or /login <nick> <password>.");
      early.send("/quit");
      early.expectClosed();
    }
  }

  @Test
  void manyUsersArrivingAtOnceAllGetIn() throws Exception {
    // Joins from two event loops at once: each session's join must finish on its own loop.
    java.util.List<java.net.Socket> sockets = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 120; i++) {
        java.net.Socket socket = new java.net.Socket("127.0.0.1", app.tcpPort());
        socket.getOutputStream().write(("crowd" + i + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sockets.add(socket);
      }
      for (java.net.Socket socket : sockets) {
        socket.setSoTimeout(10_000);
        java.io.BufferedReader in = new java.io.BufferedReader(
            new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
        String line;
        do {
          line = in.readLine();
          assertTrue(line != null && !line.startsWith("! "), "got in: " + line);
        } while (!line.startsWith("* You joined #lobby"));
      }
    } finally {
      for (java.net.Socket socket : sockets) socket.close();
    }
  }

  @Test
  void usersOnDifferentAdapterInstancesShareChannels() {
    // Vert.x hands consecutive connections to the two TCP instances in turn.
    try (TelnetClient one = app.user("nora"); TelnetClient two = app.user("otto"); TelnetClient three = app.user("pete")) {
      for (TelnetClient user : new TelnetClient[] {one, two, three}) {
        user.send("/join #shared");
        user.expect("You joined #shared");
      }
      three.send("across loops");
      one.expect("pete: across loops");
      two.expect("pete: across loops");
      three.expect("pete: across loops");
    }
  }
}
