package io.streamroom.it;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.streamroom.config.Setting;
import io.streamroom.support.ApiClient;
import io.streamroom.support.BrowserApp;
import io.streamroom.support.Pages;
import io.streamroom.support.TelnetClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Moderation on the page in real headless Chromium, next to telnet users, against the whole application. */
class ModerationBrowserIT {
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  @RegisterExtension
  static final BrowserApp browsers = new BrowserApp(Map.of(Setting.RATE_MESSAGES, "1000"));

  // ---- a user's session in a browser

  private Page registered(String name) {
    return browsers.pages().registered(name);
  }

  /** Creates a channel from the page (its creator owns it) and reads it. */
  private static void createChannel(Page page, String name) {
    page.fill("#new-channel-name", name);
    page.click("#new-channel-btn");
    assertThat(page.locator("#current-channel")).hasText("#" + name);
  }

  private static void open(Page page, String channel) {
    page.click("#channel-list li[data-channel='" + channel + "'] button");
    assertThat(page.locator("#current-channel")).hasText(channel);
  }

  private static void send(Page page, String text) {
    Pages.send(page, text);
  }

  /** The line of a message, found by its text. */
  private static Locator message(Page page, String text) {
    return page.locator("#messages .message", new Page.LocatorOptions().setHasText(text));
  }

  private static Locator notice(Page page, String text) {
    return page.locator("#messages .notice", new Page.LocatorOptions().setHasText(text));
  }

  private static Locator action(Locator message, String action) {
    return message.locator("button[data-action='" + action + "']");
  }

  private static String token(Page page) {
    return (String) page.evaluate("() => localStorage.getItem('streamroom.token')");
  }

  /** A telnet user with an account, in {@code channel}. */
  private static TelnetClient telnetAccount(String nick, String channel) {
    TelnetClient client = browsers.app().user(nick);
    client.send("/register " + nick + "-password");
    client.expect("is now your account");
    client.send("/join " + channel);
    client.expect("You joined " + channel);
    return client;
  }

  // ---- the tests

  @Test
  void aDeletionOnThePageVanishesFromASecondBrowserAndFromHistory() {
    Page ann = registered("delann");
    Page ben = registered("delben");
    try (TelnetClient cat = browsers.app().user("delcat")) {
      send(ann, "a message I regret");
      send(ann, "a message I keep");
      assertThat(message(ben, "a message I regret")).isVisible();
      assertThat(message(ben, "a message I keep")).isVisible();
      String id = message(ann, "a message I regret").getAttribute("data-id");

      Locator regret = message(ann, "a message I regret");
      regret.hover();
      action(regret, "delete").click();

      assertThat(message(ben, "a message I regret")).hasCount(0);
      assertThat(message(ann, "a message I regret")).hasCount(0);
      assertThat(message(ben, "a message I keep")).isVisible();
      cat.expect("Message " + id + " was deleted by delann");

      ApiClient api = new ApiClient(browsers.app().httpPort());
      String history = api.get("/api/channels/lobby/messages?limit=100", token(ben)).body();
      assertTrue(history.contains("a message I keep"), history);
      assertFalse(history.contains("a message I regret"), "deleted messages leave the history: " + history);

      ben.reload();
      assertThat(ben.locator("#connection")).hasAttribute("data-state", "connected");
      assertThat(message(ben, "a message I keep")).isVisible();
      assertThat(message(ben, "a message I regret")).hasCount(0);
    }
  }

  @Test
  void aPageModeratorTimesOutATelnetUser() {
    Page owner = registered("arenaboss");
    createChannel(owner, "arena");
    try (TelnetClient tim = telnetAccount("timterm", "#arena")) {
      tim.send("buy cheap stuff now");
      Locator spam = message(owner, "buy cheap stuff now");
      spam.hover();
      action(spam, "timeout").click();

      tim.expect("timterm was timed out in #arena for 600 s by arenaboss");
      assertThat(notice(owner, "timterm was timed out in #arena for 10 min by arenaboss")).isVisible();
      tim.send("more cheap stuff");
      tim.expect("! You are timed out in #arena for");
      assertThat(message(owner, "more cheap stuff")).hasCount(0);
    }
  }

  @Test
  void aTelnetModeratorTimesOutAWebUser() {
    Page owner = registered("courtowner");
    createChannel(owner, "court");
    try (TelnetClient judge = telnetAccount("judgeterm", "#court")) {
      send(owner, "/mod judgeterm"); // the page's slash command
      judge.expect("judgeterm is now a moderator of #court (by courtowner)");
      assertThat(owner.locator("#users li[data-user='judgeterm'] .badge")).hasText("moderator");

      Page web = registered("webdefendant");
      open(web, "#court");
      send(web, "objection!");
      judge.expect("webdefendant: objection!");

      judge.send("/timeout webdefendant 120 contempt of court");
      judge.expect("webdefendant cannot talk in #court for 120 s");
      assertThat(notice(web, "You were timed out in #court for 2 min by judgeterm: contempt of court")).isVisible();
      send(web, "but your honour");
      assertThat(web.locator("#send-error")).containsText("You are timed out in #court for");
      assertThat(web.locator("#message-input")).hasValue("but your honour"); // kept, to send later
      judge.expectNo("but your honour", java.time.Duration.ofMillis(500));

      // A moderator cannot time out the owner.
      judge.send("/timeout courtowner");
      judge.expect("! courtowner moderates #court at your rank or above.");
    }
  }

  @Test
  void mentionsAreHighlightedForTheMentionedUserOnlyAndOnlyHttpLinksAreClickable() {
    Page ann = registered("mentann");
    Page ben = registered("mentben");
    try (TelnetClient cat = browsers.app().user("mentcat")) {
      cat.send("hey @MentAnn, see https://example.com/a?b=1&c=2. Not javascript:alert(1) nor data:text/html,hi");
      Locator forAnn = message(ann, "hey @MentAnn");
      Locator forBen = message(ben, "hey @MentAnn");
      assertThat(forAnn).hasClass(Pattern.compile("\\bmentioned\\b"));
      assertThat(forBen).not().hasClass(Pattern.compile("\\bmentioned\\b"));
      assertThat(forAnn.locator(".mention")).hasText("@MentAnn");
      assertThat(forBen.locator(".mention")).hasText("@MentAnn");
      ann.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("mention.png")));

      Locator links = forBen.locator("a");
      assertThat(links).hasCount(1);
      assertThat(links).hasAttribute("href", "https://example.com/a?b=1&c=2");
      assertThat(links).hasAttribute("rel", "noopener noreferrer");
      assertThat(links).hasAttribute("target", "_blank");
      assertThat(links).hasText("https://example.com/a?b=1&c=2");
      assertThat(forBen.locator(".text")).hasText(
          "hey @MentAnn, see https://example.com/a?b=1&c=2. Not javascript:alert(1) nor data:text/html,hi");

      cat.send("<a href=\"javascript:alert(2)\">click</a> http://<b>x</b>");
      Locator markup = message(ben, "click</a>");
      assertThat(markup.locator(".text")).hasText("<a href=\"javascript:alert(2)\">click</a> http://<b>x</b>");
      assertEquals(0, ben.locator("#messages b, #messages a[href^='javascript'], #messages a[href^='data']").count());
    }
  }

  @Test
  void theMemberListShowsRolesInTheChannel() {
    Page owner = registered("hallowner");
    createChannel(owner, "hall");
    Page mod = registered("hallmod");
    open(mod, "#hall");
    Page plain = registered("hallplain");
    open(plain, "#hall");
    send(owner, "/mod hallmod");
    assertThat(notice(mod, "You are now a moderator of #hall (by hallowner)")).isVisible();

    for (Page page : List.of(owner, mod, plain)) {
      assertThat(page.locator("#users li[data-user='hallowner'] .badge")).hasText("owner");
      assertThat(page.locator("#users li[data-user='hallmod'] .badge")).hasText("moderator");
      assertThat(page.locator("#users li[data-user='hallplain']")).isVisible();
      assertThat(page.locator("#users li[data-user='hallplain'] .badge")).hasCount(0);
      assertThat(page.locator("#users li[data-user='hallplain'] .status")).hasText("online");
    }
    // The owner and moderators are listed first.
    assertEquals(List.of("hallowner", "hallmod", "hallplain"),
        owner.locator("#users li").evaluateAll("items => items.map(i => i.dataset.user)"));
    // Roles are per channel: #lobby has no owner.
    open(plain, "#lobby");
    assertThat(plain.locator("#users li[data-user='hallowner']")).isVisible();
    assertThat(plain.locator("#users li[data-user='hallowner'] .badge")).hasCount(0);
    owner.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("members.png")));
  }

  @Test
  void hoverActionsAreOfferedOnlyToThoseAllowed() {
    Page owner = registered("stageowner");
    createChannel(owner, "stage");
    Page mod = registered("stagemod");
    open(mod, "#stage");
    Page plain = registered("stageplain");
    open(plain, "#stage");
    send(owner, "/mod stagemod");
    assertThat(notice(plain, "stagemod is now a moderator of #stage")).isVisible();
    assertThat(notice(mod, "You are now a moderator of #stage")).isVisible();
    send(owner, "owner speaking");
    send(mod, "moderator speaking");
    send(plain, "plain speaking");
    for (Page page : List.of(owner, mod, plain)) assertThat(message(page, "plain speaking")).isVisible();

    // A plain user: delete on their own message only, nothing on others'.
    Locator own = message(plain, "plain speaking");
    assertThat(action(own, "delete")).isHidden(); // until the pointer or focus is on the message
    own.hover();
    assertThat(action(own, "delete")).isVisible();
    assertThat(action(own, "delete")).hasAttribute("aria-label", "Delete this message from stageplain");
    assertThat(own.locator("button")).hasCount(1);
    assertThat(message(plain, "owner speaking").locator("button")).hasCount(0);
    assertThat(message(plain, "moderator speaking").locator("button")).hasCount(0);

    // A moderator: delete everywhere, timeout and ban on plain users, nothing to use on the owner but delete.
    Locator plainForMod = message(mod, "plain speaking");
    assertEquals(List.of("delete", "timeout", "ban"), plainForMod.locator("button").evaluateAll("bs => bs.map(b => b.dataset.action)"));
    assertEquals(List.of("delete"), message(mod, "owner speaking").locator("button").evaluateAll("bs => bs.map(b => b.dataset.action)"));
    assertEquals(List.of("delete"), message(mod, "moderator speaking").locator("button").evaluateAll("bs => bs.map(b => b.dataset.action)"));
    // The owner: timeout and ban on the moderator too.
    assertEquals(List.of("delete", "timeout", "ban"), message(owner, "moderator speaking").locator("button").evaluateAll("bs => bs.map(b => b.dataset.action)"));

    // Keyboard: focus on the message shows its buttons, and Tab reaches them.
    plainForMod.focus();
    assertThat(action(plainForMod, "timeout")).isVisible();
    mod.keyboard().press("Tab");
    assertThat(action(plainForMod, "delete")).isFocused();
    mod.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("message-actions.png")));

    // What the page cannot tell, the server refuses, and the page says why.
    send(mod, "/timeout stageowner");
    assertThat(mod.locator("#send-error")).hasText("stageowner moderates #stage at your rank or above.");

    // Removing the moderator takes the buttons away at once.
    send(owner, "/unmod stagemod");
    assertThat(notice(mod, "You are no longer a moderator of #stage")).isVisible();
    assertThat(message(mod, "plain speaking").locator("button")).hasCount(0);
    assertThat(message(mod, "moderator speaking").locator("button[data-action='delete']")).hasCount(1);
  }

  @Test
  void aBanAsksOnceMoreThenTakesTheUserOutOfTheChannel() {
    Page owner = registered("clubowner");
    createChannel(owner, "club");
    Page rowdy = registered("clubrowdy");
    open(rowdy, "#club");
    send(rowdy, "I am trouble");
    Locator line = message(owner, "I am trouble");
    line.hover();
    Locator ban = action(line, "ban");
    ban.click();
    assertThat(ban).hasText("Ban clubrowdy?");
    assertThat(rowdy.locator("#current-channel")).hasText("#club"); // not yet
    ban.click();

    assertThat(rowdy.locator("#current-channel")).hasText("#lobby");
    assertThat(notice(rowdy, "You were banned from #club by clubowner")).isVisible();
    assertThat(rowdy.locator("#channel-list li[data-channel='#club']")).not().hasClass(Pattern.compile("\\bjoined\\b"));
    assertThat(notice(owner, "clubrowdy was banned from #club by clubowner")).isVisible();
    assertThat(owner.locator("#users li[data-user='clubrowdy']")).hasCount(0);

    rowdy.click("#channel-list li[data-channel='#club'] button");
    assertThat(rowdy.locator("#send-error")).containsText("You are banned from #club");
    assertThat(rowdy.locator("#current-channel")).hasText("#lobby");
  }

  @Test
  void aDeletedChannelSendsItsMembersBackToTheLobby() {
    Page owner = registered("shedowner");
    createChannel(owner, "shed");
    Page member = registered("shedmember");
    open(member, "#shed");
    send(member, "nice shed");
    assertThat(message(owner, "nice shed")).isVisible();

    ApiClient.Response answer = new ApiClient(browsers.app().httpPort()).delete("/api/channels/shed", token(owner));
    assertEquals(200, answer.status(), answer.body());
    for (Page page : List.of(owner, member)) {
      assertThat(page.locator("#current-channel")).hasText("#lobby");
      assertThat(notice(page, "#shed was deleted by shedowner")).hasCount(1);
      assertThat(page.locator("#channel-list li[data-channel='#shed']")).hasCount(0);
    }
  }

  @Test
  void clearAndTopicReachEveryPage() {
    Page owner = registered("roomowner");
    createChannel(owner, "room");
    Page guest = registered("roomguest");
    open(guest, "#room");
    send(guest, "first words");
    send(owner, "second words");
    assertThat(message(guest, "second words")).isVisible();

    send(owner, "/topic all about rooms");
    assertThat(guest.locator("#channel-topic")).hasText("all about rooms");
    assertThat(guest.locator("#channel-list li[data-channel='#room'] button")).hasAttribute("title", "all about rooms");

    send(owner, "/clear");
    assertThat(guest.locator("#messages .message")).hasCount(0);
    assertThat(notice(guest, "Chat cleared by roomowner")).isVisible();
    send(owner, "after the clear");
    assertThat(message(guest, "after the clear")).isVisible();

    guest.reload(); // history leaves the cleared messages out
    assertThat(guest.locator("#connection")).hasAttribute("data-state", "connected");
    open(guest, "#room");
    assertThat(message(guest, "after the clear")).isVisible();
    assertThat(message(guest, "first words")).hasCount(0);

    // Slash commands are checked on the page; a plain user is refused by the server.
    send(guest, "/slow");
    assertThat(guest.locator("#send-error")).hasText("Usage: /slow <seconds>|off");
    send(guest, "/clear");
    assertThat(guest.locator("#send-error")).containsText("Only moderators of #room");
    assertThat(message(guest, "after the clear")).isVisible();
  }

  @Test
  void joiningALiveChannelSaysSo() {
    Page streamer = registered("livestreamer");
    streamer.context().grantPermissions(List.of("camera"));
    createChannel(streamer, "onair");
    streamer.click("#go-live-btn");
    assertThat(streamer.locator("#live-badge")).isVisible();

    Page viewer = registered("liveviewer");
    open(viewer, "#onair");
    assertThat(notice(viewer, "#onair is live now (livestreamer's webcam)")).isVisible();
    streamer.click("#go-live-btn"); // stop
    assertThat(notice(viewer, "The live stream in #onair stopped")).isVisible();
  }

  /** The REST deletion reaches pages too, and history answers for the deleter's token. */
  @Test
  void aRestDeletionReachesThePage() {
    Page ann = registered("restann");
    String token = token(ann);
    send(ann, "deleted over REST");
    Locator line = message(ann, "deleted over REST");
    assertThat(line).isVisible();
    String id = line.getAttribute("data-id");
    ApiClient api = new ApiClient(browsers.app().httpPort());
    ApiClient.Response answer = api.delete("/api/channels/lobby/messages/" + id, token);
    assertEquals(200, answer.status(), answer.body());
    assertEquals("#lobby", answer.json().getString("channel"));
    assertEquals(Long.parseLong(id), answer.json().getLong("id"));
    assertThat(message(ann, "deleted over REST")).hasCount(0);
  }
}
